package tech.progeny.auth.token;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The provider's side of its {@link ProgenyTokenStore}: every call guarded, so that a
 * store that fails (Redis down, slow or flushed) turns the provider into a per-process
 * lifecycle instead of failing its callers. An outage is logged once at WARN when it
 * starts and once at INFO when the store answers again; the next renewal then writes its
 * token back. Within one renewal, a store that failed is not asked again, so that a slow
 * store costs at most one timeout per renewal.
 * <p>
 * Only the provider's exchange thread calls the store; the outage state is read by any
 * thread for the status.
 */
final class GuardedStore {

	private static final Log logger = LogFactory.getLog(GuardedStore.class);

	private final ProgenyTokenStore store;

	private volatile boolean reachable = true;

	private volatile boolean leaseHeld;

	private boolean failedInThisRenewal;

	GuardedStore(ProgenyTokenStore store) {
		this.store = store;
	}

	/**
	 * Begin a renewal: a store that failed in the previous one is asked again.
	 */
	void beginRenewal() {
		this.failedInThisRenewal = false;
	}

	/**
	 * Whether the store can be asked in this renewal.
	 * @return {@code false} if it failed in this renewal
	 */
	boolean isAvailable() {
		return !this.failedInThisRenewal;
	}

	@Nullable ProgenyStoredToken load() {
		return call("load", this.store::load, null);
	}

	/**
	 * Store the token if the stored entry is still the expected one.
	 * @return the new entry, or {@code null} if another entry was stored meanwhile or the
	 * store failed (see {@link #isAvailable()})
	 */
	@Nullable ProgenyStoredToken compareAndSave(@Nullable ProgenyStoredToken expected, ProgenyToken token) {
		return call("compareAndSave", () -> this.store.compareAndSave(expected, token), null);
	}

	boolean compareAndRemove(ProgenyStoredToken expected) {
		Boolean removed = call("compareAndRemove", () -> this.store.compareAndRemove(expected), Boolean.FALSE);
		return Boolean.TRUE.equals(removed);
	}

	/**
	 * Take the store's lease for one token request. A store that fails grants it: the
	 * provider's own single flight is then all there is.
	 * @param ttl how long the lease lasts unless released
	 * @return the lease, released on {@link ProgenyTokenLease#close()}, or {@code null}
	 * if another holder has it
	 */
	@Nullable ProgenyTokenLease tryAcquireLease(Duration ttl) {
		ProgenyTokenLease lease = call("tryAcquireLease", () -> this.store.tryAcquireLease(ttl),
				ProgenyTokenLease.LOCAL);
		if (lease == null || lease == ProgenyTokenLease.LOCAL) {
			return lease;
		}
		this.leaseHeld = true;
		return () -> {
			this.leaseHeld = false;
			// asked even after a failure in this renewal: a lease left held stalls the fleet
			this.failedInThisRenewal = false;
			call("releaseLease", () -> {
				lease.close();
				return null;
			}, null);
		};
	}

	/**
	 * Return the fleet-wide login hold-off.
	 * @return the hold-off, {@link ProgenyLoginHoldOff#NONE} if none or if the store
	 * fails
	 */
	ProgenyLoginHoldOff loginHoldOff() {
		ProgenyLoginHoldOff holdOff = call("loginHoldOff", this.store::loginHoldOff, ProgenyLoginHoldOff.NONE);
		return (holdOff != null) ? holdOff : ProgenyLoginHoldOff.NONE;
	}

	/**
	 * Record a refusal for the fleet, or clear the fleet's hold-off.
	 * @param holdOff the hold-off after the refusal, or {@link ProgenyLoginHoldOff#NONE}
	 * @return the hold-off in force for the fleet, the given one if the store fails: this
	 * provider then holds off on its own
	 */
	ProgenyLoginHoldOff holdOffLogins(ProgenyLoginHoldOff holdOff) {
		ProgenyLoginHoldOff shared = call("holdOffLogins", () -> this.store.holdOffLogins(holdOff), holdOff);
		return (shared != null) ? shared : holdOff;
	}

	/**
	 * Return the store's status as this provider sees it. Makes no call to a remote
	 * store.
	 * @return the status
	 */
	ProgenyTokenStatus.Store status() {
		ProgenyTokenStatus.Store described = this.store.status();
		return new ProgenyTokenStatus.Store(described.type(), described.reachable() && this.reachable,
				described.leaseHolder() || this.leaseHeld);
	}

	private String type() {
		return this.store.status().type();
	}

	private <T> @Nullable T call(String operation, Supplier<@Nullable T> call, @Nullable T unavailable) {
		if (this.failedInThisRenewal) {
			return unavailable;
		}
		try {
			T result = call.get();
			if (!this.reachable) {
				this.reachable = true;
				logger.info("Progeny token store '" + type() + "' answers again; sharing the token through it");
			}
			return result;
		}
		catch (Exception ex) {
			this.failedInThisRenewal = true;
			if (this.reachable) {
				this.reachable = false;
				logger.warn("Progeny token store '" + type() + "' failed to " + operation + " ("
						+ ex.getClass().getName() + ": " + ex.getMessage()
						+ "); this instance keeps its own token until the store answers again");
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Progeny token store still failing to " + operation + ": " + ex);
			}
			return unavailable;
		}
	}

}
