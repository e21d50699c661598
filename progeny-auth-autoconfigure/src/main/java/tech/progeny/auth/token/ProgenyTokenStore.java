package tech.progeny.auth.token;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Storage of the current Progeny token, shared by every provider that uses it. Entries are
 * versioned, so that a provider replaces or removes an entry only if it is still the one
 * it read.
 * <p>
 * A store used by one provider needs only {@link #load()},
 * {@link #compareAndSave(ProgenyStoredToken, ProgenyToken)} and
 * {@link #compareAndRemove(ProgenyStoredToken)}. A store shared by several processes (a
 * fleet) also grants a {@link #tryAcquireLease(Duration) lease} for the one token request
 * in flight across all of them, and shares the login hold-off. Implementations are
 * thread-safe and make every remote call with a timeout. The provider treats an exception
 * from any call as the store being unavailable, and goes on with its own token and single
 * flight until the store answers again. Entries hold an {@link ProgenyToken#expiresAt()}
 * on the clock of the process that wrote them, so the processes of a fleet should keep
 * their clocks in step (NTP).
 *
 * <h2>How a provider uses a shared store</h2> The hot path never calls the store. When its
 * token turns stale or unusable, or is rejected, the provider's renewal (on its own
 * thread, never a caller's):
 * <ol>
 * <li>{@link #load() loads} the entry and adopts it if it holds a newer usable token (on
 * first use, any usable token), or {@link #compareAndRemove removes} it if it holds the
 * rejected one;</li>
 * <li>otherwise {@link #tryAcquireLease(Duration) takes the lease} for longer than one
 * exchange; without it, it keeps serving a stale token and loads the entry every 50 ms
 * until the holder's token appears or the lease can be taken;</li>
 * <li>under the lease, loads the entry again, refreshes with the newest refresh token or,
 * after checking {@link #loginHoldOff()}, logs in, {@link #compareAndSave saves} in place
 * of the entry it loaded (adopting the stored token if another provider won), and
 * closes the lease;</li>
 * <li>after refused credentials, {@link #holdOffLogins(ProgenyLoginHoldOff) holds logins
 * off} for every provider for the next step of one schedule, counted in the store, and
 * clears that hold-off after its next successful login.</li>
 * </ol>
 * The default, {@link InMemoryProgenyTokenStore}, keeps the token for the life of the
 * process.
 */
public interface ProgenyTokenStore {

	/**
	 * Return the stored entry.
	 * @return the entry, or {@code null} if none is stored
	 */
	@Nullable ProgenyStoredToken load();

	/**
	 * Store the given token, but only if the stored entry is still the expected one.
	 * @param expected the entry that was read, or {@code null} if none was stored
	 * @param token the token to store
	 * @return the new entry, or {@code null} if another entry was stored meanwhile (the
	 * token is then not stored)
	 */
	@Nullable ProgenyStoredToken compareAndSave(@Nullable ProgenyStoredToken expected, ProgenyToken token);

	/**
	 * Remove the stored entry, but only if it is still the expected one.
	 * @param expected the entry to remove
	 * @return {@code true} if it was removed, {@code false} if another entry (or none)
	 * was stored
	 */
	boolean compareAndRemove(ProgenyStoredToken expected);

	/**
	 * Try to take the lease for one token request. Stores of one process grant it at
	 * once: the provider's own single flight is enough.
	 * @param ttl how long the lease lasts if it is not released, longer than one token
	 * exchange
	 * @return the lease, or {@code null} if another holder has it
	 */
	default @Nullable ProgenyTokenLease tryAcquireLease(Duration ttl) {
		return ProgenyTokenLease.LOCAL;
	}

	/**
	 * Return the hold-off on logins with the credentials in use after Progeny refused
	 * them, for every provider of the store: how much longer it lasts and after how many
	 * refusals in a row. A hold-off that has elapsed still tells its refusals, from which
	 * the provider that is refused next takes the next, longer step; a hold-off recorded
	 * for other credentials is none. Stores of one process share nothing and return
	 * {@link ProgenyLoginHoldOff#NONE}.
	 * @return the hold-off, {@link ProgenyLoginHoldOff#NONE} if none
	 */
	default ProgenyLoginHoldOff loginHoldOff() {
		return ProgenyLoginHoldOff.NONE;
	}

	/**
	 * Record a refusal of the credentials in use and hold logins off for every provider
	 * of the store, or clear the hold-off with {@link ProgenyLoginHoldOff#NONE} after a
	 * successful login. Recording is atomic and happens once per step: if the store
	 * already counts at least the given refusals for these credentials (another provider
	 * was refused in the same attempt window), it keeps its hold-off and returns that.
	 * Shared stores keep no credential in plain text to compare. Stores of one process
	 * keep nothing and return the given hold-off.
	 * @param holdOff the hold-off after this refusal: its length, and the refusals in a
	 * row it follows, one more than {@link #loginHoldOff()} counted before the login
	 * @return the hold-off now in force for every provider
	 */
	default ProgenyLoginHoldOff holdOffLogins(ProgenyLoginHoldOff holdOff) {
		return holdOff;
	}

	/**
	 * Describe the store for the provider's {@link ProgenyTokenStatus}: its type, whether
	 * it answered its latest call and whether this instance holds its lease, as far as
	 * the store knows. Makes no remote call. The provider adds what it saw itself: a
	 * store call that failed, a lease it holds.
	 * @return the description, by default of a {@code custom} store that is reachable
	 */
	default ProgenyTokenStatus.Store status() {
		return new ProgenyTokenStatus.Store("custom", true, false);
	}

}
