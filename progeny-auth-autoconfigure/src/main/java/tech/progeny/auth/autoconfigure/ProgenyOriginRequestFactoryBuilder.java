package tech.progeny.auth.autoconfigure;

import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.Assert;

import tech.progeny.auth.client.ProgenyOrigin;

/**
 * A {@link ClientHttpRequestFactoryBuilder} whose every factory follows no redirect of a
 * request to Progeny's origin: it builds the factory of the builder it wraps with the
 * settings it is given, and, for requests to Progeny's origin, a twin with the same
 * settings but {@link HttpRedirects#DONT_FOLLOW}. Settings that already follow no
 * redirect get the wrapped builder's factory as it is.
 * <p>
 * It stands in for the application's {@code ClientHttpRequestFactoryBuilder} bean, so
 * that what Spring Boot builds from it ({@code RestClient.Builder}, {@code RestClientSsl},
 * {@code RestTemplateBuilder}, HTTP service groups) is covered whatever the factory,
 * redirect setting, SSL bundle or later replacement by another factory of the same bean.
 */
final class ProgenyOriginRequestFactoryBuilder implements ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory> {

	private final Supplier<ProgenyOrigin> origin;

	private final ClientHttpRequestFactoryBuilder<?> builder;

	ProgenyOriginRequestFactoryBuilder(Supplier<ProgenyOrigin> origin, ClientHttpRequestFactoryBuilder<?> builder) {
		Assert.notNull(origin, "origin cannot be null");
		Assert.notNull(builder, "builder cannot be null");
		this.origin = origin;
		this.builder = builder;
	}

	@Override
	public ClientHttpRequestFactory build(@Nullable HttpClientSettings settings) {
		ClientHttpRequestFactory requestFactory = this.builder.build(settings);
		if (settings != null && settings.redirects() == HttpRedirects.DONT_FOLLOW) {
			return requestFactory;
		}
		HttpClientSettings withoutRedirects = ((settings != null) ? settings : HttpClientSettings.defaults())
			.withRedirects(HttpRedirects.DONT_FOLLOW);
		return new ProgenyOriginRequestFactory(this.origin, () -> buildWithoutRedirects(withoutRedirects),
				requestFactory);
	}

	private ClientHttpRequestFactory buildWithoutRedirects(HttpClientSettings settings) {
		try {
			return this.builder.build(settings);
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException("The application's ClientHttpRequestFactoryBuilder (" + this.builder
					+ ") cannot build a request factory that follows no redirects, which requests to Progeny's "
					+ "origin need: define it with one of ClientHttpRequestFactoryBuilder.httpComponents(), jetty(), "
					+ "reactor(), jdk() or simple(), or set 'spring.http.clients.imperative.factory'", ex);
		}
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory> withCustomizers(
			Collection<Consumer<ClientHttpRequestFactory>> customizers) {
		// the customizers reach the factories of the wrapped builder, both of them
		ClientHttpRequestFactoryBuilder customized = ((ClientHttpRequestFactoryBuilder) this.builder)
			.withCustomizers(customizers);
		return new ProgenyOriginRequestFactoryBuilder(this.origin, customized);
	}

	/**
	 * Return the builder that this one wraps.
	 * @return the wrapped builder
	 */
	ClientHttpRequestFactoryBuilder<?> getBuilder() {
		return this.builder;
	}

	@Override
	public String toString() {
		return "ProgenyOriginRequestFactoryBuilder[" + this.builder + "]";
	}

}
