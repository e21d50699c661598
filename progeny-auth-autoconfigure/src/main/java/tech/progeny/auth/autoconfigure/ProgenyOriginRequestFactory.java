package tech.progeny.auth.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.function.SingletonSupplier;

import tech.progeny.auth.client.ProgenyOrigin;

/**
 * Sends requests to Progeny's origin, which may carry a token, through a request factory
 * that follows no redirect, and every other request through the factory built with the
 * host's own settings. A followed redirect never passes through an interceptor again, and
 * some HTTP clients (the JDK's among them) keep the {@code Authorization} header when they
 * follow a redirect to another host. The origin is looked up, and the factory without
 * redirects built, on the first request to Progeny.
 */
final class ProgenyOriginRequestFactory implements ClientHttpRequestFactory, DisposableBean {

	private final Supplier<ProgenyOrigin> origin;

	private final SingletonSupplier<ClientHttpRequestFactory> progenyRequestFactory;

	private final ClientHttpRequestFactory requestFactory;

	private volatile @Nullable ClientHttpRequestFactory builtProgenyRequestFactory;

	/**
	 * Create a new instance.
	 * @param origin Progeny's origin
	 * @param progenyRequestFactory the factory, following no redirect, for requests to
	 * Progeny's origin
	 * @param requestFactory the factory for every other request
	 */
	ProgenyOriginRequestFactory(Supplier<ProgenyOrigin> origin,
			Supplier<ClientHttpRequestFactory> progenyRequestFactory, ClientHttpRequestFactory requestFactory) {
		this.origin = SingletonSupplier.of(origin);
		this.progenyRequestFactory = SingletonSupplier.of(() -> {
			ClientHttpRequestFactory built = progenyRequestFactory.get();
			this.builtProgenyRequestFactory = built;
			return built;
		});
		this.requestFactory = requestFactory;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		ClientHttpRequestFactory target = this.origin.get().matches(uri) ? this.progenyRequestFactory.obtain()
				: this.requestFactory;
		return target.createRequest(uri, httpMethod);
	}

	/**
	 * Return the factory for requests to other origins, the one built with the host's
	 * settings.
	 * @return the factory
	 */
	ClientHttpRequestFactory getRequestFactory() {
		return this.requestFactory;
	}

	@Override
	public void destroy() throws Exception {
		destroy(this.requestFactory);
		destroy(this.builtProgenyRequestFactory);
	}

	private static void destroy(@Nullable ClientHttpRequestFactory requestFactory) throws Exception {
		if (requestFactory instanceof DisposableBean disposable) {
			disposable.destroy();
		}
	}

	@Override
	public String toString() {
		return "ProgenyOriginRequestFactory[" + this.requestFactory + "]";
	}

}
