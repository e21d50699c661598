package tech.progeny.auth.token;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.client.ProgenyCredentials;

/**
 * This process's hold-off on logins after Progeny refused the credentials: by default
 * 1 s, doubling to 5 minutes, so that a wrong password can neither hammer the login
 * endpoint nor lock the account. A successful login or new credentials end it. In a
 * fleet, the step of the schedule is the fleet's ({@link ProgenyLoginHoldOff}): each
 * refusal takes the step after the larger of this process's count and the fleet's, and
 * this process holds off for as long as the fleet does, so that it keeps to the fleet's
 * schedule even while the store is unavailable. Deadlines are readings of a monotonic
 * {@link Ticker}. Thread-safe.
 */
final class LoginHoldOff {

	static final Duration MAX_HOLD_OFF = Duration.ofMinutes(5);

	private final ReentrantLock lock = new ReentrantLock();

	private final BackOffSequence delays;

	private @Nullable ProgenyCredentials rejected;

	private @Nullable ProgenyAuthException failure;

	private long heldUntil;

	private int refusals;

	private boolean refusedSinceSuccess;

	/**
	 * Create a hold-off.
	 * @param backOff the hold-offs after consecutive refusals
	 */
	LoginHoldOff(BackOff backOff) {
		this.delays = new BackOffSequence(backOff, MAX_HOLD_OFF);
	}

	void setBackOff(BackOff backOff) {
		this.delays.setBackOff(backOff);
	}

	/**
	 * Return the refusal that still holds a login with the given credentials off.
	 * Credentials other than the refused ones end the hold-off.
	 * @param credentials the credentials to log in with
	 * @param now the ticker's reading
	 * @return the refusal, or {@code null} if the login may go ahead
	 */
	@Nullable ProgenyAuthException check(ProgenyCredentials credentials, long now) {
		this.lock.lock();
		try {
			if (this.failure == null) {
				return null;
			}
			if (!credentials.equals(this.rejected)) {
				clear();
				return null;
			}
			return (now - this.heldUntil < 0) ? this.failure : null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the hold-off after one more refusal of the given credentials than this
	 * process or the fleet counted.
	 * @param credentials the refused credentials
	 * @param fleet the fleet's hold-off, read before the login
	 * @return the next step of the schedule
	 */
	ProgenyLoginHoldOff next(ProgenyCredentials credentials, ProgenyLoginHoldOff fleet) {
		this.lock.lock();
		try {
			int counted = credentials.equals(this.rejected) ? this.refusals : 0;
			int refusals = Math.max(counted, fleet.refusals()) + 1;
			return new ProgenyLoginHoldOff(this.delays.after(refusals), refusals);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Hold logins with the given credentials off as the given hold-off says: after a
	 * refusal here, or one that another instance of the fleet recorded.
	 * @param credentials the refused credentials
	 * @param failure what a login gets meanwhile
	 * @param holdOff how long, and after how many refusals in a row
	 * @param now the ticker's reading
	 */
	void holdOff(ProgenyCredentials credentials, ProgenyAuthException failure, ProgenyLoginHoldOff holdOff,
			long now) {
		this.lock.lock();
		try {
			this.heldUntil = now + holdOff.remaining().toNanos();
			this.refusals = holdOff.refusals();
			this.rejected = credentials;
			this.failure = failure;
			this.refusedSinceSuccess = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * End the hold-off after a successful login.
	 * @return {@code true} if a login was refused or held off since the last success,
	 * even with other credentials
	 */
	boolean reset() {
		this.lock.lock();
		try {
			boolean refused = this.refusedSinceSuccess;
			this.refusedSinceSuccess = false;
			clear();
			return refused;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void clear() {
		this.refusals = 0;
		this.rejected = null;
		this.failure = null;
	}

}
