package tech.progeny.auth.token;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The rule that places a token's expiry on the local clock, and the one place it is kept.
 * <p>
 * Progeny rejects a token from the second of its {@code exp} on its own clock, which the
 * client cannot see. The token response's {@code Date} header tells what that clock said
 * when the server answered, so the expiry is <em>sent-at + (exp - Date) - 1 s</em>:
 * {@code exp - Date} is the time the token had left when the server answered, both read
 * on the server's clock, and <em>sent-at</em>, when the request left, is never later
 * than that answer on the local clock. Whatever the skew between the two clocks, the
 * result is never later than the true expiry. {@code exp} and {@code Date} are whole
 * seconds (simplejwt truncates {@code exp}, HTTP dates carry no fraction) and simplejwt
 * allows no leeway, which the second taken off covers.
 * <p>
 * Without a {@code Date} header the rule falls back to <em>exp - 1 s</em> on the local
 * clock, which clock skew makes wrong in either direction.
 * <p>
 * {@code iat} only ever shortens the result, to <em>sent-at + (exp - iat) - 1 s</em>: it
 * is not trusted for the lifetime. simplejwt 5.0 to 5.4 copy the refresh token's
 * {@code iat} into every access token that a refresh issues (simplejwt issue #778, fixed
 * in 5.5 by PR #888), so that {@code exp - iat} overstates a refreshed token's lifetime
 * by the age of its refresh token, and Progeny's documented tokens carry no {@code iat}
 * at all.
 * <p>
 * The remaining time that the rule finds (before the second taken off) is also the
 * token's lifetime for the caps of the refresh-ahead window and the must-refresh margin.
 * A token without a readable {@code exp}, or not a JWT, lives for the fallback lifetime
 * from sent-at.
 */
final class TokenExpiry {

	private static final Duration TRUNCATION = Duration.ofSeconds(1);

	private TokenExpiry() {
	}

	/**
	 * Return when a token expires on the local clock, and its remaining lifetime.
	 * @param claims the token's claims
	 * @param sentAt when the token request left, on the local clock
	 * @param serverDate the server's clock when it answered, or {@code null} if unknown
	 * @param fallbackLifetime the lifetime of a token whose expiry cannot be read
	 * @return the expiry
	 */
	static Expiry of(JwtClaims claims, Instant sentAt, @Nullable Instant serverDate, Duration fallbackLifetime) {
		Expiry expiry = fromClaims(claims, sentAt, serverDate);
		return (expiry != null) ? expiry : new Expiry(sentAt.plus(fallbackLifetime), fallbackLifetime);
	}

	/**
	 * Return when a token expires on the local clock, or {@code null} if its expiry
	 * cannot be read.
	 * @param claims the token's claims
	 * @param sentAt when the token request left, on the local clock
	 * @param serverDate the server's clock when it answered, or {@code null} if unknown
	 * @return the expiry or {@code null}
	 */
	static @Nullable Expiry fromClaims(JwtClaims claims, Instant sentAt, @Nullable Instant serverDate) {
		Long exp = claims.exp();
		if (exp == null) {
			return null;
		}
		try {
			Instant expiresAt = Instant.ofEpochSecond(exp);
			Duration remaining = Duration.between((serverDate != null) ? serverDate : sentAt, expiresAt);
			Long iat = claims.iat();
			if (iat != null) {
				remaining = min(remaining, Duration.ofSeconds(Math.subtractExact(exp, iat)));
			}
			return new Expiry(sentAt.plus(remaining).minus(TRUNCATION), remaining);
		}
		catch (ArithmeticException | DateTimeException ex) {
			return null;
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/**
	 * When a token expires, and the lifetime that the refresh-ahead window and the
	 * must-refresh margin are scaled to.
	 *
	 * @param expiresAt the last instant at which the token is still accepted, on the
	 * local clock
	 * @param lifetime the time the token had left when it was issued
	 */
	record Expiry(Instant expiresAt, Duration lifetime) {

	}

}
