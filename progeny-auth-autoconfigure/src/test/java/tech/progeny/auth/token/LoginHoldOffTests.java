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

	@Test
	void refusedWhenRepeatedThenHoldsTheSameCredentialsOffForADoublingTime() {
		assertThat(this.holdOff.refused(WRONG, REFUSAL, 0)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.holdOff.check(WRONG, SECOND - 1)).isSameAs(REFUSAL);
		assertThat(this.holdOff.check(WRONG, SECOND)).isNull();
		assertThat(this.holdOff.refused(WRONG, REFUSAL, SECOND)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.holdOff.check(WRONG, 3 * SECOND - 1)).isSameAs(REFUSAL);
	}

	@Test
	void checkWhenTheCredentialsChangedThenEndsTheHoldOff() {
		this.holdOff.refused(WRONG, REFUSAL, 0);
		assertThat(this.holdOff.check(new ProgenyCredentials("clinic", "rotated"), 0)).isNull();
		assertThat(this.holdOff.check(WRONG, 0)).isNull();
		assertThat(this.holdOff.refused(WRONG, REFUSAL, 0)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void resetThenTellsWhetherLoginsWereHeldOffAndStartsOver() {
		assertThat(this.holdOff.reset()).isFalse();
		this.holdOff.refused(WRONG, REFUSAL, 0);
		this.holdOff.refused(WRONG, REFUSAL, 0);
		assertThat(this.holdOff.reset()).isTrue();
		assertThat(this.holdOff.check(WRONG, 0)).isNull();
		assertThat(this.holdOff.refused(WRONG, REFUSAL, 0)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void refusedWhenTheBackOffGrowsBeyondFiveMinutesThenFiveMinutes() {
		ExponentialBackOff backOff = new ExponentialBackOff(1_000, 10.0);
		backOff.setMaxInterval(3_600_000);
		this.holdOff.setBackOff(backOff);
		for (int i = 0; i < 3; i++) {
			this.holdOff.refused(WRONG, REFUSAL, 0);
		}
		assertThat(this.holdOff.refused(WRONG, REFUSAL, 0)).isEqualTo(LoginHoldOff.MAX_HOLD_OFF);
	}

}
