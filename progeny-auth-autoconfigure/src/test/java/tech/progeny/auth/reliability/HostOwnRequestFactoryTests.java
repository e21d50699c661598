package tech.progeny.auth.reliability;

import java.net.http.HttpClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import tech.progeny.auth.autoconfigure.UnsafeProgenyClientException;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request factories that the host builds by hand are the host's. The starter fails at
 * start-up where it can see one that would carry a token to another host (a JDK
 * {@code HttpClient} that follows redirects, under a {@link RestTemplate} that sends
 * tokens), and the other clients that Spring Boot supports drop the
 * {@code Authorization} header when they follow a redirect to another host.
 */
class HostOwnRequestFactoryTests {

	private final FakeProgenyServer progeny = FakeProgenyServer.start();

	private final OtherOrigin other = new OtherOrigin();

	@AfterEach
	void close() {
		this.progeny.close();
		this.other.close();
	}

	@Test
	void startUpWhenRestTemplateBeanGetsARedirectingJdkFactoryThenFailsNamingTheFix() {
		ProgenyContextRunners.runner(this.progeny).withUserConfiguration(RedirectingJdkTemplate.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isInstanceOf(UnsafeProgenyClientException.class);
			FailureAnalysis analysis = MisconfigurationTests.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("'legacyTemplate'").contains("follows redirects");
			assertThat(analysis.getAction()).contains("HttpClient.Redirect.NEVER")
				.contains("progeny.auth.customize-clients=false");
		});
	}

	@Test
	void startUpWhenRestTemplateBuilderMakesARedirectingJdkFactoryThenFailsNamingTheFix() {
		ProgenyContextRunners.runner(this.progeny).withUserConfiguration(BuilderJdkTemplate.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isInstanceOf(UnsafeProgenyClientException.class);
		});
	}

	@Test
	void startUpWhenRestTemplateBeanGetsAJdkFactoryThatFollowsNoRedirectThenStarts() {
		ProgenyContextRunners.runner(this.progeny)
			.withUserConfiguration(NonRedirectingJdkTemplate.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest
	@ValueSource(strings = { "reactor", "simple", "http-components", "jetty" })
	void handMadeFactoryWhenItFollowsARedirectToAnotherHostThenDropsTheAuthorizationHeader(String factory) {
		ProgenyContextRunners.runner(this.progeny).run((context) -> {
			ClientHttpRequestFactory handMade = builder(factory).build(HttpClientSettings.defaults());
			RestClient restClient = context.getBean(RestClient.Builder.class).requestFactory(handMade).build();
			for (int status : new int[] { 301, 302, 303, 307, 308 }) {
				this.progeny.faults()
					.failNext(ProgenyEndpoint.API, 1, CannedResponse.of(status)
						.withHeader("Location", this.other.baseUrl() + OtherOrigin.LANDING_PATH));
				restClient.get()
					.uri(this.progeny.baseUrl() + FakeProgenyServer.PING_PATH)
					.retrieve()
					.onStatus((code) -> true, (request, response) -> {
					})
					.toBodilessEntity();
			}
		});
		assertThat(this.progeny.counters().obtainRequests()).isOne();
		assertThat(this.other.authorizationHeaders()).isZero();
	}

	private static ClientHttpRequestFactoryBuilder<?> builder(String factory) {
		return switch (factory) {
			case "reactor" -> ClientHttpRequestFactoryBuilder.reactor();
			case "simple" -> ClientHttpRequestFactoryBuilder.simple();
			case "http-components" -> ClientHttpRequestFactoryBuilder.httpComponents();
			default -> ClientHttpRequestFactoryBuilder.jetty();
		};
	}

	@Configuration(proxyBeanMethods = false)
	static class RedirectingJdkTemplate {

		@Bean
		RestTemplate legacyTemplate(RestTemplateBuilder builder) {
			RestTemplate restTemplate = builder.build();
			restTemplate.setRequestFactory(new JdkClientHttpRequestFactory(
					HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()));
			return restTemplate;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BuilderJdkTemplate {

		@Bean
		RestTemplate legacyTemplate(RestTemplateBuilder builder) {
			return builder.requestFactory(JdkClientHttpRequestFactory.class).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NonRedirectingJdkTemplate {

		@Bean
		RestTemplate legacyTemplate(RestTemplateBuilder builder) {
			RestTemplate restTemplate = builder.build();
			restTemplate.setRequestFactory(new JdkClientHttpRequestFactory(HttpClient.newHttpClient()));
			return restTemplate;
		}

	}

}
