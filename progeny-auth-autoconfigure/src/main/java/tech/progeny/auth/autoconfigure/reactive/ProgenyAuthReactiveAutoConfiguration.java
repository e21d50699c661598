package tech.progeny.auth.autoconfigure.reactive;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.autoconfigure.ProgenyAuthProperties;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.web.reactive.ProgenyAuthExchangeFilterFunction;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for Progeny authentication of {@link WebClient}: the
 * {@link ProgenyAuthExchangeFilterFunction} on the token source that
 * {@link ProgenyAuthAutoConfiguration} defines, and a {@link WebClient} named
 * {@code progenyWebClient} on Progeny's base URL.
 * <p>
 * The {@link WebClient.Builder} that Spring Boot hands out gets the filter too, unless
 * {@code progeny.auth.customize-clients} is {@code false}; it only ever authenticates
 * requests to Progeny's origin and leaves an {@code Authorization} header set by the
 * caller alone. HTTP service clients of the group {@code progeny.auth.http-service-group}
 * built on {@code WebClient} are pointed at the base URL and authenticated. Every reactive
 * connector that Spring Boot builds sends requests to Progeny's origin through a
 * connector that follows no redirect.
 * <p>
 * Start-up makes no request: the first token is obtained when the first request needs
 * it.
 */
@AutoConfiguration(after = ProgenyAuthAutoConfiguration.class,
		afterName = { "org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration",
				"org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration",
				"org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
				"org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration" })
@ConditionalOnClass({ WebClient.class, ClientHttpConnectorBuilder.class })
@ConditionalOnProperty(prefix = "progeny.auth", name = "enabled", matchIfMissing = true)
public final class ProgenyAuthReactiveAutoConfiguration {

	static final String PROGENY_WEB_CLIENT_BEAN_NAME = "progenyWebClient";

	@Bean
	static ProgenyOriginClientHttpConnectorBuilderPostProcessor progenyOriginClientHttpConnectorBuilderPostProcessor(
			ObjectProvider<ProgenyTokenProvider> tokenProvider) {
		return new ProgenyOriginClientHttpConnectorBuilderPostProcessor(
				() -> tokenProvider.getObject().client().origin());
	}

	@Bean
	@ConditionalOnMissingBean(ProgenyAuthExchangeFilterFunction.class)
	ProgenyAuthExchangeFilterFunction progenyAuthExchangeFilterFunction(ProgenyTokenProvider tokenProvider) {
		return new ProgenyAuthExchangeFilterFunction(tokenProvider, tokenProvider.client().baseUrl());
	}

	@Bean
	@ConditionalOnMissingBean(name = PROGENY_WEB_CLIENT_BEAN_NAME)
	WebClient progenyWebClient(ProgenyTokenProvider tokenProvider, ResourceLoader resourceLoader,
			ObjectProvider<WebClient.Builder> webClientBuilder,
			ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
			ObjectProvider<HttpClientSettings> httpClientSettings,
			ObjectProvider<ProgenyAuthExchangeFilterFunction> filter) {
		HttpClientSettings settings = httpClientSettings.getIfAvailable(HttpClientSettings::defaults)
			.withRedirects(HttpRedirects.DONT_FOLLOW);
		ExchangeFilterFunction authFilter = new DeferredProgenyAuthExchangeFilterFunction(filter);
		return webClientBuilder.getIfUnique(WebClient::builder)
			.baseUrl(tokenProvider.client().baseUrl().toString())
			.clientConnector(connectorBuilder
				.getIfAvailable(() -> ClientHttpConnectorBuilder.detect(resourceLoader.getClassLoader()))
				.build(settings))
			.filters((filters) -> {
				filters.removeIf(DeferredProgenyAuthExchangeFilterFunction::isProgenyFilter);
				filters.add(authFilter);
			})
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebClientCustomizer.class)
	@ConditionalOnProperty(prefix = "progeny.auth", name = "customize-clients", matchIfMissing = true)
	static class WebClientCustomizerConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "progenyWebClientCustomizer")
		ProgenyAuthWebClientCustomizer progenyWebClientCustomizer(
				ObjectProvider<ProgenyAuthExchangeFilterFunction> filter) {
			return new ProgenyAuthWebClientCustomizer(filter);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebClientHttpServiceGroupConfigurer.class)
	static class HttpServiceGroupConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "progenyWebClientHttpServiceGroupConfigurer")
		WebClientHttpServiceGroupConfigurer progenyWebClientHttpServiceGroupConfigurer(
				ProgenyAuthProperties properties, ObjectProvider<ProgenyTokenProvider> tokenProvider,
				ObjectProvider<ProgenyAuthExchangeFilterFunction> filter) {
			return (groups) -> groups.filterByName(properties.getHttpServiceGroup())
				.forEachClient((group, builder) -> builder
					.baseUrl(tokenProvider.getObject().client().baseUrl().toString())
					.filters((filters) -> DeferredProgenyAuthExchangeFilterFunction.addIfAbsent(filters, filter)));
		}

	}

}
