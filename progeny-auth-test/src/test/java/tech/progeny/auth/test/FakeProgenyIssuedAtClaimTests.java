package tech.progeny.auth.test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class FakeProgenyIssuedAtClaimTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration STEP = Duration.ofSeconds(100);

	private final AdjustableClock clock = AdjustableClock.at(Instant.parse("2024-03-01T10:00:00.250Z"));

	private final long login = this.clock.instant().getEpochSecond();

	@Test
	void builderWhenIssuedAtClaimNotSetThenNone() {
		try (FakeProgenyServer server = FakeProgenyServer.start()) {
			assertThat(server.issuedAtClaim()).isEqualTo(IssuedAtClaim.NONE);
			assertThat(server.tokens().issuedAtClaim()).isEqualTo(IssuedAtClaim.NONE);
		}
	}

	@Test
	void obtainAndRefreshWhenNoneThenNoTokenCarriesIat() {
		try (FakeProgenyServer server = server(IssuedAtClaim.NONE, true)) {
			JsonNode obtained = obtain(server);
			assertThat(claims(obtained, "access").has("iat")).isFalse();
			assertThat(claims(obtained, "refresh").has("iat")).isFalse();
			this.clock.advance(STEP);
			JsonNode refreshed = refresh(server, obtained.get("refresh").asString());
			assertThat(claims(refreshed, "access").has("iat")).isFalse();
			assertThat(claims(refreshed, "refresh").has("iat")).isFalse();
			assertThat(claims(refreshed, "access").get("exp").asLong()).isEqualTo(this.login + 100 + 300);
			assertThat(server.tokens().issuedAt(refreshed.get("access").asString())).isNull();
		}
	}

	@Test
	void obtainWhenAtIssueThenBothTokensCarryTheirIssueTime() {
		try (FakeProgenyServer server = server(IssuedAtClaim.AT_ISSUE, true)) {
			JsonNode obtained = obtain(server);
			assertIat(claims(obtained, "access"), this.login);
			assertIat(claims(obtained, "refresh"), this.login);
			assertThat(claims(obtained, "access").get("exp").asLong()).isEqualTo(this.login + 300);
		}
	}

	@Test
	void refreshWhenAtIssueAndRotatingThenEveryTokenCarriesItsOwnIssueTime() {
		try (FakeProgenyServer server = server(IssuedAtClaim.AT_ISSUE, true)) {
			String refresh = obtain(server).get("refresh").asString();
			for (int i = 1; i <= 2; i++) {
				this.clock.advance(STEP);
				JsonNode refreshed = refresh(server, refresh);
				assertIat(claims(refreshed, "access"), this.login + 100L * i);
				assertIat(claims(refreshed, "refresh"), this.login + 100L * i);
				refresh = refreshed.get("refresh").asString();
			}
		}
	}

	@Test
	void refreshWhenAtIssueWithoutRotationThenEveryAccessTokenCarriesItsOwnIssueTime() {
		try (FakeProgenyServer server = server(IssuedAtClaim.AT_ISSUE, false)) {
			String refresh = obtain(server).get("refresh").asString();
			for (int i = 1; i <= 2; i++) {
				this.clock.advance(STEP);
				JsonNode refreshed = refresh(server, refresh);
				assertThat(refreshed.has("refresh")).isFalse();
				assertIat(claims(refreshed, "access"), this.login + 100L * i);
			}
		}
	}

	@Test
	void refreshWhenInheritedAndRotatingThenAccessCarriesThePresentedRefreshTokensIat() {
		try (FakeProgenyServer server = server(IssuedAtClaim.INHERITED_ON_REFRESH, true)) {
			JsonNode obtained = obtain(server);
			assertIat(claims(obtained, "access"), this.login);
			String refresh = obtained.get("refresh").asString();
			for (int i = 1; i <= 3; i++) {
				this.clock.advance(STEP);
				long now = this.login + 100L * i;
				JsonNode refreshed = refresh(server, refresh);
				JsonNode access = claims(refreshed, "access");
				assertIat(access, now - 100);
				assertThat(access.get("exp").asLong()).isEqualTo(now + 300);
				assertIat(claims(refreshed, "refresh"), now);
				refresh = refreshed.get("refresh").asString();
			}
		}
	}

	@Test
	void refreshWhenInheritedWithoutRotationThenEveryAccessTokenCarriesTheLoginsIat() {
		try (FakeProgenyServer server = server(IssuedAtClaim.INHERITED_ON_REFRESH, false)) {
			String refresh = obtain(server).get("refresh").asString();
			for (int i = 1; i <= 3; i++) {
				this.clock.advance(STEP);
				JsonNode access = claims(refresh(server, refresh), "access");
				assertIat(access, this.login);
				assertThat(access.get("exp").asLong()).isEqualTo(this.login + 100L * i + 300);
			}
		}
	}

	@Test
	void tokensWhenIssuedDirectlyThenIssuedAtFollowsTheMode() {
		try (FakeProgenyServer none = server(IssuedAtClaim.NONE, true);
				FakeProgenyServer atIssue = server(IssuedAtClaim.AT_ISSUE, true)) {
			IssuedTokens withoutIat = none.tokens().issue(FakeProgenyServer.DEFAULT_USERNAME);
			assertThat(withoutIat.issuedAt()).isEqualTo(Instant.ofEpochSecond(this.login));
			assertThat(none.tokens().issuedAt(withoutIat.access())).isNull();
			IssuedTokens withIat = atIssue.tokens().issue(FakeProgenyServer.DEFAULT_USERNAME);
			assertThat(atIssue.tokens().issuedAt(withIat.access())).isEqualTo(Instant.ofEpochSecond(this.login));
			assertThat(atIssue.tokens().issuedAt(withIat.refresh())).isEqualTo(Instant.ofEpochSecond(this.login));
		}
	}

	private FakeProgenyServer server(IssuedAtClaim mode, boolean rotate) {
		return FakeProgenyServer.builder().clock(this.clock).issuedAtClaim(mode).rotateRefreshTokens(rotate).start();
	}

	private static JsonNode obtain(FakeProgenyServer server) {
		return ok(Http.postJson(server.url(FakeProgenyServer.OBTAIN_PATH),
				Http.credentials(server.username(), server.password())));
	}

	private static JsonNode refresh(FakeProgenyServer server, String refresh) {
		return ok(Http.postJson(server.url(FakeProgenyServer.REFRESH_PATH), "{\"refresh\":\"" + refresh + "\"}"));
	}

	private static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static JsonNode claims(JsonNode body, String field) {
		String token = body.get(field).asString();
		return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
	}

	private static void assertIat(JsonNode claims, long expected) {
		assertThat(claims.get("iat").isIntegralNumber()).isTrue();
		assertThat(claims.get("iat").asLong()).isEqualTo(expected);
	}

}
