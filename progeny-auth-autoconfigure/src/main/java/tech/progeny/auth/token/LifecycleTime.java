package tech.progeny.auth.token;

import java.time.Clock;
import java.time.Instant;

import org.springframework.util.Assert;

/**
 * The two clocks of a token lifecycle: the wall {@link Clock}, read only where a token's
 * expiry is placed and compared ({@code exp}, {@code iat}, {@code Date}), and the
 * monotonic {@link Ticker}, which measures every duration. Thread-safe.
 */
final class LifecycleTime {

	private volatile Clock clock = Clock.systemUTC();

	private volatile Ticker ticker = Ticker.system();

	void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	void setTicker(Ticker ticker) {
		Assert.notNull(ticker, "ticker cannot be null");
		this.ticker = ticker;
	}

	Clock clock() {
		return this.clock;
	}

	/**
	 * Return the wall clock's instant.
	 * @return the instant
	 */
	Instant now() {
		return this.clock.instant();
	}

	/**
	 * Return the monotonic ticker's reading.
	 * @return nanoseconds from an arbitrary origin
	 */
	long tick() {
		return this.ticker.read();
	}

}
