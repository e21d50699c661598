package tech.progeny.auth.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;
import tech.progeny.auth.web.ProgenyAuthInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9 (e): whatever defines the token client defines where its tokens may go. With a
 * {@link ProgenyTokenClient} or {@link ProgenyTokenProvider} of the user's for another
 * server, {@code progenyRestClient}, the interceptor and the host's clients send that
 * server's tokens to that server only, never to {@code progeny.auth.base-url}.
 */
class ProgenyTokenOriginTests {

	private final FakeProgenyServer configured = FakeProgenyServer.start();

	private final FakeProgenyServer own = FakeProgenyServer.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				RestTemplateAutoConfiguration.class))
		.withPropertyValues("progeny.auth.base-url=" + this.configured.baseUrl(),
				"progeny.auth.username=" + FakeProgenyServer.DEFAULT_USERNAME,
				"progeny.auth.password=" + FakeProgenyServer.DEFAULT_PASSWORD);

	@AfterEach
	void close() {
		this.configured.close();
		this.own.close();
	}

	@Test
	void clientsWhenUserDefinesTokenClientThenTokensGoToItsOriginOnly() {
		this.contextRunner.withBean("myTokenClient", ProgenyTokenClient.class, this::ownTokenClient)
			.run(this::assertTokensGoToOwnOnly);
	}

	@Test
	void clientsWhenUserDefinesTokenProviderThenTokensGoToItsClientsOriginOnly() {
		this.contextRunner
			.withBean("myProvider", ProgenyTokenProvider.class,
					() -> new ProgenyTokenProvider(ownTokenClient(),
							() -> new ProgenyCredentials(FakeProgenyServer.DEFAULT_USERNAME,
									FakeProgenyServer.DEFAULT_PASSWORD),
							new InMemoryProgenyTokenStore(), ProgenyTokenSettings.defaults()))
			.run(this::assertTokensGoToOwnOnly);
	}

	private void assertTokensGoToOwnOnly(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		assertThat(context.getBean(ProgenyAuthInterceptor.class).toString()).contains(":" + this.own.port() + "]");
		RestClient progenyRestClient = context.getBean("progenyRestClient", RestClient.class);
		assertThat(progenyRestClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity()
			.getStatusCode().value()).isEqualTo(200);
		RestClient hostClient = context.getBean(RestClient.Builder.class).build();
		assertThat(hostClient.get().uri(this.own.baseUrl() + FakeProgenyServer.PING_PATH).retrieve()
			.toBodilessEntity().getStatusCode().value()).isEqualTo(200);
		assertThat(this.own.counters().obtainRequests()).isOne();
		assertThat(this.own.counters().apiRequests()).isEqualTo(2);
		assertThat(this.configured.counters().tokenRequests()).isZero();
		assertThat(this.configured.counters().apiRequests()).isZero();
	}

	private ProgenyTokenClient ownTokenClient() {
		return ProgenyTokenClient.create(URI.create(this.own.baseUrl()), Duration.ofSeconds(5), Duration.ofSeconds(5));
	}

}
