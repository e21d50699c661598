package tech.progeny.auth.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A {@code 200 OK} with fixed headers and body that can be read and closed any number
 * of times.
 */
final class OkResponse implements ClientHttpResponse {

	private final HttpHeaders headers;

	private final byte[] body;

	OkResponse(HttpHeaders headers, byte[] body) {
		this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
		this.body = body;
	}

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
		return new ByteArrayInputStream(this.body);
	}

	@Override
	public void close() {
	}

}
