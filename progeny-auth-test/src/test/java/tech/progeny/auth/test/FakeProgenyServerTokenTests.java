package tech.progeny.auth.test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class FakeProgenyServerTokenTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String INVALID_OR_EXPIRED = "{\"detail\":\"Token is invalid or expired\",\"code\":\"token_not_valid\"}";

	private final AdjustableClock clock = AdjustableClock.at(Instant.parse("2024-03-01T10:00:00.250Z"));

	private final FakeProgenyServer server = FakeProgenyServer.builder().clock(this.clock).start();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void obtainWhenCredentialsValidThenAnswersRefreshAndAccessInThatOrder() {
		HttpResponse<String> response = obtain(FakeProgenyServer.DEFAULT_USERNAME, FakeProgenyServer.DEFAULT_PASSWORD);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body()).matches("\\{\"refresh\":\"[^\"]+\",\"access\":\"[^\"]+\"}");
		JsonNode body = JSON.readTree(response.body());
		long now = this.clock.instant().getEpochSecond();
		assertThat(header(body.get("access").asString())).isEqualTo("{\"typ\":\"JWT\",\"alg\":\"HS256\"}");
		// the default IssuedAtClaim.NONE: Progeny's documented tokens carry no iat
		assertThat(payload(body.get("access").asString())).matches("\\{\"token_type\":\"access\",\"exp\":" + (now + 300)
				+ ",\"jti\":\"[0-9a-f]{32}\",\"user_id\":41}");
		assertThat(payload(body.get("refresh").asString())).matches(
				"\\{\"token_type\":\"refresh\",\"exp\":" + (now + 1_209_600) + ",\"jti\":\"[0-9a-f]{32}\",\"user_id\":41}");
	}

	@Test
	void obtainWhenPasswordWrongThenAnswers401WithoutCode() {
		HttpResponse<String> response = obtain(FakeProgenyServer.DEFAULT_USERNAME, "wrong");
		assertUnauthorized(response, "{\"detail\":\"No active account found with the given credentials\"}");
	}

	@Test
	void obtainWhenUserUnknownThenAnswers401() {
		assertUnauthorized(obtain("nobody", FakeProgenyServer.DEFAULT_PASSWORD),
				"{\"detail\":\"No active account found with the given credentials\"}");
	}

	@Test
	void obtainWhenUserInactiveThenAnswers401() {
		this.server.users().deactivate(FakeProgenyServer.DEFAULT_USERNAME);
		assertUnauthorized(obtain(FakeProgenyServer.DEFAULT_USERNAME, FakeProgenyServer.DEFAULT_PASSWORD),
				"{\"detail\":\"No active account found with the given credentials\"}");
		this.server.users().activate(FakeProgenyServer.DEFAULT_USERNAME);
		assertThat(obtain(FakeProgenyServer.DEFAULT_USERNAME, FakeProgenyServer.DEFAULT_PASSWORD).statusCode())
			.isEqualTo(200);
	}

	@Test
	void obtainWhenPasswordChangedThenOnlyTheNewOneWorks() {
		this.server.users().changePassword(FakeProgenyServer.DEFAULT_USERNAME, "new-password");
		assertThat(this.server.password()).isEqualTo("new-password");
		assertThat(obtain(FakeProgenyServer.DEFAULT_USERNAME, FakeProgenyServer.DEFAULT_PASSWORD).statusCode())
			.isEqualTo(401);
		assertThat(obtain(FakeProgenyServer.DEFAULT_USERNAME, "new-password").statusCode()).isEqualTo(200);
	}

	@Test
	void obtainWhenPasswordMissingThenAnswers400ForPassword() {
		HttpResponse<String> response = Http.postJson(obtainUrl(), "{\"username\":\"progeny-demo\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"password\":[\"This field is required.\"]}");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@Test
	void obtainWhenBothFieldsMissingThenListsUsernameFirst() {
		HttpResponse<String> response = Http.postJson(obtainUrl(), "{}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body())
			.isEqualTo("{\"username\":[\"This field is required.\"],\"password\":[\"This field is required.\"]}");
	}

	@Test
	void obtainWhenFieldBlankThenAnswersMayNotBeBlank() {
		HttpResponse<String> response = Http.postJson(obtainUrl(), "{\"username\":\"  \",\"password\":\"x\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"username\":[\"This field may not be blank.\"]}");
	}

	@Test
	void obtainWhenFormEncodedThenAcceptsIt() {
		HttpResponse<String> response = Http.post(obtainUrl(), "application/x-www-form-urlencoded",
				"username=progeny-demo&password=demo-password");
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void refreshWhenRotationOnThenAnswersAccessAndRefreshAndBlacklistsTheOldOne() {
		String refresh = this.server.tokens().refresh(FakeProgenyServer.DEFAULT_USERNAME);
		HttpResponse<String> response = refresh(refresh);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).matches("\\{\"access\":\"[^\"]+\",\"refresh\":\"[^\"]+\"}");
		assertThat(this.server.tokens().isBlacklisted(refresh)).isTrue();
		assertUnauthorized(refresh(refresh), "{\"detail\":\"Token is blacklisted\",\"code\":\"token_not_valid\"}");
		String rotated = JSON.readTree(response.body()).get("refresh").asString();
		assertThat(refresh(rotated).statusCode()).isEqualTo(200);
	}

	@Test
	void refreshWhenRotationRestartsTheRefreshLifetime() {
		String refresh = this.server.tokens().refresh(FakeProgenyServer.DEFAULT_USERNAME);
		Instant firstExpiry = this.server.tokens().expiresAt(refresh);
		this.clock.advance(Duration.ofDays(10));
		String rotated = JSON.readTree(refresh(refresh).body()).get("refresh").asString();
		assertThat(this.server.tokens().expiresAt(rotated)).isEqualTo(firstExpiry.plus(Duration.ofDays(10)));
		this.clock.advance(Duration.ofDays(10));
		assertThat(refresh(rotated).statusCode()).isEqualTo(200);
	}

	@Test
	void refreshWhenRotationOffThenAnswersAccessOnlyAndTheTokenStaysUsable() {
		try (FakeProgenyServer noRotation = FakeProgenyServer.builder().rotateRefreshTokens(false).start()) {
			String refresh = noRotation.tokens().refresh(FakeProgenyServer.DEFAULT_USERNAME);
			URI url = noRotation.url(FakeProgenyServer.REFRESH_PATH);
			HttpResponse<String> response = Http.postJson(url, "{\"refresh\":\"" + refresh + "\"}");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).matches("\\{\"access\":\"[^\"]+\"}");
			assertThat(Http.postJson(url, "{\"refresh\":\"" + refresh + "\"}").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void refreshWhenBlacklistAfterRotationOffThenTheOldTokenStaysUsable() {
		try (FakeProgenyServer noBlacklist = FakeProgenyServer.builder().blacklistAfterRotation(false).start()) {
			String refresh = noBlacklist.tokens().refresh(FakeProgenyServer.DEFAULT_USERNAME);
			URI url = noBlacklist.url(FakeProgenyServer.REFRESH_PATH);
			assertThat(Http.postJson(url, "{\"refresh\":\"" + refresh + "\"}").body()).contains("\"refresh\"");
			assertThat(Http.postJson(url, "{\"refresh\":\"" + refresh + "\"}").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void refreshWhenGarbageThenAnswersInvalidOrExpired() {
		assertUnauthorized(refresh("not-a-token"), INVALID_OR_EXPIRED);
	}

	@Test
	void refreshWhenSignedWithAnotherKeyThenAnswersInvalidOrExpired() {
		try (FakeProgenyServer other = FakeProgenyServer.builder().signingKey("another-key").start()) {
			assertUnauthorized(refresh(other.tokens().refresh(FakeProgenyServer.DEFAULT_USERNAME)), INVALID_OR_EXPIRED);
		}
	}

	@Test
	void refreshWhenExpiredThenRejectedFromTheSecondOfExp() {
		String refresh = this.server.tokens().refresh(FakeProgenyServer.DEFAULT_USERNAME);
		Instant expiry = this.server.tokens().expiresAt(refresh);
		this.clock.set(expiry.minusMillis(1));
		HttpResponse<String> beforeExpiry = refresh(refresh);
		assertThat(beforeExpiry.statusCode()).isEqualTo(200);
		String rotated = JSON.readTree(beforeExpiry.body()).get("refresh").asString();
		this.clock.set(this.server.tokens().expiresAt(rotated));
		assertUnauthorized(refresh(rotated), INVALID_OR_EXPIRED);
	}

	@Test
	void refreshWhenAccessTokenSentThenAnswersWrongType() {
		assertUnauthorized(refresh(this.server.tokens().access(FakeProgenyServer.DEFAULT_USERNAME)),
				"{\"detail\":\"Token has wrong type\",\"code\":\"token_not_valid\"}");
	}

	@Test
	void refreshWhenMissingThenAnswers400() {
		HttpResponse<String> response = Http.postJson(refreshUrl(), "{}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"refresh\":[\"This field is required.\"]}");
	}

	@Test
	void refreshWhenUserInactiveThenStillAnswersAnAccessToken() {
		String refresh = this.server.tokens().refresh(FakeProgenyServer.DEFAULT_USERNAME);
		this.server.users().deactivate(FakeProgenyServer.DEFAULT_USERNAME);
		assertThat(refresh(refresh).statusCode()).isEqualTo(200);
	}

	@Test
	void tokensWhenIssuedDirectlyThenTellWhenTheyExpire() {
		IssuedTokens tokens = this.server.tokens().issue(FakeProgenyServer.DEFAULT_USERNAME);
		Instant now = Instant.ofEpochSecond(this.clock.instant().getEpochSecond());
		assertThat(tokens.issuedAt()).isEqualTo(now);
		assertThat(tokens.accessExpiresAt()).isEqualTo(now.plus(FakeProgenyServer.DEFAULT_ACCESS_TOKEN_LIFETIME));
		assertThat(tokens.refreshExpiresAt()).isEqualTo(now.plus(FakeProgenyServer.DEFAULT_REFRESH_TOKEN_LIFETIME));
		assertThat(this.server.tokens().expiresAt(tokens.access())).isEqualTo(tokens.accessExpiresAt());
		assertThat(tokens.toString()).doesNotContain(tokens.access()).doesNotContain(tokens.refresh());
	}

	private HttpResponse<String> obtain(String username, String password) {
		return Http.postJson(obtainUrl(), Http.credentials(username, password));
	}

	private HttpResponse<String> refresh(String token) {
		return Http.postJson(refreshUrl(), "{\"refresh\":\"" + token + "\"}");
	}

	private URI obtainUrl() {
		return this.server.url(FakeProgenyServer.OBTAIN_PATH);
	}

	private URI refreshUrl() {
		return this.server.url(FakeProgenyServer.REFRESH_PATH);
	}

	static void assertUnauthorized(HttpResponse<String> response, String body) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).isEqualTo(body);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"api\"");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	private static String header(String token) {
		return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
	}

	private static String payload(String token) {
		return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
	}

}
