package tech.progeny.auth.token;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.util.backoff.BackOff;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.client.ProgenyServerUnavailableException;

/**
 * When the next token request may be made after transient failures: the backoff (by
 * default 100 ms doubling to 10 s, with jitter), or the server's {@code Retry-After} when
 * it is longer, never more than 5 minutes. Deadlines are readings of a monotonic
 * {@link Ticker}, which a wall clock that steps back cannot stretch. Thread-safe;
 * {@link #isWaiting(long)} takes no lock.
 */
final class RetrySchedule {

	static final Duration MAX_DELAY = Duration.ofMinutes(5);

	private final ReentrantLock lock = new ReentrantLock();

	private final BackOffSequence delays;

	private volatile boolean waiting;

	private volatile long retryAt;

	/**
	 * Create a schedule.
	 * @param backOff the delays between consecutive failures
	 */
	RetrySchedule(BackOff backOff) {
		this.delays = new BackOffSequence(backOff, MAX_DELAY);
	}

	void setBackOff(BackOff backOff) {
		this.delays.setBackOff(backOff);
	}

	/**
	 * Record a transient failure and return how long to wait before the next request.
	 * @param failure the failure
	 * @param now the ticker's reading
	 * @return the delay
	 */
	Duration failed(ProgenyAuthException failure, long now) {
		this.lock.lock();
		try {
			Duration delay = this.delays.next();
			if (failure instanceof ProgenyServerUnavailableException unavailable
					&& unavailable.getRetryAfter() != null) {
				Duration retryAfter = unavailable.getRetryAfter();
				if (retryAfter.compareTo(delay) > 0) {
					delay = (retryAfter.compareTo(MAX_DELAY) > 0) ? MAX_DELAY : retryAfter;
				}
			}
			this.retryAt = now + delay.toNanos();
			this.waiting = true;
			return delay;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Whether requests should still wait.
	 * @param now the ticker's reading
	 * @return {@code true} until the delay of the latest failure has passed
	 */
	boolean isWaiting(long now) {
		return this.waiting && now - this.retryAt < 0;
	}

	/**
	 * Start over after a success.
	 */
	void reset() {
		this.lock.lock();
		try {
			this.waiting = false;
			this.delays.reset();
		}
		finally {
			this.lock.unlock();
		}
	}

}
