package tech.progeny.auth.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

import tech.progeny.auth.client.ProgenyCredentialsSupplier;
import tech.progeny.auth.client.ProgenyOrigin;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;
import tech.progeny.auth.token.ProgenyTokenStore;
import tech.progeny.auth.web.ProgenyAuthInterceptor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for Progeny authentication: a {@link ProgenyTokenProvider}, the
 * {@link ProgenyAuthInterceptor} that sends its tokens, and a {@link RestClient} named
 * {@code progenyRestClient} on Progeny's base URL.
 * <p>
 * The {@link RestClient.Builder RestClient} and
 * {@link org.springframework.boot.restclient.RestTemplateBuilder RestTemplate} builders
 * that Spring Boot hands out get the interceptor too, unless
 * {@code progeny.auth.customize-clients} is {@code false}; it only ever authenticates
 * requests to Progeny's origin and leaves an {@code Authorization} header set by the
 * caller alone. HTTP service clients of the group {@code progeny.auth.http-service-group}
 * are pointed at the base URL and authenticated.
 * <p>
 * Start-up makes no request: the first token is obtained when the first request needs
 * it.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration",
		"org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
		"org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
		"org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass({ RestClient.class, ClientHttpRequestFactoryBuilder.class })
@ConditionalOnProperty(prefix = "progeny.auth", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ProgenyAuthProperties.class)
public final class ProgenyAuthAutoConfiguration {

	static final String PROGENY_REST_CLIENT_BEAN_NAME = "progenyRestClient";

	@Bean
	@ConditionalOnMissingBean(ProgenyTokenStore.class)
	InMemoryProgenyTokenStore progenyTokenStore() {
		return new InMemoryProgenyTokenStore();
	}

	@Bean
	@ConditionalOnMissingBean(ProgenyCredentialsSupplier.class)
	PropertiesProgenyCredentialsSupplier progenyCredentialsSupplier(ProgenyAuthProperties properties) {
		return new PropertiesProgenyCredentialsSupplier(properties);
	}

	@Bean
	@ConditionalOnMissingBean(ProgenyTokenClient.class)
	ProgenyTokenClient progenyTokenClient(ProgenyAuthProperties properties, ResourceLoader resourceLoader,
			ObjectProvider<RestClient.Builder> restClientBuilder,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		URI baseUrl = baseUrl(properties);
		validateTimings(properties);
		HttpClientSettings settings = httpClientSettings.getIfAvailable(HttpClientSettings::defaults)
			.withTimeouts(properties.getConnectTimeout(), properties.getReadTimeout());
		ClientHttpRequestFactory requestFactory = requestFactoryWithoutRedirects(requestFactoryBuilder, settings,
				resourceLoader);
		RestClient restClient = restClientBuilder.getIfUnique(RestClient::builder)
			.requestInterceptors(ProgenyAuthAutoConfiguration::removeProgenyInterceptors)
			.requestFactory(requestFactory)
			.build();
		ProgenyTokenClient tokenClient = new ProgenyTokenClient(restClient, baseUrl,
				properties.isAllowInsecureHttp());
		observationRegistry.ifAvailable(tokenClient::setObservationRegistry);
		return tokenClient;
	}

	@Bean
	@ConditionalOnMissingBean(ProgenyTokenProvider.class)
	ProgenyTokenProvider progenyTokenProvider(ProgenyTokenClient tokenClient,
			ProgenyCredentialsSupplier credentialsSupplier, ProgenyTokenStore tokenStore,
			ProgenyAuthProperties properties) {
		validateTimings(properties);
		ProgenyTokenSettings settings = ProgenyTokenSettings.defaults()
			.withRefreshAhead(properties.getRefreshAhead())
			.withMustRefreshMargin(properties.getMustRefreshMargin())
			.withFallbackLifetime(properties.getFallbackLifetime())
			.withTimeouts(properties.getConnectTimeout(), properties.getReadTimeout());
		return new ProgenyTokenProvider(tokenClient, credentialsSupplier, tokenStore, settings);
	}

	@Bean
	@ConditionalOnMissingBean(ProgenyAuthInterceptor.class)
	ProgenyAuthInterceptor progenyAuthInterceptor(ProgenyTokenProvider tokenProvider,
			ProgenyAuthProperties properties) {
		return new ProgenyAuthInterceptor(tokenProvider, baseUrl(properties));
	}

	@Bean
	@ConditionalOnMissingBean(name = PROGENY_REST_CLIENT_BEAN_NAME)
	RestClient progenyRestClient(ProgenyAuthProperties properties, ResourceLoader resourceLoader,
			ObjectProvider<RestClient.Builder> restClientBuilder,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<ProgenyAuthInterceptor> interceptor) {
		ClientHttpRequestFactory requestFactory = requestFactoryWithoutRedirects(requestFactoryBuilder,
				httpClientSettings.getIfAvailable(HttpClientSettings::defaults), resourceLoader);
		DeferredProgenyAuthInterceptor authInterceptor = new DeferredProgenyAuthInterceptor(interceptor);
		return restClientBuilder.getIfUnique(RestClient::builder)
			.baseUrl(baseUrl(properties))
			.requestFactory(requestFactory)
			.requestInterceptors((interceptors) -> {
				removeProgenyInterceptors(interceptors);
				interceptors.add(authInterceptor);
			})
			.build();
	}

