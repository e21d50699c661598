package tech.progeny.auth.reliability;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.autoconfigure.ProgenyTokenClientCustomizer;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Issue 9 (a): token requests pass through nothing of the host's, honour Spring Boot's
 * HTTP client settings, and change only through the documented hooks,
 * {@link ProgenyTokenClientCustomizer} beans and {@code progeny.auth.ssl-bundle}.
 */
class TokenClientHookTests {

	private final FakeProgenyServer progeny = FakeProgenyServer.start();

	private final LoopbackTls tls = new LoopbackTls();

	@AfterEach
	void close() {
		this.progeny.close();
	}

	@Test
	void tokenRequestsWhenHostCustomizesEveryBuilderThenPassThroughNoneOfIt() {
		AtomicInteger seen = new AtomicInteger();
		RestClientCustomizer hostCustomizer = (builder) -> builder.requestInterceptor((request, body, execution) -> {
			seen.incrementAndGet();
			return execution.execute(request, body);
		});
		ProgenyContextRunners.runner(this.progeny)
			.withBean("hostCustomizer", RestClientCustomizer.class, () -> hostCustomizer)
			.run((context) -> context.getBean("progenyRestClient", RestClient.class)
				.get()
				.uri(FakeProgenyServer.PING_PATH)
				.retrieve()
				.toBodilessEntity());
		assertThat(this.progeny.counters().obtainRequests()).isOne();
		assertThat(seen).as("the API request only").hasValue(1);
	}

	@Test
	void tokenRequestsWhenUserDefinesTokenClientCustomizerThenItApplies() {
		AtomicInteger seen = new AtomicInteger();
		ProgenyTokenClientCustomizer customizer = (builder) -> builder.requestInterceptor((request, body, execution) -> {
			seen.incrementAndGet();
			return execution.execute(request, body);
		});
		ProgenyContextRunners.runner(this.progeny)
			.withBean(ProgenyTokenClientCustomizer.class, () -> customizer)
			.run((context) -> context.getBean("progenyRestClient", RestClient.class)
				.get()
				.uri(FakeProgenyServer.PING_PATH)
				.retrieve()
				.toBodilessEntity());
		assertThat(seen).as("the token request only").hasValue(1);
	}

	@Test
	void tokenRequestsWhenProgenySslBundleIsSetThenUseItOverHttps() {
		try (FakeProgenyServer https = FakeProgenyServer.builder().https(this.tls.serverCertificate()).start()) {
			ProgenyContextRunners.hostRunner()
				.withPropertyValues(ProgenyContextRunners.properties(https.properties()))
				.withPropertyValues("progeny.auth.ssl-bundle=progeny-tls",
						this.tls.trustingBundle("progeny-tls"))
				.run((context) -> assertThat(context.getBean("progenyRestClient", RestClient.class)
					.get()
					.uri(FakeProgenyServer.PING_PATH)
					.retrieve()
					.body(String.class)).contains("ok"));
			assertThat(https.counters().obtainRequests()).isOne();
		}
	}

	@Test
	void tokenRequestsWhenHostSslBundleIsSetThenUseIt() {
		try (FakeProgenyServer https = FakeProgenyServer.builder().https(this.tls.serverCertificate()).start()) {
			ProgenyContextRunners.hostRunner()
				.withPropertyValues(ProgenyContextRunners.properties(https.properties()))
				.withPropertyValues("spring.http.clients.ssl.bundle=corp",
						this.tls.trustingBundle("corp"))
				.run((context) -> context.getBean("progenyRestClient", RestClient.class)
					.get()
					.uri(FakeProgenyServer.PING_PATH)
					.retrieve()
					.toBodilessEntity());
			assertThat(https.counters().obtainRequests()).isOne();
		}
	}

	@Test
	void startUpWhenProgenySslBundleDoesNotExistThenFailsNamingTheProperty() {
		ProgenyContextRunners.hostRunner()
			.withPropertyValues(ProgenyContextRunners.properties(this.progeny.properties()))
			.withPropertyValues("progeny.auth.ssl-bundle=missing")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(MisconfigurationTests.analyze(context.getStartupFailure()).getDescription())
					.contains("progeny.auth.ssl-bundle");
			});
	}

	@Test
	void tokenRequestsWhenHostReadTimeoutIsShortThenUseProgenysOwnTimeouts() {
		ProgenyContextRunners.runner(this.progeny)
			.withPropertyValues("spring.http.clients.read-timeout=1ms", "progeny.auth.password=wrong-Pa55word")
			.run((context) -> assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
				.isThrownBy(() -> context.getBean("progenyRestClient", RestClient.class)
					.get()
					.uri(FakeProgenyServer.PING_PATH)
					.retrieve()
					.toBodilessEntity()));
	}

}
