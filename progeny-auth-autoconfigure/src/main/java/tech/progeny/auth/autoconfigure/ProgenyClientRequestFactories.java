package tech.progeny.auth.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.util.StringUtils;

/**
 * Builds the request factories of the starter's own clients, the token client and
 * {@code progenyRestClient}, which only ever talk to Progeny: with the application's
 * {@link ClientHttpRequestFactoryBuilder} and {@link HttpClientSettings}
 * ({@code spring.http.clients.*}), the SSL bundle {@code progeny.auth.ssl-bundle} when
 * set, and no redirects. Where the application's factory is {@code HttpURLConnection},
 * which hides the body of a 401 to a POST, they use the JDK's {@code HttpClient} with the
 * same settings instead, so that Progeny's reasons reach the caller.
 */
final class ProgenyClientRequestFactories {

	private final ClientHttpRequestFactoryBuilder<?> builder;

	private final HttpClientSettings settings;

	ProgenyClientRequestFactories(ObjectProvider<ClientHttpRequestFactoryBuilder<?>> builder,
			ObjectProvider<HttpClientSettings> settings, ObjectProvider<SslBundles> sslBundles,
			ProgenyAuthProperties properties, @Nullable ClassLoader classLoader) {
		this.builder = builder.getIfAvailable(() -> ClientHttpRequestFactoryBuilder.detect(classLoader));
		this.settings = withSslBundle(settings.getIfAvailable(HttpClientSettings::defaults), properties.getSslBundle(),
				sslBundles).withRedirects(HttpRedirects.DONT_FOLLOW);
	}

	private static HttpClientSettings withSslBundle(HttpClientSettings settings, @Nullable String bundle,
			ObjectProvider<SslBundles> sslBundles) {
		if (!StringUtils.hasText(bundle)) {
			return settings;
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new InvalidProgenyAuthPropertiesException("progeny.auth.ssl-bundle",
					"is '" + bundle + "', but the application has no SSL bundles",
					"Define the bundle under 'spring.ssl.bundle', or remove 'progeny.auth.ssl-bundle'.");
		}
		try {
			return settings.withSslBundle(bundles.getBundle(bundle));
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidProgenyAuthPropertiesException("progeny.auth.ssl-bundle",
					"is '" + bundle + "', which names no SSL bundle",
					"Define the bundle '" + bundle + "' under 'spring.ssl.bundle', or correct 'progeny.auth.ssl-bundle'.");
		}
	}

	/**
	 * Return the settings of the starter's own clients.
	 * @return the settings, following no redirects
	 */
	HttpClientSettings settings() {
		return this.settings;
	}

	/**
	 * Build a request factory with the given settings, following no redirects.
	 * @param settings the settings
	 * @return a new factory
	 */
	ClientHttpRequestFactory build(HttpClientSettings settings) {
		HttpClientSettings withoutRedirects = settings.withRedirects(HttpRedirects.DONT_FOLLOW);
		ClientHttpRequestFactory requestFactory = this.builder.build(withoutRedirects);
		if (requestFactory instanceof SimpleClientHttpRequestFactory) {
			return ClientHttpRequestFactoryBuilder.jdk().build(withoutRedirects);
		}
		return requestFactory;
	}

}
