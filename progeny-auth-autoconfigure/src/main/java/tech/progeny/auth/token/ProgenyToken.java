package tech.progeny.auth.token;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import tech.progeny.auth.client.ProgenyTokenResponse;

/**
 * An access token with the refresh token that renews it, and when each stops being
 * valid. Its {@link #toString()} shows neither token, only the id and expiry.
 *
 * @param accessToken the access token sent as {@code Authorization: Bearer}
 * @param refreshToken the refresh token, or {@code null} if there is none
 * @param expiresAt the last instant at which the access token is still accepted, on the
 * local clock
 * @param lifetime the access token's lifetime as issued ({@code exp - iat})
 * @param refreshExpiresAt the last instant at which the refresh token is still accepted,
 * or {@code null} if unknown
 * @param id a short, non-secret id of the access token for logs (the end of its
 * {@code jti}), or {@code null}
 */
public record ProgenyToken(String accessToken, @Nullable String refreshToken, Instant expiresAt, Duration lifetime,
		@Nullable Instant refreshExpiresAt, @Nullable String id) {

	private static final Duration TRUNCATION = Duration.ofSeconds(1);

	private static final int ID_LENGTH = 8;

	public ProgenyToken {
		Assert.hasText(accessToken, "accessToken must not be empty");
		Assert.notNull(expiresAt, "expiresAt must not be null");
		Assert.notNull(lifetime, "lifetime must not be null");
	}

	/**
	 * Create a token from a response of the obtain or refresh endpoint. The expiry is read
	 * from the JWT: <em>requested-at + (exp - iat) - 1 s</em> when {@code iat} is there,
	 * else <em>exp - 1 s</em>; a token without a readable {@code exp} lives for the
	 * fallback lifetime.
	 * @param response the response
	 * @param fallbackLifetime the lifetime of a token whose expiry cannot be read
	 * @return the token
	 */
	public static ProgenyToken from(ProgenyTokenResponse response, Duration fallbackLifetime) {
		Instant requestedAt = response.requestedAt();
		JwtClaims access = JwtClaims.read(response.access());
		Expiry accessExpiry = expiry(access, requestedAt);
		if (accessExpiry == null) {
			accessExpiry = new Expiry(requestedAt.plus(fallbackLifetime), fallbackLifetime);
		}
		Instant refreshExpiresAt = null;
		if (response.refresh() != null) {
			Expiry refreshExpiry = expiry(JwtClaims.read(response.refresh()), requestedAt);
			refreshExpiresAt = (refreshExpiry != null) ? refreshExpiry.expiresAt() : null;
		}
		return new ProgenyToken(response.access(), response.refresh(), accessExpiry.expiresAt(),
				accessExpiry.lifetime(), refreshExpiresAt, shortId(access.jti()));
	}

	private static @Nullable Expiry expiry(JwtClaims claims, Instant requestedAt) {
		Long exp = claims.exp();
		if (exp == null) {
			return null;
		}
		try {
			Long iat = claims.iat();
			if (iat != null) {
				Duration lifetime = Duration.ofSeconds(Math.subtractExact(exp, iat));
				return new Expiry(requestedAt.plus(lifetime).minus(TRUNCATION), lifetime);
			}
			Instant expiresAt = Instant.ofEpochSecond(exp).minus(TRUNCATION);
			return new Expiry(expiresAt, Duration.between(requestedAt, expiresAt));
		}
		catch (ArithmeticException | DateTimeException ex) {
			return null;
		}
	}

	private static @Nullable String shortId(@Nullable String jti) {
		if (jti == null || jti.isEmpty()) {
			return null;
		}
		String id = (jti.length() > ID_LENGTH) ? jti.substring(jti.length() - ID_LENGTH) : jti;
		return id.chars().allMatch(Character::isLetterOrDigit) ? id : null;
	}

	/**
	 * Return this token with the refresh token of the given one, for a refresh response
	 * that carried no new refresh token.
	 * @param previous the token that was refreshed
	 * @return a token with the previous refresh token, or this one if it has its own
	 */
	public ProgenyToken withRefreshTokenOf(ProgenyToken previous) {
		if (this.refreshToken != null) {
			return this;
		}
		return new ProgenyToken(this.accessToken, previous.refreshToken, this.expiresAt, this.lifetime,
				previous.refreshExpiresAt, this.id);
	}

	/**
	 * Return when the access token was issued, on the local clock: its expiry less its
	 * lifetime.
	 * @return the instant
	 */
	public Instant issuedAt() {
		return this.expiresAt.minus(this.lifetime);
	}

	/**
	 * Whether the refresh token can still be sent at the given instant.
	 * @param now the current instant
	 * @return {@code true} if there is a refresh token and it is not known to have
	 * expired
	 */
	public boolean canRefresh(Instant now) {
		return this.refreshToken != null && (this.refreshExpiresAt == null || now.isBefore(this.refreshExpiresAt));
	}

	@Override
	public String toString() {
		return "ProgenyToken[id=" + ((this.id != null) ? "..." + this.id : "unknown") + ", expiresAt="
				+ this.expiresAt + ", refreshToken=" + ((this.refreshToken != null) ? "present" : "none") + "]";
	}

	private record Expiry(Instant expiresAt, Duration lifetime) {

	}

}
