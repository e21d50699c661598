package tech.progeny.auth.reliability;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.WebClient;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.autoconfigure.reactive.ProgenyAuthReactiveAutoConfiguration;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.reliability.SecretLeakExtension.Secrets;
import tech.progeny.auth.support.ReactiveTest;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * No password or token in what the reactive way in logs, with Reactor Netty's and Spring
 * WebFlux's loggers at TRACE on top of those {@link SecretLeakExtension} turns up, nor in
 * the exceptions it raises.
 */
@ReactiveTest
@ExtendWith(SecretLeakExtension.class)
class ReactiveSecretLeakTests {

	private static final List<String> REACTIVE_LOGGERS = List.of("reactor.netty", "org.springframework.web.reactive",
			"org.springframework.http.client.reactive", "org.springframework.boot.webclient");

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final FakeProgenyServer server = FakeProgenyServer.start();

	private final Map<String, Level> previousLevels = new LinkedHashMap<>();

	@BeforeEach
	void traceReactiveLoggers() {
		LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
		for (String name : REACTIVE_LOGGERS) {
			Logger logger = loggers.getLogger(name);
			this.previousLevels.put(name, logger.getLevel());
			logger.setLevel(Level.TRACE);
		}
	}

	@AfterEach
	void restore() {
		LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
		this.previousLevels.forEach((name, level) -> loggers.getLogger(name).setLevel(level));
		this.server.close();
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class,
					ProgenyAuthReactiveAutoConfiguration.class, HttpClientAutoConfiguration.class,
					ImperativeHttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
					WebClientAutoConfiguration.class))
			.withPropertyValues(this.server.properties()
				.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + "=" + entry.getValue())
				.toArray(String[]::new));
	}

	private static int status(WebClient webClient, String path) {
		return webClient.get()
			.uri(path)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode()))
			.map(HttpStatusCode::value)
			.block(TIMEOUT);
	}

	@Test
	void lifecycleWhenTraceLoggedThenLoginReplayRefreshAndRejectionsLeakNoSecret(Secrets secrets) {
		secrets.watch(this.server);
		runner().run((context) -> {
			WebClient progeny = context.getBean("progenyWebClient", WebClient.class);
			WebClient host = context.getBean(WebClient.Builder.class).baseUrl(this.server.baseUrl()).build();
			assertThat(status(progeny, FakeProgenyServer.PING_PATH)).isEqualTo(200);
			this.server.faults()
				.failNext(ProgenyEndpoint.API, 1,
						CannedResponse.accessTokenNotValid());
			assertThat(status(host, FakeProgenyServer.PING_PATH)).as("replayed after a refresh").isEqualTo(200);
			assertThat(progeny.post()
				.uri(FakeProgenyServer.ECHO_PATH)
				.bodyValue(Map.of("cycle", 7))
				.retrieve()
				.bodyToMono(String.class)
				.block(TIMEOUT)).contains("cycle");
			this.server.users().deactivate(this.server.username());
			assertThat(status(progeny, FakeProgenyServer.PING_PATH)).isEqualTo(401);
		});
		assertThat(this.server.counters().refreshRequests()).isOne();
		assertThat(secrets.secretCount()).isGreaterThanOrEqualTo(5);
		assertThat(secrets.output()).contains("reactor.netty").contains("ExchangeFunctions");
	}

	@Test
	void loginWhenCredentialsAreRejectedThenLeaksNoSecretAtTrace(Secrets secrets) {
		secrets.watch(this.server);
		secrets.watch("wrong-Passw0rd-for-the-leak-test");
		runner().withPropertyValues("progeny.auth.password=wrong-Passw0rd-for-the-leak-test").run((context) -> {
			WebClient progeny = context.getBean("progenyWebClient", WebClient.class);
			ProgenyCredentialsRejectedException failure = secrets
				.check(catchThrowableOfType(ProgenyCredentialsRejectedException.class,
						() -> progeny.get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity()
							.onErrorMap((ex) -> ex).block(TIMEOUT)));
			assertThat(failure).isNotNull();
			assertThat(Mono.just(1).block()).isOne();
		});
		assertThat(this.server.counters().apiRequests()).isZero();
	}

}
