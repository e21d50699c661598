package tech.progeny.auth.token;

import java.time.Duration;
import java.time.Instant;

import tech.progeny.auth.token.ProgenyTokenStatus.Phase;

/**
 * When a token turns stale and when it turns unusable, on the local clock: its
 * refresh-ahead window (capped at a fifth of its lifetime and lengthened by jitter) and
 * its must-refresh margin (capped at a tenth) before its expiry.
 *
 * @param staleAt when the token is first refreshed in the background
 * @param unusableAt when the token is no longer sent, never after its expiry
 */
record TokenTimeline(Instant staleAt, Instant unusableAt) {

	/**
	 * Return the timeline of a token.
	 * @param token the token
	 * @param settings the lifecycle timings
	 * @param jitter the random share of the settings' largest jitter, from 0 to 1
	 * @return the timeline
	 */
	static TokenTimeline of(ProgenyToken token, ProgenyTokenSettings settings, double jitter) {
		Duration lifetime = lifetime(token);
		Duration window = settings.refreshAheadFor(lifetime);
		double share = Math.min(1, Math.max(0, jitter)) * settings.maxJitter();
		Duration jittered = window.plusNanos((long) (window.toNanos() * share));
		Instant unusableAt = unusableAt(token, settings);
		Instant staleAt = token.expiresAt().minus(jittered);
		return new TokenTimeline(staleAt.isBefore(unusableAt) ? staleAt : unusableAt, unusableAt);
	}

	/**
	 * Return when a token turns unusable: its must-refresh margin before its expiry.
	 * @param token the token
	 * @param settings the lifecycle timings
	 * @return the instant
	 */
	static Instant unusableAt(ProgenyToken token, ProgenyTokenSettings settings) {
		return token.expiresAt().minus(settings.mustRefreshMarginFor(lifetime(token)));
	}

	/**
	 * Return the phase of the token at the given instant.
	 * @param now the instant, on the local clock
	 * @return {@link Phase#FRESH}, {@link Phase#STALE} or {@link Phase#UNUSABLE}
	 */
	Phase phaseAt(Instant now) {
		if (!now.isBefore(this.unusableAt)) {
			return Phase.UNUSABLE;
		}
		return now.isBefore(this.staleAt) ? Phase.FRESH : Phase.STALE;
	}

	private static Duration lifetime(ProgenyToken token) {
		return token.lifetime().isNegative() ? Duration.ZERO : token.lifetime();
	}

}
