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
 * @param activity what the lifecycle has done so far
 * @param store the kind of store the token is kept in, and its state
 */
public record ProgenyTokenStatus(Phase phase, @Nullable Instant expiresAt, @Nullable String tokenId,
		@Nullable ProgenyAuthException lastFailure, Activity activity, Store store) {

	/**
	 * Counts and times of what the lifecycle did since it started.
	 *
	 * @param logins logins that succeeded
	 * @param refreshes refreshes that succeeded
	 * @param failures token exchanges that failed
	 * @param invalidations tokens invalidated after the API rejected them (each followed by
	 * one replay of the rejected request)
	 * @param lastLoginAt when the latest successful login completed, or {@code null}
	 * @param lastRefreshAt when the latest successful refresh completed, or {@code null}
	 */
	public record Activity(long logins, long refreshes, long failures, long invalidations,
			@Nullable Instant lastLoginAt, @Nullable Instant lastRefreshAt) {

		/**
		 * Nothing done yet.
		 */
		public static final Activity NONE = new Activity(0, 0, 0, 0, null, null);

	}

	/**
	 * The store the token is kept in.
	 *
	 * @param type the store type, such as {@code in-memory} or {@code redis}
	 * @param reachable whether the store answered its latest call
	 * @param leaseHolder whether this provider holds the lease for the one token request
	 * in flight across the store's providers
	 */
	public record Store(String type, boolean reachable, boolean leaseHolder) {

		/**
		 * A store in this process's memory.
		 */
		public static final Store IN_MEMORY = new Store("in-memory", true, false);

	}

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
