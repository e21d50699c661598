package tech.progeny.auth.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link ProgenyTokenClient}: Progeny's own answers come from the fake Progeny
 * ({@link #progeny}); answers it never gives (malformed bodies, redirects, a hang before
 * the headers) from a plain {@link MockWebServer} ({@link #server}).
 */
class ProgenyTokenClientTests {

	private static final ProgenyCredentials CREDENTIALS = new ProgenyCredentials("clinic", "s3cret-Passw0rd");

	private final AdjustableClock clock = AdjustableClock.at(Instant.parse("2026-03-01T10:00:00Z"));

	private final AdjustableClock serverClock = AdjustableClock.at(Instant.parse("2026-03-01T10:00:30Z"));

	private FakeProgenyServer progeny;

	private ProgenyTokenClient progenyClient;

	private MockWebServer server;

	private ProgenyTokenClient client;

	@BeforeEach
	void startServers() throws IOException {
		this.progeny = FakeProgenyServer.builder()
			.clock(this.serverClock)
			.user(CREDENTIALS.username(), "s3cret-Passw0rd", 41)
			.start();
		this.progenyClient = client(this.progeny.baseUrl());
		this.server = new MockWebServer();
		this.server.start(InetAddress.getLoopbackAddress(), 0);
		this.client = client(this.server.url("/").toString());
	}

	private ProgenyTokenClient client(String baseUrl) {
		ProgenyTokenClient client = ProgenyTokenClient.create(URI.create(baseUrl), Duration.ofSeconds(5),
				Duration.ofSeconds(5));
		client.setClock(this.clock);
		return client;
	}

	@AfterEach
	void stopServers() {
		this.progeny.close();
		this.server.close();
	}

	private static MockResponse json(int status, String body) {
		return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
	}

	@Test
	void obtainWhenCalledThenPostsJsonCredentialsToTheSlashedPathAndAcceptsJson() {
		ProgenyTokenResponse response = this.progenyClient.obtain(CREDENTIALS);
		assertThat(this.progeny.tokens().issuedTokens()).containsExactlyInAnyOrder(response.access(),
				response.refresh());
		assertThat(this.progeny.tokens().expiresAt(response.access()))
			.isEqualTo(this.serverClock.instant().plus(FakeProgenyServer.DEFAULT_ACCESS_TOKEN_LIFETIME));
		assertThat(response.requestedAt()).isEqualTo(this.clock.instant());
		assertThat(this.progeny.counters().recordedTokenRequests()).singleElement().satisfies((request) -> {
			assertThat(request.endpoint()).isEqualTo(ProgenyEndpoint.OBTAIN);
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.accept()).isEqualTo("application/json");
			assertThat(request.contentType()).startsWith("application/json");
			assertThat(request.body()).isEqualTo("{\"username\":\"clinic\",\"password\":\"s3cret-Passw0rd\"}");
		});
	}

	@Test
	void refreshWhenRotationIsOffThenPostsTheRefreshTokenToTheSlashedPathAndGetsAnAccessTokenOnly() {
		try (FakeProgenyServer progeny = FakeProgenyServer.builder().rotateRefreshTokens(false).start()) {
			String refresh = progeny.tokens().refresh(progeny.username());
			ProgenyTokenResponse response = client(progeny.baseUrl()).refresh(refresh);
			assertThat(progeny.tokens().issuedTokens()).contains(response.access());
			assertThat(response.refresh()).isNull();
			assertThat(progeny.counters().recordedTokenRequests()).singleElement().satisfies((request) -> {
				assertThat(request.endpoint()).isEqualTo(ProgenyEndpoint.REFRESH);
				assertThat(request.accept()).isEqualTo("application/json");
				assertThat(request.body()).isEqualTo("{\"refresh\":\"" + refresh + "\"}");
			});
		}
	}

	@Test
	void obtainWhenTheResponseCarriesADateThenCapturesTheServersClock() {
		assertThat(this.progenyClient.obtain(CREDENTIALS).serverDate())
			.isEqualTo(Instant.parse("2026-03-01T10:00:30Z"));
	}

	@Test
	void obtainWhenTheDateIsMissingThenNoServerClock() {
		try (FakeProgenyServer progeny = FakeProgenyServer.builder().sendDateHeader(false).start()) {
			ProgenyTokenClient client = client(progeny.baseUrl());
			assertThat(client.obtain(new ProgenyCredentials(progeny.username(), progeny.password())).serverDate())
				.isNull();
		}
	}

	@Test
	void obtainWhenTheDateIsNotAnHttpDateThenNoServerClock() {
		this.server.enqueue(new MockResponse.Builder().code(200)
			.setHeader("Content-Type", "application/json")
			.setHeader("Date", "yesterday, around noon")
			.body("{\"access\":\"a.b.c\",\"refresh\":\"d.e.f\"}")
			.build());
		assertThat(this.client.obtain(CREDENTIALS).serverDate()).isNull();
	}

	@Test
	void createWhenTimeoutsAreGivenThenDeclaresThem() {
		assertThat(this.client.getConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.client.getReadTimeout()).isEqualTo(Duration.ofSeconds(5));
		ProgenyTokenClient undeclared = new ProgenyTokenClient(RestClient.create(), URI.create("https://be.progeny.tech"));
		assertThat(undeclared.getConnectTimeout()).isNull();
		undeclared.setTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2));
		assertThat(undeclared.getReadTimeout()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void obtainWhenBaseUrlHasAPathThenUsesTheDocumentedPathFromTheOrigin() throws InterruptedException {
		ProgenyTokenClient client = ProgenyTokenClient.create(URI.create(this.server.url("/some/prefix").toString()),
				Duration.ofSeconds(1), Duration.ofSeconds(1));
		this.server.enqueue(json(200, "{\"access\":\"a.b.c\",\"refresh\":\"d.e.f\"}"));
		client.obtain(CREDENTIALS);
		assertThat(this.server.takeRequest(5, TimeUnit.SECONDS).getTarget())
			.isEqualTo("/api/v3/accounts/token/obtain/");
	}

	@Test
	void obtainWhenUnauthorizedThenCredentialsRejectedWithTheServersDetail() {
		this.progeny.users().changePassword(CREDENTIALS.username(), "another-Passw0rd");
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(() -> this.progenyClient.obtain(CREDENTIALS))
			.satisfies((ex) -> {
				assertThat(ex.getDetail()).isEqualTo("No active account found with the given credentials");
				assertThat(ex.getMessage()).contains("No active account found").doesNotContain("s3cret-Passw0rd");
				assertThat(ex.isTransient()).isFalse();
			});
	}

	@Test
	void obtainWhenBadRequestThenRequestRejectedExposingFieldMessages() {
		this.server.enqueue(json(400, "{\"username\":[\"This field is required.\"],"
				+ "\"password\":[\"This field is required.\"]}"));
		assertThatExceptionOfType(ProgenyRequestRejectedException.class)
			.isThrownBy(() -> this.client.obtain(CREDENTIALS))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(400);
				assertThat(ex.getFieldErrors()).containsEntry("username", List.of("This field is required."))
					.containsEntry("password", List.of("This field is required."));
				assertThat(ex.getMessage()).contains("password: This field is required.");
			});
	}

	@Test
	void refreshWhenUnauthorizedThenTokenRejectedWithCode() {
		String refresh = this.progeny.tokens().refresh(this.progeny.username());
		this.progeny.tokens().blacklist(refresh);
		assertThatExceptionOfType(ProgenyTokenRejectedException.class)
			.isThrownBy(() -> this.progenyClient.refresh(refresh))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo("token_not_valid");
				assertThat(ex.getDetail()).isEqualTo("Token is blacklisted");
			});
	}

	@Test
	void refreshWhenServerErrorThenServerUnavailableWithStatus() {
		this.server.enqueue(json(503, "{\"detail\":\"Service temporarily unavailable.\"}"));
		assertThatExceptionOfType(ProgenyServerUnavailableException.class)
			.isThrownBy(() -> this.client.refresh("refresh"))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(503);
				assertThat(ex.getMessage()).contains("Service temporarily unavailable.");
				assertThat(ex.isTransient()).isTrue();
			});
	}

	@Test
	void obtainWhenTooManyRequestsThenServerUnavailableWithRetryAfter() {
		this.server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "42")
			.body("{\"detail\":\"Request was throttled.\"}").build());
		assertThatExceptionOfType(ProgenyServerUnavailableException.class)
			.isThrownBy(() -> this.client.obtain(CREDENTIALS))
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(42)));
	}

	@Test
	void obtainWhenSuccessBodyIsNotJsonThenMalformedResponse() {
		this.server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html")
			.body("<html>Token obtain</html>").build());
		assertThatExceptionOfType(ProgenyMalformedResponseException.class)
			.isThrownBy(() -> this.client.obtain(CREDENTIALS))
			.withMessageContaining("not a JSON object");
	}

	@Test
	void obtainWhenRefreshTokenIsMissingThenMalformedResponseWithoutTheToken() {
		String access = this.progeny.tokens().access(this.progeny.username());
		this.server.enqueue(json(200, "{\"access\":\"" + access + "\"}"));
		assertThatExceptionOfType(ProgenyMalformedResponseException.class)
			.isThrownBy(() -> this.client.obtain(CREDENTIALS))
			.withMessageContaining("'refresh'")
			.withMessageNotContaining(access);
	}

	@Test
	void obtainWhenAccessIsNotAStringThenMalformedResponse() {
		this.server.enqueue(json(200, "{\"access\":42,\"refresh\":\"r\"}"));
		assertThatExceptionOfType(ProgenyMalformedResponseException.class)
			.isThrownBy(() -> this.client.obtain(CREDENTIALS));
	}

	@Test
	void obtainWhenRedirectedThenDoesNotFollow() {
		this.server.enqueue(new MockResponse.Builder().code(301)
			.setHeader("Location", this.server.url("/elsewhere/").toString()).build());
		assertThatExceptionOfType(ProgenyMalformedResponseException.class)
			.isThrownBy(() -> this.client.obtain(CREDENTIALS))
			.withMessageContaining("301");
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void obtainWhenServerHangsThenServerUnavailableAfterTheReadTimeout() {
		ProgenyTokenClient client = ProgenyTokenClient.create(URI.create(this.server.url("/").toString()),
				Duration.ofSeconds(1), Duration.ofMillis(500));
		this.server.enqueue(new MockResponse.Builder().headersDelay(10, TimeUnit.SECONDS)
			.body("{\"access\":\"a\",\"refresh\":\"b\"}").build());
		assertThatExceptionOfType(ProgenyServerUnavailableException.class)
			.isThrownBy(() -> client.obtain(CREDENTIALS))
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isZero());
	}

	@Test
	void obtainWhenConnectionRefusedThenServerUnavailable() {
		this.server.close();
		assertThatExceptionOfType(ProgenyServerUnavailableException.class)
			.isThrownBy(() -> this.client.obtain(CREDENTIALS))
			.withCauseInstanceOf(IOException.class);
	}

	@Test
	void obtainWhenErrorDetailEchoesThePasswordThenMasksIt() {
		this.server.enqueue(json(400, "{\"detail\":\"bad password s3cret-Passw0rd\"}"));
		assertThatExceptionOfType(ProgenyRequestRejectedException.class)
			.isThrownBy(() -> this.client.obtain(CREDENTIALS))
			.withMessageNotContaining("s3cret-Passw0rd");
	}

	@Test
	void createWhenPlainHttpToAnotherHostThenRefuses() {
		RestClient restClient = RestClient.create();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProgenyTokenClient(restClient, URI.create("http://be.progeny.tech")))
			.withMessageContaining("plain http");
	}

	@Test
	void createWhenPlainHttpToLoopbackOrExplicitlyAllowedThenAccepts() {
		RestClient restClient = RestClient.create();
		assertThatNoException().isThrownBy(() -> {
			new ProgenyTokenClient(restClient, URI.create("http://localhost:8080"));
			new ProgenyTokenClient(restClient, URI.create("http://127.0.0.1:8080"));
			new ProgenyTokenClient(restClient, URI.create("http://[::1]:8080"));
			new ProgenyTokenClient(restClient, URI.create("http://progeny.internal"), true);
			new ProgenyTokenClient(restClient, URI.create("https://be.progeny.tech"));
		});
	}

	@Test
	void toStringWhenCredentialsOrTokensThenMasksTheSecrets() {
		assertThat(CREDENTIALS.toString()).contains("clinic").doesNotContain("s3cret-Passw0rd");
		assertThat(new ProgenyTokenResponse("access-secret", "refresh-secret", Instant.EPOCH).toString())
			.doesNotContain("access-secret")
			.doesNotContain("refresh-secret");
	}

}
