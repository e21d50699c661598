package tech.progeny.auth.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tech.progeny.auth.client.ProgenyTokenResponse;
import tech.progeny.auth.support.TestJwts;

import static org.assertj.core.api.Assertions.assertThat;

class ProgenyTokenTests {

	private static final Instant SENT = Instant.parse("2026-03-01T10:00:00.250Z");

	private static final Duration FALLBACK = Duration.ofMinutes(5);

	private static ProgenyToken token(String access, String refresh) {
		return ProgenyToken.from(new ProgenyTokenResponse(access, refresh, SENT), FALLBACK);
	}

	@Test
	void fromWhenTheResponseCarriesADateThenTheExpiryIsOnTheServersClock() {
		Instant serverClock = SENT.minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
		ProgenyToken token = ProgenyToken.from(new ProgenyTokenResponse(
				TestJwts.jwt("access", serverClock, Duration.ofMinutes(5), false), "r", SENT, serverClock), FALLBACK);
		assertThat(token.expiresAt()).isEqualTo(SENT.plusSeconds(299));
		assertThat(token.lifetime()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void fromWhenTheTokenHasNoIatThenTheExpiryIsExpLessOneSecond() {
		ProgenyToken token = token(TestJwts.jwt("access", SENT, Duration.ofMinutes(5), false), "r");
		assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(SENT.getEpochSecond() + 299));
	}

	@Test
	void fromWhenTheTokenHasNoReadableExpThenUsesTheFallbackLifetime() {
		assertThat(token("not-a-jwt", "r").expiresAt()).isEqualTo(SENT.plus(FALLBACK));
		assertThat(token(TestJwts.jwt(Map.of("iat", 1)), "r").expiresAt()).isEqualTo(SENT.plus(FALLBACK));
		assertThat(token("a.%%%.c", "r").expiresAt()).isEqualTo(SENT.plus(FALLBACK));
		String notJson = "x." + Base64.getUrlEncoder().encodeToString("{oops".getBytes(StandardCharsets.UTF_8)) + ".z";
		assertThat(token(notJson, "r").expiresAt()).isEqualTo(SENT.plus(FALLBACK));
		assertThat(token(TestJwts.jwt(Map.of("exp", "soon")), "r").expiresAt()).isEqualTo(SENT.plus(FALLBACK));
		assertThat(token(TestJwts.jwt(Map.of("exp", Long.MAX_VALUE, "iat", Long.MIN_VALUE)), "r").expiresAt())
			.isEqualTo(SENT.plus(FALLBACK));
	}

	@Test
	void fromWhenARefreshTokenIsSentThenItsExpiryIsReadByTheSameRule() {
		Instant serverClock = SENT.plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
		String access = TestJwts.jwt("access", serverClock, Duration.ofMinutes(5), true);
		String refresh = TestJwts.jwt("refresh", serverClock, Duration.ofDays(14), true);
		ProgenyToken token = ProgenyToken.from(new ProgenyTokenResponse(access, refresh, SENT, serverClock), FALLBACK);
		assertThat(token.refreshExpiresAt()).isEqualTo(SENT.plus(Duration.ofDays(14)).minusSeconds(1));
		assertThat(token.canRefresh(SENT.plus(Duration.ofDays(13)))).isTrue();
		assertThat(token.canRefresh(SENT.plus(Duration.ofDays(14)))).isFalse();
	}

	@Test
	void withRefreshTokenOfWhenNoneWasSentThenKeepsThePreviousRefreshToken() {
		ProgenyToken previous = token(TestJwts.jwt("access", SENT, Duration.ofMinutes(5), true), "previous-refresh");
		String access = TestJwts.jwt("access", SENT, Duration.ofMinutes(5), true);
		ProgenyToken refreshed = ProgenyToken.from(new ProgenyTokenResponse(access, null, SENT), FALLBACK);
		assertThat(refreshed.withRefreshTokenOf(previous).refreshToken()).isEqualTo("previous-refresh");
		ProgenyToken rotated = token(TestJwts.jwt("access", SENT, Duration.ofMinutes(5), true), "new-refresh");
		assertThat(rotated.withRefreshTokenOf(previous).refreshToken()).isEqualTo("new-refresh");
	}

	@Test
	void toStringWhenCalledThenShowsTheIdAndExpiryButNoToken() {
		String access = TestJwts.jwt("access", SENT, Duration.ofMinutes(5), true);
		ProgenyToken token = token(access, "the-refresh-token");
		assertThat(token.id()).hasSize(8);
		assertThat(token.toString()).contains(token.id())
			.contains("expiresAt=")
			.doesNotContain(access)
			.doesNotContain("the-refresh-token");
	}

}
