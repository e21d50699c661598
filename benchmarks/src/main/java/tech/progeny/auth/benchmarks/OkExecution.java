package tech.progeny.auth.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;

/**
 * The end of an interceptor chain that sends nothing and touches nothing: it answers every
 * request with one shared, empty {@code 200 OK}. Benchmarks return the request itself, so
 * the header an interceptor set cannot be optimised away.
 */
final class OkExecution implements ClientHttpRequestExecution {

	static final ClientHttpResponse OK = new OkResponse();

	@Override
	public ClientHttpResponse execute(HttpRequest request, byte[] body) {
		return OK;
	}

	/**
	 * An empty {@code 200 OK} that can be closed any number of times.
	 */
	private static final class OkResponse implements ClientHttpResponse {

		private final HttpHeaders headers = HttpHeaders.readOnlyHttpHeaders(new HttpHeaders());

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatus.OK;
		}

		@Override
		public String getStatusText() {
			return "OK";
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(new byte[0]);
		}

		@Override
		public void close() {
		}

	}

}
