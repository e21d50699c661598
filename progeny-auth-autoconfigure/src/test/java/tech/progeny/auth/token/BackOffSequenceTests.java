package tech.progeny.auth.token;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.ExponentialBackOff;

import static org.assertj.core.api.Assertions.assertThat;

class BackOffSequenceTests {

	@Test
	void exponentialThenGrowsFromTheFirstDelayWithJitterUpToTheLongest() {
		BackOffSequence delays = new BackOffSequence(
				BackOffSequence.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)), Duration.ofMinutes(5));
		assertThat(delays.next()).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
		Duration last = Duration.ZERO;
		for (int i = 0; i < 20; i++) {
			last = delays.next();
			assertThat(last).isLessThanOrEqualTo(Duration.ofMillis(10_050));
		}
		assertThat(last).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void nextWhenTheScheduleStopsThenTheLongestDelay() {
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
		backOff.setMaxElapsedTime(100);
		BackOffSequence delays = new BackOffSequence(backOff, Duration.ofSeconds(7));
		assertThat(delays.next()).isEqualTo(Duration.ofMillis(100));
		assertThat(delays.next()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void resetThenStartsTheScheduleOver() {
		BackOffSequence delays = new BackOffSequence(new ExponentialBackOff(100, 2.0), Duration.ofMinutes(5));
		delays.next();
		delays.next();
		delays.reset();
		assertThat(delays.next()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void afterThenTheDelayOfThatStepFromARunOfItsOwn() {
		ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
		backOff.setMaxInterval(Long.MAX_VALUE);
		BackOffSequence delays = new BackOffSequence(backOff, Duration.ofMinutes(5));
		delays.next();
		assertThat(delays.after(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(delays.after(4)).isEqualTo(Duration.ofSeconds(8));
		assertThat(delays.after(100_000)).isEqualTo(Duration.ofMinutes(5));
		// the sequence's own run goes on where it was
		assertThat(delays.next()).isEqualTo(Duration.ofSeconds(2));
		// a schedule that levels off below the longest (Spring's default: 30 s)
		BackOffSequence levelled = new BackOffSequence(new ExponentialBackOff(1_000, 2.0), Duration.ofMinutes(5));
		assertThat(levelled.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
	}

}
