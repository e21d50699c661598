package tech.progeny.auth.token;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.ExponentialBackOff;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;

import static org.assertj.core.api.Assertions.assertThat;

class LoginHoldOffTests {

	private static final long SECOND = 1_000_000_000;

	private static final ProgenyCredentials WRONG = new ProgenyCredentials("clinic", "wrong");

	private static final ProgenyCredentialsRejectedException REFUSAL = new ProgenyCredentialsRejectedException(
			"No active account found with the given credentials");

	private final LoginHoldOff holdOff = new LoginHoldOff(new ExponentialBackOff(1_000, 2.0));

	@Test
	void checkWhenNothingWasRefusedThenTheLoginMayGoAhead() {
		assertThat(this.holdOff.check(WRONG, 0)).isNull();
	}

	/**
	 * Record a refusal of the given credentials in this process alone, as when the store
	 * shares nothing, and return its hold-off.
	 */
	private Duration refused(ProgenyCredentials credentials, long now) {
		ProgenyLoginHoldOff next = this.holdOff.next(credentials, ProgenyLoginHoldOff.NONE);
		this.holdOff.holdOff(credentials, REFUSAL, next, now);
		return next.remaining();
	}

	@Test
	void nextWhenRefusedInThisProcessThenHoldsTheSameCredentialsOffForADoublingTime() {
		assertThat(refused(WRONG, 0)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.holdOff.check(WRONG, SECOND - 1)).isSameAs(REFUSAL);
		assertThat(this.holdOff.check(WRONG, SECOND)).isNull();
		assertThat(refused(WRONG, SECOND)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.holdOff.check(WRONG, 3 * SECOND - 1)).isSameAs(REFUSAL);
	}

	@Test
	void nextWhenTheFleetCountedMoreRefusalsThenTakesTheStepAfterTheFleets() {
		ProgenyLoginHoldOff next = this.holdOff.next(WRONG, new ProgenyLoginHoldOff(Duration.ZERO, 3));
		assertThat(next).isEqualTo(new ProgenyLoginHoldOff(Duration.ofSeconds(8), 4));
		refused(WRONG, 0);
		assertThat(this.holdOff.next(WRONG, new ProgenyLoginHoldOff(Duration.ZERO, 1)).refusals()).isEqualTo(2);
	}

	@Test
	void holdOffWhenTheFleetHoldsOffThenThisProcessHoldsOffAsLongAndGoesOnFromItsStep() {
		this.holdOff.holdOff(WRONG, REFUSAL, new ProgenyLoginHoldOff(Duration.ofSeconds(4), 3), 0);
		assertThat(this.holdOff.check(WRONG, 4 * SECOND - 1)).isSameAs(REFUSAL);
		assertThat(this.holdOff.check(WRONG, 4 * SECOND)).isNull();
		// the store fails now: this process goes on from the fleet's step, not from 1 s
		assertThat(refused(WRONG, 4 * SECOND)).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void checkWhenTheCredentialsChangedThenEndsTheHoldOff() {
		refused(WRONG, 0);
		assertThat(this.holdOff.check(new ProgenyCredentials("clinic", "rotated"), 0)).isNull();
		assertThat(this.holdOff.check(WRONG, 0)).isNull();
		assertThat(refused(WRONG, 0)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void resetThenTellsWhetherLoginsWereHeldOffAndStartsOver() {
		assertThat(this.holdOff.reset()).isFalse();
		refused(WRONG, 0);
		refused(WRONG, 0);
		assertThat(this.holdOff.reset()).isTrue();
		assertThat(this.holdOff.check(WRONG, 0)).isNull();
		assertThat(refused(WRONG, 0)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void nextWhenTheBackOffGrowsBeyondFiveMinutesThenFiveMinutes() {
		ExponentialBackOff backOff = new ExponentialBackOff(1_000, 10.0);
		backOff.setMaxInterval(3_600_000);
		this.holdOff.setBackOff(backOff);
		for (int i = 0; i < 3; i++) {
			refused(WRONG, 0);
		}
		assertThat(refused(WRONG, 0)).isEqualTo(LoginHoldOff.MAX_HOLD_OFF);
		assertThat(this.holdOff.next(WRONG, new ProgenyLoginHoldOff(Duration.ZERO, 10_000)).remaining())
			.isEqualTo(LoginHoldOff.MAX_HOLD_OFF);
	}

}
