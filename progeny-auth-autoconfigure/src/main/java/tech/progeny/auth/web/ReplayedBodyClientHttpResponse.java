package tech.progeny.auth.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A response whose body starts with bytes already read from it, so that the caller sees
 * the body whole.
 */
final class ReplayedBodyClientHttpResponse implements ClientHttpResponse {

	private final ClientHttpResponse response;

	private final byte[] head;

	private @Nullable InputStream body;

	ReplayedBodyClientHttpResponse(ClientHttpResponse response, byte[] head) {
		this.response = response;
		this.head = head;
	}

	@Override
	public HttpStatusCode getStatusCode() throws IOException {
		return this.response.getStatusCode();
	}

	@Override
	public String getStatusText() throws IOException {
		return this.response.getStatusText();
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.response.getHeaders();
	}

	@Override
	public InputStream getBody() throws IOException {
		if (this.body == null) {
			this.body = new SequenceInputStream(new ByteArrayInputStream(this.head), this.response.getBody());
		}
		return this.body;
	}

	@Override
	public void close() {
		this.response.close();
	}

}
