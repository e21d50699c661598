package tech.progeny.auth.autoconfigure;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

import tech.progeny.auth.client.ProgenyCredentialsSupplier;
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
 * that Spring Boot hands out get the interceptor as their last one, unless
 * {@code progeny.auth.customize-clients} is {@code false}; it only ever authenticates
 * requests to Progeny's origin and leaves an {@code Authorization} header set by the
 * caller alone. HTTP service clients of the group {@code progeny.auth.http-service-group}
 * are pointed at the base URL and authenticated. Every request factory that the
 * application's {@link ClientHttpRequestFactoryBuilder} makes follows no redirect of a
 * request to Progeny's origin; nothing else of the application's HTTP clients changes.
 * <p>
 * Progeny's base URL and origin come from the token provider's {@link ProgenyTokenClient},
 * so that whatever defines the token client defines where its tokens may go.
 * <p>
 * Start-up makes no request: the first token is obtained when the first request needs
 * it.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration",
		"org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
		"org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
		"org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnClass({ RestClient.class, ClientHttpRequestFactoryBuilder.class })
@ConditionalOnProperty(prefix = "progeny.auth", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ProgenyAuthProperties.class)
public final class ProgenyAuthAutoConfiguration {

	static final String PROGENY_REST_CLIENT_BEAN_NAME = "progenyRestClient";

	@Bean
	static ProgenyOriginRequestFactoryBuilderPostProcessor progenyOriginRequestFactoryBuilderPostProcessor(
			ObjectProvider<ProgenyTokenProvider> tokenProvider) {
		return new ProgenyOriginRequestFactoryBuilderPostProcessor(() -> tokenProvider.getObject().client().origin());
	}

	/**
	 * Where Spring Boot defines no {@link ClientHttpRequestFactoryBuilder} (a reactive web
	 * application), one detected from the class path as Spring Boot's clients would, so
	 * that they too follow no redirect of a request to Progeny.
	 */
	@Bean
	@ConditionalOnMissingBean(ClientHttpRequestFactoryBuilder.class)
	ClientHttpRequestFactoryBuilder<?> progenyClientHttpRequestFactoryBuilder(ResourceLoader resourceLoader) {
		return ClientHttpRequestFactoryBuilder.detect(resourceLoader.getClassLoader());
	}

