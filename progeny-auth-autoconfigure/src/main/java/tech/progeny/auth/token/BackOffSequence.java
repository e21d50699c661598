package tech.progeny.auth.token;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The delays of one run of consecutive failures, from a Spring {@link BackOff}, until a
 * success resets it. A schedule that stops goes on with its longest delay. Not
 * thread-safe, but for {@link #setBackOff(BackOff)}.
 */
final class BackOffSequence {

	static final int MAX_STEPS = 64;

	private final Duration max;

	private volatile BackOff backOff;

	private @Nullable BackOffExecution execution;

	/**
	 * Create a sequence.
	 * @param backOff the schedule
	 * @param max the delay once the schedule stops, and the longest delay
	 */
	BackOffSequence(BackOff backOff, Duration max) {
		this.backOff = backOff;
		this.max = max;
	}

	/**
	 * Return an exponential schedule with jitter of half the initial delay, as the
	 * lifecycle's defaults use.
	 * @param initial the first delay
	 * @param max the longest delay
	 * @return the schedule
	 */
	static ExponentialBackOff exponential(Duration initial, Duration max) {
		ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), 2.0);
		backOff.setMaxInterval(max.toMillis());
		backOff.setJitter(initial.toMillis() / 2);
		return backOff;
	}

	/**
	 * Replace the schedule, from the next run of failures on.
	 * @param backOff the schedule
	 */
	void setBackOff(BackOff backOff) {
		Assert.notNull(backOff, "backOff cannot be null");
		this.backOff = backOff;
	}

	/**
	 * Return the delay after one more failure.
	 * @return the delay, at most the longest
	 */
	Duration next() {
		BackOffExecution current = this.execution;
		if (current == null) {
			current = this.backOff.start();
			this.execution = current;
		}
		return bounded(current.nextBackOff());
	}

	/**
	 * Return the delay after the given number of failures in a row, from a run of its
	 * own: for failures counted elsewhere, such as across a fleet. This sequence's own
	 * run is left as it is. Failures beyond the {@value #MAX_STEPS}th have that one's
	 * delay, by which any schedule that grows has reached its longest.
	 * @param failures the failures in a row, positive
	 * @return the delay, at most the longest
	 */
	Duration after(int failures) {
		Assert.isTrue(failures > 0, "failures must be positive");
		BackOffExecution run = this.backOff.start();
		Duration delay = bounded(run.nextBackOff());
		int steps = Math.min(failures, MAX_STEPS);
		for (int i = 1; i < steps && delay.compareTo(this.max) < 0; i++) {
			delay = bounded(run.nextBackOff());
		}
		return delay;
	}

	private Duration bounded(long millis) {
		Duration delay = (millis == BackOffExecution.STOP) ? this.max : Duration.ofMillis(millis);
		return (delay.compareTo(this.max) > 0) ? this.max : delay;
	}

	/**
	 * Start over after a success.
	 */
	void reset() {
		this.execution = null;
	}

}
