package tech.progeny.auth.benchmarks;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;

/**
 * The end of an interceptor chain that sends nothing and touches nothing: it answers every
 * request with one shared, empty {@code 200 OK}. Benchmarks return the request itself, so
 * the header an interceptor set cannot be optimised away.
 */
final class OkExecution implements ClientHttpRequestExecution {

	static final ClientHttpResponse OK = new OkResponse(new HttpHeaders(), new byte[0]);

	@Override
	public ClientHttpResponse execute(HttpRequest request, byte[] body) {
		return OK;
	}

}
