package tech.progeny.auth.token;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Timings of the token lifecycle.
 *
 * @param refreshAhead how long before expiry a token turns stale and is refreshed in the
 * background, capped at a fifth of the token's lifetime
 * @param mustRefreshMargin how long before expiry a token is no longer sent and callers
 * wait for a new one, capped at a tenth of the token's lifetime
 * @param fallbackLifetime lifetime of an access token whose expiry cannot be read
 * @param maxJitter largest random share, from 0 to 1, by which the refresh-ahead window
 * is lengthened, so that instances do not refresh in step
 * @param connectTimeout connect timeout for token requests, which bounds how long callers
 * wait for a token unless the token client declares its own
 * ({@link tech.progeny.auth.client.ProgenyTokenClient#setTimeouts})
 * @param readTimeout read timeout for token requests, likewise
 */
public record ProgenyTokenSettings(Duration refreshAhead, Duration mustRefreshMargin, Duration fallbackLifetime,
		double maxJitter, Duration connectTimeout, Duration readTimeout) {

	private static final ProgenyTokenSettings DEFAULTS = new ProgenyTokenSettings(Duration.ofSeconds(60),
			Duration.ofSeconds(15), Duration.ofMinutes(5), 0.2, Duration.ofSeconds(5), Duration.ofSeconds(10));

	public ProgenyTokenSettings {
		Assert.isTrue(!refreshAhead.isNegative(), "refreshAhead must not be negative");
		Assert.isTrue(!mustRefreshMargin.isNegative(), "mustRefreshMargin must not be negative");
		Assert.isTrue(!fallbackLifetime.isNegative() && !fallbackLifetime.isZero(), "fallbackLifetime must be positive");
		Assert.isTrue(maxJitter >= 0 && maxJitter <= 1, "maxJitter must be between 0 and 1");
		Assert.isTrue(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connectTimeout must be positive");
		Assert.isTrue(!readTimeout.isNegative() && !readTimeout.isZero(), "readTimeout must be positive");
	}

	/**
	 * Return the default settings: refresh 60 s ahead with up to 20 % jitter, stop sending
	 * 15 s before expiry, a 5-minute fallback lifetime, 5 s connect and 10 s read
	 * timeouts.
	 * @return the defaults
	 */
	public static ProgenyTokenSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * Return a copy with the given refresh-ahead window.
	 * @param refreshAhead the window
	 * @return a copy
	 */
	public ProgenyTokenSettings withRefreshAhead(Duration refreshAhead) {
		return new ProgenyTokenSettings(refreshAhead, this.mustRefreshMargin, this.fallbackLifetime, this.maxJitter,
				this.connectTimeout, this.readTimeout);
	}

	/**
	 * Return a copy with the given must-refresh margin.
	 * @param mustRefreshMargin the margin
	 * @return a copy
	 */
	public ProgenyTokenSettings withMustRefreshMargin(Duration mustRefreshMargin) {
		return new ProgenyTokenSettings(this.refreshAhead, mustRefreshMargin, this.fallbackLifetime, this.maxJitter,
				this.connectTimeout, this.readTimeout);
	}

	/**
	 * Return a copy with the given fallback lifetime.
	 * @param fallbackLifetime the lifetime
	 * @return a copy
	 */
	public ProgenyTokenSettings withFallbackLifetime(Duration fallbackLifetime) {
		return new ProgenyTokenSettings(this.refreshAhead, this.mustRefreshMargin, fallbackLifetime, this.maxJitter,
				this.connectTimeout, this.readTimeout);
	}

	/**
	 * Return a copy with the given jitter.
	 * @param maxJitter the largest share, from 0 to 1
	 * @return a copy
	 */
	public ProgenyTokenSettings withMaxJitter(double maxJitter) {
		return new ProgenyTokenSettings(this.refreshAhead, this.mustRefreshMargin, this.fallbackLifetime, maxJitter,
				this.connectTimeout, this.readTimeout);
	}

	/**
	 * Return a copy with the given timeouts.
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the read timeout
	 * @return a copy
	 */
	public ProgenyTokenSettings withTimeouts(Duration connectTimeout, Duration readTimeout) {
		return new ProgenyTokenSettings(this.refreshAhead, this.mustRefreshMargin, this.fallbackLifetime,
				this.maxJitter, connectTimeout, readTimeout);
	}

	/**
	 * Return the refresh-ahead window for a token of the given lifetime, before jitter.
	 * @param lifetime the token's lifetime
	 * @return the window
	 */
	Duration refreshAheadFor(Duration lifetime) {
		return min(this.refreshAhead, lifetime.dividedBy(5));
	}

	/**
	 * Return the must-refresh margin for a token of the given lifetime.
	 * @param lifetime the token's lifetime
	 * @return the margin
	 */
	Duration mustRefreshMarginFor(Duration lifetime) {
		return min(this.mustRefreshMargin, lifetime.dividedBy(10));
	}

	/**
	 * Return the longest a caller waits for one token exchange, which may be a rejected
	 * refresh followed by a login.
	 * @return the bound
	 */
	Duration maxWait() {
		return this.connectTimeout.plus(this.readTimeout).multipliedBy(2).plusSeconds(1);
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
