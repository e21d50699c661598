package tech.progeny.auth.sample;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

/**
 * Reads Progeny's demo path twice over: through the {@code progenyRestClient} that
 * progeny-auth configures, and through the {@link ProgenyDemoApi} HTTP service. Neither
 * call handles tokens: the starter adds a fresh {@code Authorization} header to both.
 */
@Service
public final class ProgenyDemoService {

	private final RestClient progenyRestClient;

	private final ProgenyDemoApi demoApi;

	private final SampleProperties properties;

	ProgenyDemoService(@Qualifier("progenyRestClient") RestClient progenyRestClient, ProgenyDemoApi demoApi,
			SampleProperties properties) {
		this.progenyRestClient = progenyRestClient;
		this.demoApi = demoApi;
		this.properties = properties;
	}

	/**
	 * Reads the demo path with {@code progenyRestClient}.
	 * @return the response status
	 * @throws org.springframework.web.client.RestClientException on an error status or
	 * an I/O failure
	 * @throws tech.progeny.auth.client.ProgenyAuthException if no token can be had
	 */
	public HttpStatusCode readWithRestClient() {
		return this.progenyRestClient.get()
			.uri(this.properties.getDemoPath())
			.retrieve()
			.toBodilessEntity()
			.getStatusCode();
	}

	/**
	 * Reads the demo path with the {@link ProgenyDemoApi} HTTP service.
	 * @return the response status
	 * @throws org.springframework.web.client.RestClientException on an error status or
	 * an I/O failure
	 * @throws tech.progeny.auth.client.ProgenyAuthException if no token can be had
	 */
	public HttpStatusCode readWithHttpService() {
		return this.demoApi.read().getStatusCode();
	}

	/**
	 * The path that the demo reads.
	 * @return the path
	 */
	public String demoPath() {
		return this.properties.getDemoPath();
	}

}
