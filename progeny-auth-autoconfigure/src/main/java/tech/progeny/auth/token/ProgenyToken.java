package tech.progeny.auth.token;

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
 * @param lifetime the time the access token had left when it was issued, as the server
 * measured it ({@code exp - Date}), to which the refresh-ahead window and must-refresh
 * margin are scaled
 * @param refreshExpiresAt the last instant at which the refresh token is still accepted,
 * or {@code null} if unknown
 * @param id a short, non-secret id of the access token for logs (the end of its
 * {@code jti}), or {@code null}
 */
public record ProgenyToken(String accessToken, @Nullable String refreshToken, Instant expiresAt, Duration lifetime,
		@Nullable Instant refreshExpiresAt, @Nullable String id) {

	private static final int ID_LENGTH = 8;

	public ProgenyToken {
		Assert.hasText(accessToken, "accessToken must not be empty");
		Assert.notNull(expiresAt, "expiresAt must not be null");
		Assert.notNull(lifetime, "lifetime must not be null");
	}

	/**
	 * Create a token from a response of the obtain or refresh endpoint. The expiry is
	 * placed on the local clock by the server's {@code Date}: <em>sent-at + (exp - Date)
	 * - 1 s</em>; without a {@code Date}, <em>exp - 1 s</em>, never later than
	 * <em>sent-at + (exp - iat) - 1 s</em>. A token without a readable {@code exp} lives
	 * for the fallback lifetime. {@code TokenExpiry} holds the rule and tells why
	 * {@code iat} is not trusted.
	 * @param response the response
	 * @param fallbackLifetime the lifetime of a token whose expiry cannot be read
	 * @return the token
	 */
	public static ProgenyToken from(ProgenyTokenResponse response, Duration fallbackLifetime) {
		Instant sentAt = response.requestedAt();
		JwtClaims access = JwtClaims.read(response.access());
		TokenExpiry.Expiry accessExpiry = TokenExpiry.of(access, sentAt, response.serverDate(), fallbackLifetime);
		Instant refreshExpiresAt = null;
		if (response.refresh() != null) {
			TokenExpiry.Expiry refreshExpiry = TokenExpiry.fromClaims(JwtClaims.read(response.refresh()), sentAt,
					response.serverDate());
			refreshExpiresAt = (refreshExpiry != null) ? refreshExpiry.expiresAt() : null;
		}
		return new ProgenyToken(response.access(), response.refresh(), accessExpiry.expiresAt(),
				accessExpiry.lifetime(), refreshExpiresAt, shortId(access.jti()));
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
	 * Return this token without its refresh token, after Progeny refused that.
	 * @return a token with the same access token and no refresh token
	 */
	ProgenyToken withoutRefreshToken() {
		return new ProgenyToken(this.accessToken, null, this.expiresAt, this.lifetime, null, this.id);
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

}
