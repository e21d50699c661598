package tech.progeny.auth.test;

import java.time.Instant;
import java.util.Objects;

/**
 * A pair of tokens minted by the fake server, with the instants they were issued and expire at.
 *
 * <p>The server rejects a token from its expiry instant on: it is valid while {@code now < expiresAt}.
 *
 * @param access the access token
 * @param refresh the refresh token
 * @param issuedAt when both tokens were issued, whole seconds (also their {@code iat} claim, unless the server
 * mints tokens without one: {@link IssuedAtClaim#NONE})
 * @param accessExpiresAt the access token's {@code exp}
 * @param refreshExpiresAt the refresh token's {@code exp}
 */
public record IssuedTokens(String access, String refresh, Instant issuedAt, Instant accessExpiresAt,
		Instant refreshExpiresAt) {

	/**
	 * Creates an issued token pair.
	 * @param access the access token
	 * @param refresh the refresh token
	 * @param issuedAt the issue instant
	 * @param accessExpiresAt the access token's expiry
	 * @param refreshExpiresAt the refresh token's expiry
	 */
	public IssuedTokens {
		Objects.requireNonNull(access, "access must not be null");
		Objects.requireNonNull(refresh, "refresh must not be null");
		Objects.requireNonNull(issuedAt, "issuedAt must not be null");
		Objects.requireNonNull(accessExpiresAt, "accessExpiresAt must not be null");
		Objects.requireNonNull(refreshExpiresAt, "refreshExpiresAt must not be null");
	}

	@Override
	public String toString() {
		return "IssuedTokens[access=******, refresh=******, issuedAt=" + this.issuedAt + ", accessExpiresAt="
				+ this.accessExpiresAt + ", refreshExpiresAt=" + this.refreshExpiresAt + "]";
	}

}
