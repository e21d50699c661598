package tech.progeny.auth.autoconfigure.reactive;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;

import tech.progeny.auth.client.ProgenyOrigin;

/**
 * Sends requests to Progeny's origin, which carry a token, through a connector that
 * follows no redirect, and every other request through the connector Spring Boot built.
 * A followed redirect never passes through the filter again, and some clients keep the
 * {@code Authorization} header when they follow a redirect to another host, which would
 * hand the token to that host. Both connectors are built with the same settings.
 */
final class ProgenyOriginClientHttpConnector implements ClientHttpConnector, Closeable {

	private final ProgenyOrigin origin;

	private final ClientHttpConnector progenyConnector;

	private final ClientHttpConnector otherConnector;

	ProgenyOriginClientHttpConnector(ProgenyOrigin origin, ClientHttpConnector progenyConnector,
			ClientHttpConnector otherConnector) {
		this.origin = origin;
		this.progenyConnector = progenyConnector;
		this.otherConnector = otherConnector;
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		ClientHttpConnector connector = this.origin.matches(uri) ? this.progenyConnector : this.otherConnector;
		return connector.connect(method, uri, requestCallback);
	}

	ClientHttpConnector progenyConnector() {
		return this.progenyConnector;
	}

	ClientHttpConnector otherConnector() {
		return this.otherConnector;
	}

	/**
	 * Close both connectors where they hold resources of their own (Apache HttpClient 5).
	 */
	@Override
	public void close() throws IOException {
		try {
			close(this.progenyConnector);
		}
		finally {
			close(this.otherConnector);
		}
	}

	private static void close(ClientHttpConnector connector) throws IOException {
		if (connector instanceof Closeable closeable) {
			closeable.close();
		}
	}

	@Override
	public String toString() {
		return "ProgenyOriginClientHttpConnector[" + this.origin + ", " + this.otherConnector + "]";
	}

}
