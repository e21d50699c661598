package tech.progeny.auth.token;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Counts and times of what a token lifecycle did, for its {@link ProgenyTokenStatus}.
 * Thread-safe; nothing here is on the hot path.
 */
final class LifecycleActivity {

	private final AtomicLong logins = new AtomicLong();

	private final AtomicLong refreshes = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong invalidations = new AtomicLong();

	private volatile @Nullable Instant lastLoginAt;

	private volatile @Nullable Instant lastRefreshAt;

	void loggedIn(Instant at) {
		this.logins.incrementAndGet();
		this.lastLoginAt = at;
	}

	void refreshed(Instant at) {
		this.refreshes.incrementAndGet();
		this.lastRefreshAt = at;
	}

	void failed() {
		this.failures.incrementAndGet();
	}

	void invalidated() {
		this.invalidations.incrementAndGet();
	}

	ProgenyTokenStatus.Activity snapshot() {
		return new ProgenyTokenStatus.Activity(this.logins.get(), this.refreshes.get(), this.failures.get(),
				this.invalidations.get(), this.lastLoginAt, this.lastRefreshAt);
	}

}
