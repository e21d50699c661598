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
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import tech.progeny.auth.support.TestJwts;
import tech.progeny.auth.test.AdjustableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static tech.progeny.auth.support.ProgenyDispatcher.json;
import static tech.progeny.auth.support.ProgenyDispatcher.unauthorized;

class ProgenyTokenClientTests {

	private static final ProgenyCredentials CREDENTIALS = new ProgenyCredentials("clinic", "s3cret-Passw0rd");

	private final AdjustableClock clock = AdjustableClock.at(Instant.parse("2026-03-01T10:00:00Z"));

	private MockWebServer server;

	private ProgenyTokenClient client;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new MockWebServer();
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
		this.client = ProgenyTokenClient.create(URI.create(this.server.url("/").toString()), Duration.ofSeconds(5),
				Duration.ofSeconds(5));
		this.client.setClock(this.clock);
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void obtainPostsJsonCredentialsToTheSlashedPathAndAcceptsJson() throws InterruptedException {
		String access = TestJwts.access(this.clock.instant(), Duration.ofMinutes(5));
		String refresh = TestJwts.refresh(this.clock.instant(), Duration.ofDays(14));
		this.server.enqueue(json(200, TestJwts.pair(access, refresh)));
		ProgenyTokenResponse response = this.client.obtain(CREDENTIALS);
		assertThat(response.access()).isEqualTo(access);
		assertThat(response.refresh()).isEqualTo(refresh);
		assertThat(response.requestedAt()).isEqualTo(this.clock.instant());
		RecordedRequest request = this.server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getTarget()).isEqualTo("/api/v3/accounts/token/obtain/");
		assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
		assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
		assertThat(request.getBody().utf8()).isEqualTo("{\"username\":\"clinic\",\"password\":\"s3cret-Passw0rd\"}");
	}

	@Test
	void refreshPostsTheRefreshTokenToTheSlashedPath() throws InterruptedException {
		String access = TestJwts.access(this.clock.instant(), Duration.ofMinutes(5));
		this.server.enqueue(json(200, TestJwts.accessOnly(access)));
		ProgenyTokenResponse response = this.client.refresh("the-refresh-token");
		assertThat(response.access()).isEqualTo(access);
		assertThat(response.refresh()).isNull();
		RecordedRequest request = this.server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request.getTarget()).isEqualTo("/api/v3/accounts/token/refresh/");
		assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
		assertThat(request.getBody().utf8()).isEqualTo("{\"refresh\":\"the-refresh-token\"}");
	}

	@Test
	void obtainWhenTheResponseCarriesADateThenCapturesTheServersClock() {
		String access = TestJwts.access(this.clock.instant(), Duration.ofMinutes(5));
		this.server.enqueue(new MockResponse.Builder().code(200)
			.setHeader("Content-Type", "application/json")
			.setHeader("Date", "Sun, 01 Mar 2026 10:00:30 GMT")
			.body(TestJwts.pair(access, "refresh"))
			.build());
		assertThat(this.client.obtain(CREDENTIALS).serverDate()).isEqualTo(Instant.parse("2026-03-01T10:00:30Z"));
	}

	@Test
	void obtainWhenTheDateIsMissingOrNotAnHttpDateThenNoServerClock() {
		String access = TestJwts.access(this.clock.instant(), Duration.ofMinutes(5));
		this.server.enqueue(json(200, TestJwts.pair(access, "refresh")));
		this.server.enqueue(new MockResponse.Builder().code(200)
			.setHeader("Content-Type", "application/json")
			.setHeader("Date", "yesterday, around noon")
			.body(TestJwts.pair(access, "refresh"))
			.build());
		assertThat(this.client.obtain(CREDENTIALS).serverDate()).isNull();
		assertThat(this.client.obtain(CREDENTIALS).serverDate()).isNull();
	}

	@Test
	void createThenDeclaresItsTimeouts() {
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
		this.server.enqueue(json(200, TestJwts.pair("a.b.c", "d.e.f")));
		client.obtain(CREDENTIALS);
		assertThat(this.server.takeRequest(5, TimeUnit.SECONDS).getTarget())
			.isEqualTo("/api/v3/accounts/token/obtain/");
	}

	@Test
	void obtainWhenUnauthorizedThenCredentialsRejectedWithTheServersDetail() {
		this.server.enqueue(unauthorized("{\"detail\":\"No active account found with the given credentials\"}"));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(() -> this.client.obtain(CREDENTIALS))
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
		this.server.enqueue(unauthorized("{\"detail\":\"Token is blacklisted\",\"code\":\"token_not_valid\"}"));
		assertThatExceptionOfType(ProgenyTokenRejectedException.class)
			.isThrownBy(() -> this.client.refresh("old-refresh"))
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
		String access = TestJwts.access(this.clock.instant(), Duration.ofMinutes(5));
		this.server.enqueue(json(200, TestJwts.accessOnly(access)));
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
			.body(TestJwts.pair("a", "b")).build());
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
	void errorDetailEchoingTheSecretIsMasked() {
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
	void credentialsToStringMasksThePassword() {
		assertThat(CREDENTIALS.toString()).contains("clinic").doesNotContain("s3cret-Passw0rd");
		assertThat(new ProgenyTokenResponse("access-secret", "refresh-secret", Instant.EPOCH).toString())
			.doesNotContain("access-secret")
			.doesNotContain("refresh-secret");
	}

}