	/**
	 * Build a request factory from Boot's builder and settings (so SSL bundles apply) that
	 * follows no redirect: a followed redirect would skip the interceptor's origin check.
	 */
	private static ClientHttpRequestFactory requestFactoryWithoutRedirects(
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder, HttpClientSettings settings,
			ResourceLoader resourceLoader) {
		return requestFactory(requestFactoryBuilder, settings.withRedirects(HttpRedirects.DONT_FOLLOW), resourceLoader);
	}

	/**
	 * Build a request factory as Spring Boot builds the one of its {@code RestClient}
	 * builder, with the given settings.
	 */
	private static ClientHttpRequestFactory requestFactory(
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder, HttpClientSettings settings,
			ResourceLoader resourceLoader) {
		return requestFactoryBuilder
			.getIfAvailable(() -> ClientHttpRequestFactoryBuilder.detect(resourceLoader.getClassLoader()))
			.build(settings);
	}

	static URI baseUrl(ProgenyAuthProperties properties) {
		String property = "progeny.auth.base-url";
		String value = properties.getBaseUrl();
		if (!StringUtils.hasText(value)) {
			throw new InvalidProgenyAuthPropertiesException(property, "is not set",
					"Set '" + property + "' to the base URL of the Progeny API, such as 'https://be.progeny.tech'.");
		}
		ProgenyOrigin origin;
		URI baseUrl;
		try {
			baseUrl = URI.create(value.trim());
			origin = ProgenyOrigin.of(baseUrl);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidProgenyAuthPropertiesException(property,
					"is '" + value + "', which is not an absolute http or https URL with a host",
					"Set '" + property + "' to the base URL of the Progeny API, such as 'https://be.progeny.tech'.");
		}
		if (baseUrl.getRawUserInfo() != null) {
			throw new InvalidProgenyAuthPropertiesException(property,
					"carries user information, which would travel and be logged with the URL",
					"Remove the user information from '" + property
							+ "' and set 'progeny.auth.username' and 'progeny.auth.password' instead.");
		}
		if (!origin.isSecure() && !origin.isLoopback() && !properties.isAllowInsecureHttp()) {
			throw new InvalidProgenyAuthPropertiesException(property,
					"is '" + value + "', which would send credentials and tokens over plain http to a host that is "
							+ "not loopback",
					"Use an https URL in '" + property + "', or, if the network is trusted, "
							+ "set 'progeny.auth.allow-insecure-http=true'.");
		}
		return baseUrl;
	}

	/**
	 * Check the timeouts and lifecycle timings: each must be set and positive (the
	 * must-refresh margin may be zero), and the refresh-ahead window must be longer than
	 * the must-refresh margin, or a token would turn unusable before it is refreshed in
	 * the background.
	 * @param properties the properties
	 * @throws InvalidProgenyAuthPropertiesException naming the first property that is
	 * not usable
	 */
	static void validateTimings(ProgenyAuthProperties properties) {
		positive("progeny.auth.connect-timeout", properties.getConnectTimeout(), "5s");
		positive("progeny.auth.read-timeout", properties.getReadTimeout(), "10s");
		positive("progeny.auth.refresh-ahead", properties.getRefreshAhead(), "60s");
		Duration margin = properties.getMustRefreshMargin();
		if (margin == null || margin.isNegative()) {
			throw new InvalidProgenyAuthPropertiesException("progeny.auth.must-refresh-margin",
					(margin == null) ? "is not set" : "is " + margin + ", which is negative",
					"Set 'progeny.auth.must-refresh-margin' to zero or a positive duration, such as '15s'.");
		}
		positive("progeny.auth.fallback-lifetime", properties.getFallbackLifetime(), "5m");
		if (properties.getRefreshAhead().compareTo(margin) <= 0) {
			throw new InvalidProgenyAuthPropertiesException("progeny.auth.refresh-ahead",
					"is " + properties.getRefreshAhead() + ", which is not longer than 'progeny.auth.must-refresh-margin' ("
							+ margin + "): tokens would turn unusable before they are refreshed in the background",
					"Set 'progeny.auth.refresh-ahead' longer than 'progeny.auth.must-refresh-margin' "
							+ "(the defaults are 60s and 15s).");
		}
	}

