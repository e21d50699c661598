package tech.progeny.auth.autoconfigure;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The starter against an HTTPS fake Progeny, trusted through a Spring Boot SSL bundle.
 */
class ProgenyAuthHttpsTests {

	private static FakeProgenyServer progeny;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class, SslAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class))
		.withPropertyValues(FakeProgenyServer.BASE_URL_PROPERTY + "=" + progeny.baseUrl(),
				FakeProgenyServer.USERNAME_PROPERTY + "=" + progeny.username(),
				FakeProgenyServer.PASSWORD_PROPERTY + "=" + progeny.password());

	@BeforeAll
	static void startProgeny() {
		progeny = FakeProgenyServer.builder().https().start();
	}

	@AfterAll
	static void stopProgeny() {
		progeny.close();
	}

	@Test
	void progenyRestClientWhenHttpClientsUseTheFakesSslBundleThenObtainsAndCallsOverHttps() {
		this.contextRunner
			.withPropertyValues("spring.ssl.bundle.pem.fake-progeny.truststore.certificate=" + progeny.certificatePem(),
					"spring.http.clients.ssl.bundle=fake-progeny")
			.run((context) -> {
				progeny.reset();
				RestClient restClient = context.getBean("progenyRestClient", RestClient.class);
				String body = restClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().body(String.class);
				assertThat(progeny.baseUrl()).startsWith("https://");
				assertThat(body).isEqualTo("{\"status\":\"ok\",\"user_id\":41}");
				assertThat(progeny.counters().obtainRequests()).isEqualTo(1);
				assertThat(progeny.counters().unauthorizedApiRequests()).isZero();
			});
	}

	@Test
	void progenyRestClientWhenTheFakeIsNotTrustedThenFailsWithoutReachingIt() {
		this.contextRunner.run((context) -> {
			progeny.reset();
			RestClient restClient = context.getBean("progenyRestClient", RestClient.class);
			assertThatException()
				.isThrownBy(() -> restClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity());
			assertThat(progeny.counters().tokenRequests()).isZero();
			assertThat(progeny.counters().apiRequests()).isZero();
		});
	}

}
