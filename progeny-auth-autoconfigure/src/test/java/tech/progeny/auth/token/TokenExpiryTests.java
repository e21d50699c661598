package tech.progeny.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import tech.progeny.auth.token.TokenExpiry.Expiry;

import static org.assertj.core.api.Assertions.assertThat;

class TokenExpiryTests {

	private static final Instant SENT = Instant.parse("2026-03-01T10:00:00.250Z");

	private static final Duration FALLBACK = Duration.ofMinutes(5);

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private static Expiry expiry(Instant exp, @Nullable Instant iat, @Nullable Instant serverDate) {
		return expiry(new JwtClaims(exp.getEpochSecond(), (iat != null) ? iat.getEpochSecond() : null, "jti"),
				serverDate);
	}

	private static Expiry expiry(JwtClaims claims, @Nullable Instant serverDate) {
		return TokenExpiry.of(claims, SENT, serverDate, FALLBACK);
	}

	private static Instant serverNow(Duration skew) {
		return SENT.plus(skew).truncatedTo(ChronoUnit.SECONDS);
	}

	@Test
	void ofWhenTheServerClockIsAheadThenSentAtPlusExpLessDateLessOneSecond() {
		Instant date = serverNow(Duration.ofSeconds(30));
		Expiry expiry = expiry(date.plus(LIFETIME), null, date);
		assertThat(expiry.expiresAt()).isEqualTo(SENT.plusSeconds(299));
		assertThat(expiry.lifetime()).isEqualTo(LIFETIME);
	}

	@Test
	void ofWhenTheServerClockIsBehindThenSentAtPlusExpLessDateLessOneSecond() {
		Instant date = serverNow(Duration.ofSeconds(-30));
		Expiry expiry = expiry(date.plus(LIFETIME), null, date);
		assertThat(expiry.expiresAt()).isEqualTo(SENT.plusSeconds(299));
		assertThat(expiry.lifetime()).isEqualTo(LIFETIME);
	}

	@Test
	void ofWhenTheClocksAgreeThenBeforeExp() {
		Instant date = serverNow(Duration.ZERO);
		Instant exp = date.plus(LIFETIME);
		Expiry expiry = expiry(exp, null, date);
		assertThat(expiry.expiresAt()).isEqualTo(SENT.plusSeconds(299)).isBefore(exp);
	}

	@Test
	void ofWhenTheTokenWasIssuedBeforeTheResponseThenOnlyItsRemainingTimeCounts() {
		Instant date = serverNow(Duration.ofSeconds(12));
		Instant exp = date.plus(LIFETIME).minusSeconds(100);
		Expiry expiry = expiry(exp, null, date);
		assertThat(expiry.expiresAt()).isEqualTo(SENT.plusSeconds(199));
		assertThat(expiry.lifetime()).isEqualTo(Duration.ofSeconds(200));
	}

	@Test
	void ofWhenIatIsInheritedFromAnOldRefreshTokenThenTheDateRuleIgnoresIt() {
		Instant date = serverNow(Duration.ofSeconds(-30));
		Instant inheritedIat = date.minus(Duration.ofMinutes(4));
		Expiry expiry = expiry(date.plus(LIFETIME), inheritedIat, date);
		assertThat(expiry.expiresAt()).isEqualTo(SENT.plusSeconds(299));
		assertThat(expiry.lifetime()).isEqualTo(LIFETIME);
	}

	@Test
	void ofWhenIatIsLaterThanTheDateThenIatShortensTheExpiry() {
		Instant date = serverNow(Duration.ZERO);
		Instant iat = date.plusSeconds(20);
		Expiry expiry = expiry(iat.plus(LIFETIME), iat, date);
		assertThat(expiry.expiresAt()).isEqualTo(SENT.plusSeconds(299));
	}

	@Test
	void ofWhenNoDateThenExpLessOneSecondOnTheLocalClock() {
		Instant exp = serverNow(Duration.ofSeconds(30)).plus(LIFETIME);
		Expiry expiry = expiry(exp, null, null);
		assertThat(expiry.expiresAt()).isEqualTo(exp.minusSeconds(1));
		assertThat(expiry.lifetime()).isEqualTo(Duration.between(SENT, exp));
	}

	@Test
	void ofWithoutADateWhenIatIsAtIssueAndTheServerIsAheadThenTheIatCapApplies() {
		Instant iat = serverNow(Duration.ofSeconds(60));
		Expiry expiry = expiry(iat.plus(LIFETIME), iat, null);
		assertThat(expiry.expiresAt()).isEqualTo(SENT.plusSeconds(299));
		assertThat(expiry.lifetime()).isEqualTo(LIFETIME);
	}

	@Test
	void ofWithoutADateWhenIatIsInheritedThenIatDoesNotLengthenTheExpiry() {
		Instant now = serverNow(Duration.ZERO);
		Instant exp = now.plus(LIFETIME);
		Expiry expiry = expiry(exp, now.minus(Duration.ofMinutes(4)), null);
		assertThat(expiry.expiresAt()).isEqualTo(exp.minusSeconds(1));
		assertThat(expiry.expiresAt()).isBefore(SENT.plus(Duration.ofMinutes(9)).minusSeconds(1));
	}

	@Test
	void ofWhenNoExpThenTheFallbackLifetimeFromSentAt() {
		Expiry expiry = expiry(new JwtClaims(null, SENT.getEpochSecond(), "jti"), SENT);
		assertThat(expiry.expiresAt()).isEqualTo(SENT.plus(FALLBACK));
		assertThat(expiry.lifetime()).isEqualTo(FALLBACK);
	}

	@Test
	void ofWhenExpLessIatOverflowsThenTheFallbackLifetime() {
		Expiry expiry = expiry(new JwtClaims(Long.MAX_VALUE, Long.MIN_VALUE, "jti"), null);
		assertThat(expiry.expiresAt()).isEqualTo(SENT.plus(FALLBACK));
	}

	@Test
	void ofWhenExpIsBeyondTheLastInstantThenTheFallbackLifetime() {
		Expiry expiry = expiry(new JwtClaims(Long.MAX_VALUE, null, "jti"), SENT);
		assertThat(expiry.expiresAt()).isEqualTo(SENT.plus(FALLBACK));
	}

	@Test
	void ofWhenTheTokenExpiredOnTheServerThenAnExpiryInThePast() {
		Instant date = serverNow(Duration.ofSeconds(30));
		Expiry expiry = expiry(date.minusSeconds(5), null, date);
		assertThat(expiry.expiresAt()).isBefore(SENT);
	}

}