	private static void positive(String property, @Nullable Duration value, String example) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidProgenyAuthPropertiesException(property,
					(value == null) ? "is not set" : "is " + value + ", which is not positive",
					"Set '" + property + "' to a positive duration, such as '" + example + "'.");
		}
	}

	/**
	 * Return a request factory that sends requests to Progeny's origin, which carry a
	 * token, through a factory built like Spring Boot's but following no redirect (some
	 * clients keep the {@code Authorization} header on a redirect to another host), and
	 * every other request through the given one.
	 */
	static ProgenyOriginRequestFactory progenyOriginRequestFactory(ProgenyAuthProperties properties,
			ResourceLoader resourceLoader, ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings, Supplier<ClientHttpRequestFactory> other) {
		HttpClientSettings settings = httpClientSettings.getIfAvailable(HttpClientSettings::defaults);
		return new ProgenyOriginRequestFactory(ProgenyOrigin.of(baseUrl(properties)),
				() -> requestFactoryWithoutRedirects(requestFactoryBuilder, settings, resourceLoader), other);
	}

	static void removeProgenyInterceptors(List<ClientHttpRequestInterceptor> interceptors) {
		interceptors.removeIf(DeferredProgenyAuthInterceptor::isProgenyInterceptor);
	}

	static void addProgenyInterceptor(List<ClientHttpRequestInterceptor> interceptors,
			ObjectProvider<ProgenyAuthInterceptor> interceptor) {
		if (interceptors.stream().noneMatch(DeferredProgenyAuthInterceptor::isProgenyInterceptor)) {
			interceptors.add(new DeferredProgenyAuthInterceptor(interceptor));
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	@ConditionalOnProperty(prefix = "progeny.auth", name = "customize-clients", matchIfMissing = true)
	static class RestClientCustomizerConfiguration {

		/**
		 * Adds the interceptor, and sends requests to Progeny's origin through a request
		 * factory that follows no redirect (the rest through one built as Spring Boot built
		 * the builder's). Ordered first, so that a customizer of the application that sets
		 * a request factory of its own still wins.
		 */
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		@ConditionalOnMissingBean(name = "progenyRestClientCustomizer")
		RestClientCustomizer progenyRestClientCustomizer(ObjectProvider<ProgenyAuthInterceptor> interceptor,
				ProgenyAuthProperties properties, ResourceLoader resourceLoader,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
				ObjectProvider<HttpClientSettings> httpClientSettings) {
			return (builder) -> {
				HttpClientSettings settings = httpClientSettings.getIfAvailable(HttpClientSettings::defaults);
				builder
					.requestFactory(progenyOriginRequestFactory(properties, resourceLoader, requestFactoryBuilder,
							httpClientSettings, () -> requestFactory(requestFactoryBuilder, settings, resourceLoader)))
					.requestInterceptors((interceptors) -> addProgenyInterceptor(interceptors, interceptor));
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestTemplate.class, RestTemplateCustomizer.class })
	@ConditionalOnProperty(prefix = "progeny.auth", name = "customize-clients", matchIfMissing = true)
	static class RestTemplateCustomizerConfiguration {

		/**
		 * Adds the interceptor, and sends requests to Progeny's origin through a request
		 * factory that follows no redirect; the rest go through the template's own.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "progenyRestTemplateCustomizer")
		RestTemplateCustomizer progenyRestTemplateCustomizer(ObjectProvider<ProgenyAuthInterceptor> interceptor,
				ProgenyAuthProperties properties, ResourceLoader resourceLoader,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
				ObjectProvider<HttpClientSettings> httpClientSettings) {
			return (restTemplate) -> {
				// the template's own factory shows only while it has no interceptor
				List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(restTemplate.getInterceptors());
				restTemplate.getInterceptors().clear();
				ClientHttpRequestFactory requestFactory = restTemplate.getRequestFactory();
				if (!(requestFactory instanceof ProgenyOriginRequestFactory)) {
					restTemplate.setRequestFactory(progenyOriginRequestFactory(properties, resourceLoader,
							requestFactoryBuilder, httpClientSettings, () -> requestFactory));
				}
				restTemplate.getInterceptors().addAll(interceptors);
				addProgenyInterceptor(restTemplate.getInterceptors(), interceptor);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientHttpServiceGroupConfigurer.class)
	static class HttpServiceGroupConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "progenyHttpServiceGroupConfigurer")
		RestClientHttpServiceGroupConfigurer progenyHttpServiceGroupConfigurer(ProgenyAuthProperties properties,
				ObjectProvider<ProgenyAuthInterceptor> interceptor) {
			if (!StringUtils.hasText(properties.getHttpServiceGroup())) {
				throw new InvalidProgenyAuthPropertiesException("progeny.auth.http-service-group", "is blank",
						"Set 'progeny.auth.http-service-group' to the name of the HTTP service group to "
								+ "authenticate, such as 'progeny'.");
			}
			return (groups) -> groups.filterByName(properties.getHttpServiceGroup())
				.forEachClient((group, builder) -> builder.baseUrl(baseUrl(properties))
					.requestInterceptors((interceptors) -> addProgenyInterceptor(interceptors, interceptor)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HealthConfiguration {

		// Nested again: the condition below cannot even be read without spring-boot-health
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnEnabledHealthIndicator("progeny")
		static class EnabledHealthConfiguration {

			@Bean
			@ConditionalOnMissingBean(name = "progenyHealthIndicator")
			ProgenyAuthHealthIndicator progenyHealthIndicator(ProgenyTokenProvider tokenProvider) {
				return new ProgenyAuthHealthIndicator(tokenProvider);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "progenyTokenMeterBinder")
		ProgenyTokenMeterBinder progenyTokenMeterBinder(ProgenyTokenProvider tokenProvider) {
			return new ProgenyTokenMeterBinder(tokenProvider);
		}

	}

}
