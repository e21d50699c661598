package tech.progeny.auth.token;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A {@link ProgenyTokenStore} that several providers of one test share, as the providers
 * of a fleet share theirs: versioned entries, a real lease that expires on the test's
 * ticker, a shared login hold-off that counts refusals once per step, and a switch that makes every call fail, as a store
 * that is down. It plays the store SPI's contract, not any engine.
 */
final class LeasingTokenStore implements ProgenyTokenStore {

	private final ReentrantLock lock = new ReentrantLock();

	private final Ticker ticker;

	private @Nullable ProgenyStoredToken entry;

	private long versions;

	private @Nullable Lease lease;

	private long holdOffUntil;

	private int refusals;

	private volatile boolean down;

	final AtomicInteger leasesGranted = new AtomicInteger();

	final AtomicInteger leasesRefused = new AtomicInteger();

	final AtomicInteger failedCalls = new AtomicInteger();

	final List<ProgenyLoginHoldOff> holdOffs = new CopyOnWriteArrayList<>();

	LeasingTokenStore(Ticker ticker) {
		this.ticker = ticker;
	}

	/**
	 * Make every call fail, or answer again.
	 * @param down whether the store is down
	 */
	void down(boolean down) {
		this.down = down;
	}

	/**
	 * Return a view of this store whose saves fail, as a provider that crashes after its
	 * token request and never writes the result.
	 * @return the view
	 */
	ProgenyTokenStore withFailingSaves() {
		return withSaves((expected, token) -> {
			throw new IllegalStateException("crashed before saving");
		});
	}

	/**
	 * Return a view of this store whose saves go through the given function.
	 * @param save what a save does
	 * @return the view
	 */
	ProgenyTokenStore withSaves(
			BiFunction<@Nullable ProgenyStoredToken, ProgenyToken, @Nullable ProgenyStoredToken> save) {
		return new View() {

			@Override
			public @Nullable ProgenyStoredToken compareAndSave(@Nullable ProgenyStoredToken expected,
					ProgenyToken token) {
				return save.apply(expected, token);
			}

		};
	}

	/**
	 * Return a view of this store in which another provider records the given refusal
	 * just after each read of the login hold-off, as one refused in the same attempt
	 * window would.
	 * @param othersRefusal the other provider's hold-off
	 * @return the view
	 */
	ProgenyTokenStore withRefusalAfterEachRead(ProgenyLoginHoldOff othersRefusal) {
		return new View() {

			@Override
			public ProgenyLoginHoldOff loginHoldOff() {
				ProgenyLoginHoldOff seen = LeasingTokenStore.this.loginHoldOff();
				LeasingTokenStore.this.holdOffLogins(othersRefusal);
				return seen;
			}

		};
	}

	@Override
	public @Nullable ProgenyStoredToken load() {
		return locked(() -> this.entry);
	}

	@Override
	public @Nullable ProgenyStoredToken compareAndSave(@Nullable ProgenyStoredToken expected, ProgenyToken token) {
		return locked(() -> {
			if (this.entry != expected) {
				return null;
			}
			this.entry = new ProgenyStoredToken(token, ++this.versions);
			return this.entry;
		});
	}

	@Override
	public boolean compareAndRemove(ProgenyStoredToken expected) {
		return locked(() -> {
			if (this.entry != expected) {
				return false;
			}
			this.entry = null;
			return true;
		});
	}

	@Override
	public @Nullable ProgenyTokenLease tryAcquireLease(Duration ttl) {
		return locked(() -> {
			long now = this.ticker.read();
			if (this.lease != null && now - this.lease.expiresAt < 0) {
				this.leasesRefused.incrementAndGet();
				return null;
			}
			this.lease = new Lease(now + ttl.toNanos());
			this.leasesGranted.incrementAndGet();
			return this.lease;
		});
	}

	@Override
	public ProgenyLoginHoldOff loginHoldOff() {
		return locked(this::currentHoldOff);
	}

	@Override
	public ProgenyLoginHoldOff holdOffLogins(ProgenyLoginHoldOff holdOff) {
		return locked(() -> {
			this.holdOffs.add(holdOff);
			if (holdOff.refusals() == 0) {
				this.refusals = 0;
				this.holdOffUntil = this.ticker.read();
			}
			else if (this.refusals < holdOff.refusals()) {
				this.refusals = holdOff.refusals();
				this.holdOffUntil = this.ticker.read() + holdOff.remaining().toNanos();
			}
			return currentHoldOff();
		});
	}

	private ProgenyLoginHoldOff currentHoldOff() {
		if (this.refusals == 0) {
			return ProgenyLoginHoldOff.NONE;
		}
		return new ProgenyLoginHoldOff(Duration.ofNanos(Math.max(0, this.holdOffUntil - this.ticker.read())),
				this.refusals);
	}

	@Override
	public ProgenyTokenStatus.Store status() {
		return new ProgenyTokenStatus.Store("leasing", !this.down, false);
	}

	private <T> T locked(Supplier<T> call) {
		if (this.down) {
			this.failedCalls.incrementAndGet();
			throw new IllegalStateException("store is down");
		}
		this.lock.lock();
		try {
			return call.get();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A view of this store, which every call goes through unless a subclass says
	 * otherwise.
	 */
	private class View implements ProgenyTokenStore {

		@Override
		public @Nullable ProgenyStoredToken load() {
			return LeasingTokenStore.this.load();
		}

		@Override
		public @Nullable ProgenyStoredToken compareAndSave(@Nullable ProgenyStoredToken expected, ProgenyToken token) {
			return LeasingTokenStore.this.compareAndSave(expected, token);
		}

		@Override
		public boolean compareAndRemove(ProgenyStoredToken expected) {
			return LeasingTokenStore.this.compareAndRemove(expected);
		}

		@Override
		public @Nullable ProgenyTokenLease tryAcquireLease(Duration ttl) {
			return LeasingTokenStore.this.tryAcquireLease(ttl);
		}

		@Override
		public ProgenyLoginHoldOff loginHoldOff() {
			return LeasingTokenStore.this.loginHoldOff();
		}

		@Override
		public ProgenyLoginHoldOff holdOffLogins(ProgenyLoginHoldOff holdOff) {
			return LeasingTokenStore.this.holdOffLogins(holdOff);
		}

	}

	private final class Lease implements ProgenyTokenLease {

		private final long expiresAt;

		Lease(long expiresAt) {
			this.expiresAt = expiresAt;
		}

		@Override
		public void close() {
			LeasingTokenStore.this.lock.lock();
			try {
				if (LeasingTokenStore.this.lease == this) {
					LeasingTokenStore.this.lease = null;
				}
			}
			finally {
				LeasingTokenStore.this.lock.unlock();
			}
		}

	}

}
