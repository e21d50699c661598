package tech.progeny.auth.benchmarks;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;

/**
 * The cheapest {@link HttpRequest} that an interceptor can work on: a {@code GET} of a
 * fixed URI with fresh, empty headers, so that every benchmark variant pays the same setup
 * and every interceptor sees a request without an {@code Authorization} header.
 */
final class BenchmarkRequest implements HttpRequest {

	private final URI uri;

	private final HttpHeaders headers = new HttpHeaders();

	BenchmarkRequest(URI uri) {
		this.uri = uri;
	}

	@Override
	public HttpMethod getMethod() {
		return HttpMethod.GET;
	}

	@Override
	public URI getURI() {
		return this.uri;
	}

	@Override
	public Map<String, Object> getAttributes() {
		return Map.of();
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.headers;
	}

}
