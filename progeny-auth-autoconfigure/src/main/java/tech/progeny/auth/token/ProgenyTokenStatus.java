package tech.progeny.auth.token;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import tech.progeny.auth.client.ProgenyAuthException;

/**
 * A snapshot of a {@link ProgenyTokenProvider}'s state, for health checks and metrics. It
 * holds no secret.
 *
 * @param phase the phase of the current token
 * @param expiresAt when the current access token expires, or {@code null} without one
 * @param tokenId the non-secret id of the current access token, or {@code null}
 * @param lastFailure the failure of the latest token request, or {@code null} if it
 * succeeded or none was made
 */
public record ProgenyTokenStatus(Phase phase, @Nullable Instant expiresAt, @Nullable String tokenId,
		@Nullable ProgenyAuthException lastFailure) {

	/**
	 * Phases of a token's life.
	 */
	public enum Phase {

		/**
		 * No token is held: none was requested yet, or the last one was dropped.
		 */
		NONE,

		/**
		 * The token is sent as it is.
		 */
		FRESH,

		/**
		 * The token is inside its refresh-ahead window: it is still sent while one refresh
		 * runs in the background.
		 */
		STALE,

		/**
		 * The token is inside its must-refresh margin, past its expiry or rejected by the
		 * API: it is no longer sent and callers wait for a new one.
		 */
		UNUSABLE;

		/**
		 * Whether a token in this phase may be sent.
		 * @return {@code true} for {@link #FRESH} and {@link #STALE}
		 */
		public boolean isUsable() {
			return this == FRESH || this == STALE;
		}

	}

}
