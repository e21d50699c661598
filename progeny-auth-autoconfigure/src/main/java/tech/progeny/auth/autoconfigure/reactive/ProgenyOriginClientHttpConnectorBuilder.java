package tech.progeny.auth.autoconfigure.reactive;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.http.client.reactive.ClientHttpConnector;

import tech.progeny.auth.client.ProgenyOrigin;

/**
 * Wraps the {@link ClientHttpConnectorBuilder} bean, from which Spring Boot builds every
 * reactive connector ({@code WebClient.Builder}'s, the {@code ClientHttpConnector} bean,
 * {@code WebClientSsl}'s and each HTTP service group's), so that each connector it builds
 * sends requests to Progeny's origin through a connector that follows no redirect, built
 * from the same builder with the same settings otherwise. Settings that follow no
 * redirect anyway give one connector, as the wrapped builder builds it.
 */
final class ProgenyOriginClientHttpConnectorBuilder implements ClientHttpConnectorBuilder<ClientHttpConnector> {

	private final ProgenyOrigin origin;

	private final ClientHttpConnectorBuilder<?> builder;

	ProgenyOriginClientHttpConnectorBuilder(ProgenyOrigin origin, ClientHttpConnectorBuilder<?> builder) {
		this.origin = origin;
		this.builder = builder;
	}

	@Override
	public ClientHttpConnector build(@Nullable HttpClientSettings settings) {
		HttpClientSettings resolved = (settings != null) ? settings : HttpClientSettings.defaults();
		if (resolved.redirects() == HttpRedirects.DONT_FOLLOW) {
			return this.builder.build(resolved);
		}
		return new ProgenyOriginClientHttpConnector(this.origin,
				this.builder.build(resolved.withRedirects(HttpRedirects.DONT_FOLLOW)), this.builder.build(resolved));
	}

	/**
	 * Return the builder this one wraps.
	 * @return the wrapped builder
	 */
	ClientHttpConnectorBuilder<?> builder() {
		return this.builder;
	}

	@Override
	public String toString() {
		return "ProgenyOriginClientHttpConnectorBuilder[" + this.origin + ", " + this.builder + "]";
	}

}