	@Bean
	@ConditionalOnMissingBean(ProgenyConnectionDetails.class)
	PropertiesProgenyConnectionDetails progenyConnectionDetails(ProgenyAuthProperties properties) {
		return new PropertiesProgenyConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean(ProgenyTokenSettings.class)
	ProgenyTokenSettings progenyTokenSettings(ProgenyAuthProperties properties) {
		return PropertiesProgenyTokenSettings.of(properties);
	}

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

	/**
	 * The token client, on a {@link RestClient} of its own: token requests carry the
	 * password and both tokens, so no customizer, interceptor or builder state of the
	 * application sees them. Only {@link ProgenyTokenClientCustomizer} beans may change
	 * them.
	 */
	@Bean
	@ConditionalOnMissingBean(ProgenyTokenClient.class)
	ProgenyTokenClient progenyTokenClient(ProgenyConnectionDetails connectionDetails, ProgenyTokenSettings settings,
			ProgenyAuthProperties properties, ResourceLoader resourceLoader,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ProgenyTokenClientCustomizer> customizers) {
		ProgenyClientRequestFactories requestFactories = new ProgenyClientRequestFactories(requestFactoryBuilder,
				httpClientSettings, sslBundles, properties, resourceLoader.getClassLoader());
		RestClient.Builder builder = RestClient.builder()
			.requestFactory(requestFactories
				.build(requestFactories.settings().withTimeouts(settings.connectTimeout(), settings.readTimeout())));
		observationRegistry.ifAvailable(builder::observationRegistry);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		ProgenyTokenClient tokenClient = new ProgenyTokenClient(builder.build(), connectionDetails.getBaseUrl(),
				properties.isAllowInsecureHttp());
		observationRegistry.ifAvailable(tokenClient::setObservationRegistry);
		return tokenClient;
	}

	@Bean
	@ConditionalOnMissingBean(ProgenyTokenProvider.class)
	ProgenyTokenProvider progenyTokenProvider(ProgenyTokenClient tokenClient,
			ProgenyCredentialsSupplier credentialsSupplier, ProgenyTokenStore tokenStore,
			ProgenyTokenSettings settings) {
		return new ProgenyTokenProvider(tokenClient, credentialsSupplier, tokenStore, settings);
	}

	@Bean
	@ConditionalOnMissingBean(ProgenyAuthInterceptor.class)
	ProgenyAuthInterceptor progenyAuthInterceptor(ProgenyTokenProvider tokenProvider) {
		return new ProgenyAuthInterceptor(tokenProvider, tokenProvider.client().baseUrl());
	}

	/**
	 * A client for Progeny's API on its base URL, from Spring Boot's builder when there is
	 * one (the application's customizers and observations apply), with a request factory
	 * of its own that follows no redirect, and the interceptor last.
	 */
	@Bean
	@ConditionalOnMissingBean(name = PROGENY_REST_CLIENT_BEAN_NAME)
	RestClient progenyRestClient(ProgenyTokenProvider tokenProvider, ProgenyAuthProperties properties,
			ResourceLoader resourceLoader, ObjectProvider<RestClient.Builder> restClientBuilder,
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<ProgenyAuthInterceptor> interceptor) {
		ProgenyClientRequestFactories requestFactories = new ProgenyClientRequestFactories(requestFactoryBuilder,
				httpClientSettings, sslBundles, properties, resourceLoader.getClassLoader());
		return restClientBuilder.getIfUnique(RestClient::builder)
			.baseUrl(tokenProvider.client().baseUrl())
			.requestFactory(requestFactories.build(requestFactories.settings()))
			.requestInterceptors((interceptors) -> {
				interceptors.removeIf(DeferredProgenyAuthInterceptor::isProgenyInterceptor);
				DeferredProgenyAuthInterceptor.addIfAbsent(interceptors, interceptor);
			})
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	@ConditionalOnProperty(prefix = "progeny.auth", name = "customize-clients", matchIfMissing = true)
	static class RestClientCustomizerConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "progenyRestClientCustomizer")
		ProgenyRestClientCustomizer progenyRestClientCustomizer(ObjectProvider<ProgenyAuthInterceptor> interceptor) {
			return new ProgenyRestClientCustomizer(interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestTemplate.class, RestTemplateCustomizer.class })
	static class RestTemplateConfiguration {

		@Bean
		static ProgenyRestTemplatePostProcessor progenyRestTemplatePostProcessor() {
			return new ProgenyRestTemplatePostProcessor();
		}

		@Bean
		@ConditionalOnMissingBean(name = "progenyRestTemplateCustomizer")
		@ConditionalOnProperty(prefix = "progeny.auth", name = "customize-clients", matchIfMissing = true)
		ProgenyRestTemplateCustomizer progenyRestTemplateCustomizer(
				ObjectProvider<ProgenyAuthInterceptor> interceptor) {
			return new ProgenyRestTemplateCustomizer(interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientHttpServiceGroupConfigurer.class)
	static class HttpServiceGroupConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "progenyHttpServiceGroupConfigurer")
		ProgenyHttpServiceGroupConfigurer progenyHttpServiceGroupConfigurer(ProgenyAuthProperties properties,
				ObjectProvider<ProgenyTokenProvider> tokenProvider,
				ObjectProvider<ProgenyAuthInterceptor> interceptor) {
			if (!StringUtils.hasText(properties.getHttpServiceGroup())) {
				throw new InvalidProgenyAuthPropertiesException("progeny.auth.http-service-group", "is blank",
						"Set 'progeny.auth.http-service-group' to the name of the HTTP service group to "
								+ "authenticate, such as 'progeny'.");
			}
			return new ProgenyHttpServiceGroupConfigurer(properties.getHttpServiceGroup(), tokenProvider, interceptor);
		}

	}

}
