package tech.progeny.auth.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.function.SingletonSupplier;

import tech.progeny.auth.client.ProgenyOrigin;

/**
 * Sends requests to Progeny's origin, which carry a token, through a request factory
 * that follows no redirect, and every other request through the one the builder had.
 * Some HTTP clients (the JDK's among them) keep the {@code Authorization} header when
 * they follow a redirect to another host, which would hand the token to that host. Each
 * factory is created on first use.
 */
final class ProgenyOriginRequestFactory implements ClientHttpRequestFactory {

	private final ProgenyOrigin origin;

	private final Supplier<ClientHttpRequestFactory> progenyRequestFactory;

	private final Supplier<ClientHttpRequestFactory> otherRequestFactory;

	ProgenyOriginRequestFactory(ProgenyOrigin origin, Supplier<ClientHttpRequestFactory> progenyRequestFactory,
			Supplier<ClientHttpRequestFactory> otherRequestFactory) {
		this.origin = origin;
		this.progenyRequestFactory = SingletonSupplier.of(progenyRequestFactory);
		this.otherRequestFactory = SingletonSupplier.of(otherRequestFactory);
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		ClientHttpRequestFactory requestFactory = this.origin.matches(uri) ? this.progenyRequestFactory.get()
				: this.otherRequestFactory.get();
		return requestFactory.createRequest(uri, httpMethod);
	}

	@Override
	public String toString() {
		return "ProgenyOriginRequestFactory[" + this.origin + "]";
	}

}
