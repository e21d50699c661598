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
 * endpoint nor lock the account. A successful login or new credentials end it. Deadlines
 * are readings of a monotonic {@link Ticker}. Thread-safe.
 */
final class LoginHoldOff {

	static final Duration MAX_HOLD_OFF = Duration.ofMinutes(5);

	private final ReentrantLock lock = new ReentrantLock();

	private final BackOffSequence delays;

	private @Nullable ProgenyCredentials rejected;

	private @Nullable ProgenyAuthException failure;

	private long heldUntil;

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
	 * Record a refusal of the given credentials and return how long logins are held off.
	 * @param credentials the refused credentials
	 * @param failure the refusal
	 * @param now the ticker's reading
	 * @return the hold-off
	 */
	Duration refused(ProgenyCredentials credentials, ProgenyAuthException failure, long now) {
		this.lock.lock();
		try {
			Duration holdOff = this.delays.next();
			this.heldUntil = now + holdOff.toNanos();
			this.rejected = credentials;
			this.failure = failure;
			this.refusedSinceSuccess = true;
			return holdOff;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * End the hold-off after a successful login.
	 * @return {@code true} if a login was refused since the last success, even with
	 * other credentials
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
		this.delays.reset();
		this.rejected = null;
		this.failure = null;
	}

}
