package tech.progeny.auth.support;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.test.FakeProgenyServer;

/**
 * One authenticated call to the fake Progeny's demo API, {@code GET /api/v3/demo/ping/}.
 */
public final class DemoPing {

	private DemoPing() {
	}

	/**
	 * Read the demo path through the given client, whose base URL is the fake's.
	 * @param client a client such as {@code progenyRestClient}
	 * @return the status of the answer (an error status throws)
	 */
	public static HttpStatusCode ping(RestClient client) {
		return client.get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity().getStatusCode();
	}

}
