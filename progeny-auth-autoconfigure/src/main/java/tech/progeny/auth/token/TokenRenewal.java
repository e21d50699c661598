package tech.progeny.auth.token;

import java.time.Duration;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import tech.progeny.auth.client.ProgenyServerUnavailableException;

/**
 * One renewal of the token, as the provider's single flight runs it, for a store of one
 * process or one shared by a fleet:
 * <ol>
 * <li>Re-read the store and adopt a newer usable token that another provider stored (on
 * first use, a usable stored token instead of a login).</li>
 * <li>Otherwise take the store's lease, re-read the store under it, refresh (or log in
 * when there is nothing to refresh or the refresh token is refused, unless another
 * provider stored a usable token meanwhile), compare-and-save the new token and release
 * the lease. On a lost race, adopt what was stored if it is usable.</li>
 * <li>Without the lease, poll the store (on this thread, which is the provider's own) for
 * the holder's token; take the lease when it is released or expires.</li>
 * </ol>
 * A token that the API rejected is removed from the store if it still holds it. A holder
 * that refreshed at Progeny but never stored the result costs the next holder one login:
 * its refresh is refused as blacklisted, and it logs in. A store that fails turns this
 * into a per-process renewal ({@link GuardedStore}).
 */
final class TokenRenewal {

	/**
	 * How often a provider without the lease reads the store for the holder's token.
	 */
	static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	private static final Log logger = LogFactory.getLog(TokenRenewal.class);

	private final GuardedStore store;

	private final TokenExchange exchange;

	private final ProgenyTokenSettings settings;

	private final LifecycleTime time;

	private final Consumer<ProgenyToken> refreshTokenRefused;

	/**
	 * Create a renewal.
	 * @param store the guarded store
	 * @param exchange the token requests
	 * @param settings the lifecycle timings
	 * @param time the clocks
	 * @param refreshTokenRefused told of a token whose refresh token Progeny refused, so
	 * that it is not sent again
	 */
	TokenRenewal(GuardedStore store, TokenExchange exchange, ProgenyTokenSettings settings, LifecycleTime time,
			Consumer<ProgenyToken> refreshTokenRefused) {
		this.store = store;
		this.exchange = exchange;
		this.settings = settings;
		this.time = time;
		this.refreshTokenRefused = refreshTokenRefused;
	}

	/**
	 * Renew the token.
	 * @param current the provider's current token, or {@code null}
	 * @param rejected a token that the API rejected, or {@code null}
	 * @param leaseTtl how long the store's lease lasts unless released, longer than one
	 * exchange
	 * @return the token to install
	 * @throws ProgenyServerUnavailableException if another provider holds the lease for
	 * much longer than its time to live
	 */
	ProgenyToken renew(@Nullable ProgenyToken current, @Nullable ProgenyToken rejected, Duration leaseTtl) {
		this.store.beginRenewal();
		ProgenyStoredToken entry = this.store.load();
		if (isNewerAndUsable(entry, current, rejected)) {
			return adopt(entry);
		}
		without(entry, rejected);
		long giveUpAt = this.time.tick() + leaseTtl.multipliedBy(2).toNanos();
		ProgenyTokenLease lease = this.store.tryAcquireLease(leaseTtl);
		while (lease == null) {
			pause();
			entry = this.store.load();
			if (isNewerAndUsable(entry, current, rejected)) {
				return adopt(entry);
			}
			lease = this.store.tryAcquireLease(leaseTtl);
			if (lease == null && this.time.tick() - giveUpAt >= 0) {
				throw new ProgenyServerUnavailableException("Another instance has held the Progeny token lease for "
						+ "more than twice this instance's time to live (" + leaseTtl + ")", null);
			}
		}
		try (ProgenyTokenLease held = lease) {
			return renewUnderLease(current, rejected);
		}
	}

	private ProgenyToken renewUnderLease(@Nullable ProgenyToken current, @Nullable ProgenyToken rejected) {
		ProgenyStoredToken entry = null;
		if (this.store.isAvailable()) {
			entry = this.store.load();
			if (isNewerAndUsable(entry, current, rejected)) {
				return adopt(entry);
			}
			entry = without(entry, rejected);
		}
		ProgenyToken latest = newer((entry != null) ? entry.token() : null, current);
		if (latest != null && this.exchange.canRefresh(latest)) {
			ProgenyToken refreshed = this.exchange.refresh(latest);
			if (refreshed != null) {
				return save(entry, refreshed);
			}
			this.refreshTokenRefused.accept(latest);
			entry = this.store.load();
			if (isNewerAndUsable(entry, latest, rejected)) {
				return adopt(entry);
			}
			entry = without(entry, latest);
			logger.info("Logging in to Progeny again after the refusal of " + latest);
		}
		return save(entry, this.exchange.login());
	}

	/**
	 * Store a new token in place of the entry read under the lease. On a lost race (an
	 * entry written by a provider whose lease had expired), adopt that entry if it can be
	 * used, or else store the token over it.
	 */
	private ProgenyToken save(@Nullable ProgenyStoredToken expected, ProgenyToken token) {
		if (this.store.compareAndSave(expected, token) != null || !this.store.isAvailable()) {
			return token;
		}
		ProgenyStoredToken other = this.store.load();
		if (other != null && isUsable(other.token()) && !sameAccessToken(other.token(), token)) {
			logger.debug("Another instance stored a token during this exchange; using it");
			return other.token();
		}
		this.store.compareAndSave(other, token);
		return token;
	}

	private ProgenyToken adopt(ProgenyStoredToken entry) {
		if (logger.isDebugEnabled()) {
			logger.debug("Using " + entry.token() + " from the token store");
		}
		return entry.token();
	}

	/**
	 * Remove the entry from the store if it holds the given token, which the API or the
	 * refresh endpoint refused.
	 * @return the entry, or {@code null} if it held the token
	 */
	private @Nullable ProgenyStoredToken without(@Nullable ProgenyStoredToken entry,
			@Nullable ProgenyToken refused) {
		if (entry == null || refused == null || !sameAccessToken(entry.token(), refused)) {
			return entry;
		}
		this.store.compareAndRemove(entry);
		return null;
	}

	private boolean isNewerAndUsable(@Nullable ProgenyStoredToken entry, @Nullable ProgenyToken current,
			@Nullable ProgenyToken rejected) {
		if (entry == null || !isUsable(entry.token())) {
			return false;
		}
		ProgenyToken stored = entry.token();
		if (rejected != null && sameAccessToken(stored, rejected)) {
			return false;
		}
		return current == null
				|| (!sameAccessToken(stored, current) && !stored.expiresAt().isBefore(current.expiresAt()));
	}

	private boolean isUsable(ProgenyToken token) {
		return this.time.now().isBefore(TokenTimeline.unusableAt(token, this.settings));
	}

	private void pause() {
		try {
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProgenyServerUnavailableException("Interrupted while waiting for another instance's token", ex);
		}
	}

	/**
	 * Return the token that expires later, the stored one when both expire together: its
	 * refresh token is the one that the fleet rotated last.
	 */
	private static @Nullable ProgenyToken newer(@Nullable ProgenyToken stored, @Nullable ProgenyToken current) {
		if (stored == null || current == null) {
			return (stored != null) ? stored : current;
		}
		return current.expiresAt().isAfter(stored.expiresAt()) ? current : stored;
	}

	private static boolean sameAccessToken(ProgenyToken a, ProgenyToken b) {
		return a.accessToken().equals(b.accessToken());
	}

}
