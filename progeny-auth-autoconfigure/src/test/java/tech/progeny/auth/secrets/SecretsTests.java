package tech.progeny.auth.secrets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import mockwebserver3.MockWebServer;
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
import tech.progeny.auth.support.ProgenyDispatcher;
import tech.progeny.auth.support.TraceLogging;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;
import tech.progeny.auth.web.ProgenyAuthInterceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static tech.progeny.auth.support.ProgenyDispatcher.json;
import static tech.progeny.auth.support.ProgenyDispatcher.unauthorized;

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

	private final ProgenyDispatcher progeny = new ProgenyDispatcher(this.clock);

	private final MockWebServer server = new MockWebServer();

	private final List<Object> inspected = new ArrayList<>();

	private ProgenyCredentials credentials = new ProgenyCredentials("clinic", PASSWORD);

	private ProgenyTokenProvider provider;

	private RestClient restClient;

	@BeforeEach
	void start() throws IOException {
		this.server.setDispatcher(this.progeny);
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
		URI baseUrl = URI.create(this.server.url("/").toString());
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
		this.server.close();
	}

	@Test
	void noPasswordOrTokenReachesLogsMessagesOrToString(CapturedOutput output) {
		try (TraceLogging trace = TraceLogging.enable()) {
			exerciseEveryPath();
		}
		this.inspected.add(this.provider.status());
		List<String> secrets = new ArrayList<>(List.of(PASSWORD, WRONG_PASSWORD));
		secrets.addAll(this.progeny.issuedAccessTokens);
		secrets.addAll(this.progeny.issuedRefreshTokens);
		assertThat(this.progeny.issuedAccessTokens).hasSizeGreaterThanOrEqualTo(4);
		assertThat(this.progeny.issuedRefreshTokens).hasSizeGreaterThanOrEqualTo(3);
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
		this.restClient.get().uri("/api/v3/demo/ping/").retrieve().toBodilessEntity();
		this.provider.invalidate(this.provider.authorizationHeader());
		this.restClient.get().uri("/api/v3/demo/ping/").retrieve().toBodilessEntity();
		// refresh ahead (rotation) and at the margin
		this.scheduler.advance(Duration.ofSeconds(240));
		this.provider.authorizationHeader();
		org.awaitility.Awaitility.await().until(() -> this.progeny.refreshes.get() >= 2
				&& this.provider.status().phase() == tech.progeny.auth.token.ProgenyTokenStatus.Phase.FRESH);
		// refresh rejected, then login
		this.progeny.onRefresh((request) -> unauthorized("{\"detail\":\"Token is blacklisted\",\"code\":\"token_not_valid\"}"));
		this.scheduler.advance(Duration.ofSeconds(290));
		this.provider.authorizationHeader();
		this.inspected.add(this.provider.token());
		// refresh rejected, then the wrong password, a bad request and a server error
		this.progeny.onObtain((request) -> unauthorized("{\"detail\":\"No active account found\"}"));
		this.credentials = new ProgenyCredentials("clinic", WRONG_PASSWORD);
		this.scheduler.advance(Duration.ofSeconds(290));
		this.inspected.add(catchThrowableOfType(ProgenyAuthException.class, this.provider::authorizationHeader));
		this.progeny.onObtain((request) -> json(400, "{\"password\":[\"This field is required.\"]}"));
		this.credentials = new ProgenyCredentials("clinic", PASSWORD);
		this.inspected.add(catchThrowableOfType(ProgenyAuthException.class, this.provider::authorizationHeader));
		this.progeny.onObtain((request) -> json(500, "{\"detail\":\"boom\"}"));
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
