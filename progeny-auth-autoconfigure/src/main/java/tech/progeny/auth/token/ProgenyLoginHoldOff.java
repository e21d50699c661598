package tech.progeny.auth.token;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * A hold-off on logins after Progeny refused the credentials, as a
 * {@link ProgenyTokenStore} shares it across a fleet: how much longer it lasts, and how
 * many refusals in a row of the credentials it follows. The count is the step of the
 * hold-off schedule (by default 1 s, doubling to 5 minutes), so that whichever instance
 * is refused next holds the fleet off for the next step: the fleet's logins follow one
 * schedule, as a single instance's do. A hold-off that has elapsed still carries its
 * count until a login succeeds or the credentials change.
 *
 * @param remaining how much longer logins are held off, zero once the hold-off elapsed
 * @param refusals the refusals in a row so far, zero for none
 */
public record ProgenyLoginHoldOff(Duration remaining, int refusals) {

	/**
	 * No hold-off and no refusal: logins may go ahead.
	 */
	public static final ProgenyLoginHoldOff NONE = new ProgenyLoginHoldOff(Duration.ZERO, 0);

	/**
	 * Create a hold-off; a negative remaining time is taken as zero.
	 * @param remaining how much longer logins are held off
	 * @param refusals the refusals in a row so far, not negative
	 */
	public ProgenyLoginHoldOff {
		Assert.notNull(remaining, "remaining cannot be null");
		Assert.isTrue(refusals >= 0, "refusals must not be negative");
		if (remaining.isNegative()) {
			remaining = Duration.ZERO;
		}
	}

	/**
	 * Whether logins are still held off.
	 * @return {@code true} if some time remains
	 */
	public boolean isActive() {
		return !this.remaining.isZero();
	}

}
