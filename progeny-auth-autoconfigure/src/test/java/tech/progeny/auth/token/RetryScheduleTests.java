package tech.progeny.auth.token;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.ExponentialBackOff;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.client.ProgenyMalformedResponseException;
import tech.progeny.auth.client.ProgenyServerUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTests {

	private static final long MS = 1_000_000;

	private static final ProgenyAuthException FAILURE = new ProgenyMalformedResponseException("garbled", null);

	private final RetrySchedule schedule = new RetrySchedule(new ExponentialBackOff(100, 2.0));

	private static ProgenyServerUnavailableException retryAfter(Duration retryAfter) {
		return new ProgenyServerUnavailableException("throttled", 429, retryAfter);
	}

	@Test
	void isWaitingWhenNothingFailedThenFalse() {
		assertThat(this.schedule.isWaiting(0)).isFalse();
	}

	@Test
	void failedWhenFailuresFollowEachOtherThenTheDelayDoubles() {
		assertThat(this.schedule.failed(FAILURE, 0)).isEqualTo(Duration.ofMillis(100));
		assertThat(this.schedule.isWaiting(99 * MS)).isTrue();
		assertThat(this.schedule.isWaiting(100 * MS)).isFalse();
		assertThat(this.schedule.failed(FAILURE, 100 * MS)).isEqualTo(Duration.ofMillis(200));
		assertThat(this.schedule.failed(FAILURE, 300 * MS)).isEqualTo(Duration.ofMillis(400));
		assertThat(this.schedule.isWaiting(699 * MS)).isTrue();
	}

	@Test
	void failedWhenRetryAfterIsLongerThenItWins() {
		assertThat(this.schedule.failed(retryAfter(Duration.ofSeconds(30)), 0)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.schedule.failed(retryAfter(Duration.ofMillis(1)), 0)).isEqualTo(Duration.ofMillis(200));
	}

	@Test
	void failedWhenRetryAfterIsLongerThanFiveMinutesThenFiveMinutes() {
		assertThat(this.schedule.failed(retryAfter(Duration.ofDays(1)), 0)).isEqualTo(RetrySchedule.MAX_DELAY);
	}

	@Test
	void resetThenNotWaitingAndTheDelaysStartOver() {
		this.schedule.failed(FAILURE, 0);
		this.schedule.failed(FAILURE, 0);
		this.schedule.reset();
		assertThat(this.schedule.isWaiting(0)).isFalse();
		assertThat(this.schedule.failed(FAILURE, 0)).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void isWaitingWhenTheTickerWrapsAroundThenStillCountsTheDelay() {
		long now = Long.MAX_VALUE - 50 * MS;
		this.schedule.failed(FAILURE, now);
		assertThat(this.schedule.isWaiting(now + 99 * MS)).isTrue();
		assertThat(this.schedule.isWaiting(now + 100 * MS)).isFalse();
	}

	@Test
	void failedWhenTheBackOffStopsThenTheLongestDelay() {
		ExponentialBackOff stopping = new ExponentialBackOff(100, 2.0);
		stopping.setMaxAttempts(1);
		this.schedule.setBackOff(stopping);
		assertThat(this.schedule.failed(FAILURE, 0)).isEqualTo(Duration.ofMillis(100));
		assertThat(this.schedule.failed(FAILURE, 0)).isEqualTo(RetrySchedule.MAX_DELAY);
	}

}
