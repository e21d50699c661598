package tech.progeny.auth.secrets;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.support.ManualTaskScheduler;
import tech.progeny.auth.support.TraceLogging;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;
import tech.progeny.auth.web.ProgenyAuthInterceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Runs every path of the lifecycle with TRACE logging and checks that no password or
 * token reaches the logs, an exception message or a {@code toString()}.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsTests {

	private static final String PASSWORD = "Tr4ce-Secret-Passw0rd";

	private static final String WRONG_PASSWORD = "Wr0ng-Secret-Passw0rd";

	private final AdjustableClock clock = AdjustableClock.at(Instant.parse("2026-03-01T10:00:00Z"));

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(this.clock);

	/** More failures than any path below asks for: the fault stands until replaced. */
	private static final int ALWAYS = 100;

	private FakeProgenyServer progeny;

	private final List<Object> inspected = new ArrayList<>();

	private ProgenyCredentials credentials = new ProgenyCredentials("clinic", PASSWORD);

	private ProgenyTokenProvider provider;

	private RestClient restClient;

	@BeforeEach
	void start() throws IOException {
		this.progeny = FakeProgenyServer.builder().clock(this.clock).user("clinic", PASSWORD, 41).start();
		URI baseUrl = URI.create(this.progeny.baseUrl());
		ProgenyTokenClient client = ProgenyTokenClient.create(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(5));
		client.setClock(this.clock);
		InMemoryProgenyTokenStore store = new InMemoryProgenyTokenStore();
		this.provider = new ProgenyTokenProvider(client, () -> this.credentials, store,
				ProgenyTokenSettings.defaults().withMaxJitter(0));
		this.provider.setClock(this.clock);
		this.provider.setTaskScheduler(this.scheduler);
		this.provider.setTicker(this.scheduler.ticker());
		ProgenyAuthInterceptor interceptor = new ProgenyAuthInterceptor(this.provider, baseUrl);
		this.restClient = RestClient.builder()
			.baseUrl(baseUrl.toString())
			.requestFactory(new JdkClientHttpRequestFactory())
			.requestInterceptor(interceptor)
			.build();
		this.inspected.addAll(List.of(client, store, this.provider, interceptor, this.credentials));
	}

	@AfterEach
	void stop() {
		this.provider.close();
		this.progeny.close();
	}

	@Test
	void lifecycleWhenTraceLoggedThenNoPasswordOrTokenReachesLogsMessagesOrToString(CapturedOutput output) {
		try (TraceLogging trace = TraceLogging.enable()) {
			exerciseEveryPath();
		}
		this.inspected.add(this.provider.status());
		List<String> secrets = new ArrayList<>(List.of(PASSWORD, WRONG_PASSWORD));
		secrets.addAll(this.progeny.tokens().issuedTokens());
		// two logins and two refreshes, each answering an access and a (rotated) refresh token
		assertThat(this.progeny.tokens().issuedTokens()).hasSizeGreaterThanOrEqualTo(8);
		assertThat(output.getAll()).contains("DEBUG").contains("Progeny").contains("Writing [");
		StringBuilder everything = new StringBuilder(output.getAll());
		for (Object object : this.inspected) {
			everything.append('\n').append(object);
			if (object instanceof Throwable throwable) {
				everything.append('\n').append(throwable.getMessage());
			}
		}
		for (String secret : secrets) {
			assertThat(everything.toString()).doesNotContain(secret);
		}
	}

	private void exerciseEveryPath() {
		// login, API call, 401 with a stale token then replay
		this.restClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity();
		this.provider.invalidate(this.provider.authorizationHeader());
		this.restClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity();
		// refresh ahead (rotation) and at the margin
		this.scheduler.advance(Duration.ofSeconds(240));
		this.provider.authorizationHeader();
		org.awaitility.Awaitility.await().until(() -> this.progeny.counters().refreshRequests() >= 2
				&& this.provider.status().phase() == tech.progeny.auth.token.ProgenyTokenStatus.Phase.FRESH);
		// refresh rejected, then login
		this.progeny.faults()
			.failNext(ProgenyEndpoint.REFRESH, ALWAYS, CannedResponse.of(401)
				.withJsonBody("{\"detail\":\"Token is blacklisted\",\"code\":\"token_not_valid\"}"));
		this.scheduler.advance(Duration.ofSeconds(290));
		this.provider.authorizationHeader();
		this.inspected.add(this.provider.token());
		// refresh rejected, then the wrong password, a bad request and a server error
		this.credentials = new ProgenyCredentials("clinic", WRONG_PASSWORD);
		this.scheduler.advance(Duration.ofSeconds(290));
		this.inspected.add(catchThrowableOfType(ProgenyAuthException.class, this.provider::authorizationHeader));
		this.progeny.faults()
			.failNext(ProgenyEndpoint.OBTAIN, ALWAYS,
					CannedResponse.of(400).withJsonBody("{\"password\":[\"This field is required.\"]}"));
		this.credentials = new ProgenyCredentials("clinic", PASSWORD);
		this.inspected.add(catchThrowableOfType(ProgenyAuthException.class, this.provider::authorizationHeader));
		this.progeny.faults().reset();
		this.progeny.faults()
			.failNext(ProgenyEndpoint.TOKEN, ALWAYS, CannedResponse.of(500).withJsonBody("{\"detail\":\"boom\"}"));
		this.scheduler.advance(Duration.ofMinutes(10));
		this.inspected.add(catchThrowableOfType(ProgenyAuthException.class, this.provider::authorizationHeader));
		assertThat(this.inspected).hasAtLeastOneElementOfType(
				tech.progeny.auth.client.ProgenyCredentialsRejectedException.class);
		assertThat(this.inspected).hasAtLeastOneElementOfType(
				tech.progeny.auth.client.ProgenyRequestRejectedException.class);
		assertThat(this.inspected).hasAtLeastOneElementOfType(
				tech.progeny.auth.client.ProgenyServerUnavailableException.class);
	}

}
