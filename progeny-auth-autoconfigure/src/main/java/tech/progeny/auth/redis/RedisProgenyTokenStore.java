package tech.progeny.auth.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsSupplier;
import tech.progeny.auth.client.ProgenyOrigin;
import tech.progeny.auth.token.ProgenyLoginHoldOff;
import tech.progeny.auth.token.ProgenyStoredToken;
import tech.progeny.auth.token.ProgenyToken;
import tech.progeny.auth.token.ProgenyTokenLease;
import tech.progeny.auth.token.ProgenyTokenStatus;
import tech.progeny.auth.token.ProgenyTokenStore;

/**
 * {@link ProgenyTokenStore} on Redis, shared by every instance of an application (a
 * fleet), so that they all use one token pair and make at most one token request at a
 * time between them. The provider keeps its own copy of the token and reads it on every
 * request; this store is only called when that copy turns stale, so no API request waits
 * on Redis.
 *
 * <pre class="code">
 * RedisProgenyTokenStore store = new RedisProgenyTokenStore(redisConnectionFactory,
 *         ProgenyOrigin.of(baseUrl), credentialsSupplier);
 * ProgenyTokenProvider provider = new ProgenyTokenProvider(tokenClient, credentialsSupplier, store,
 *         ProgenyTokenSettings.defaults());
 * </pre>
 *
 * <h2>Entries</h2> The token pair is kept in a hash under
 * {@link RedisProgenyTokenKeys#entry()}, with a version drawn from a counter. Saving and
 * removing compare the version in a Lua script, so that an instance replaces or removes
 * only the entry it read. The entry expires ({@code PEXPIRE}) with the refresh token
 * when its expiry is known, else with the access token, so that a fleet that was stopped
 * for longer than an access token lives refreshes instead of logging in. A reader takes
 * the tokens' expiries from the entry's remaining time to live ({@code PTTL}), measured
 * on its own clock from just before the read: instances never compare their wall clocks,
 * and an adopted token is never thought to live longer than it does.
 *
 * <h2>Lease</h2> The one token request in flight across the fleet holds a lease:
 * {@code SET lease <random id> NX PX <ttl>}, released by a Lua compare-and-delete on the
 * id. A holder that dies or hangs loses the lease when its time to live runs out. This is
 * deliberately not Spring Integration's {@code RedisLockRegistry}: that would add a
 * dependency for a lock that is meant to be held for long and renewed, with
 * thread-ownership and re-entrance this store does not want. A lease here is taken
 * without waiting (a refused lease means: serve the current token, another instance is
 * renewing it), must never be renewed (a hung holder has to lose it), and is released
 * only if still held, which the one compare-and-delete gives.
 *
 * <h2>Login hold-off</h2> After rejected credentials the provider holds logins off for
 * the whole fleet, so that a wrong password in every instance cannot hammer Progeny's
 * login or lock the account. A hash under {@link RedisProgenyTokenKeys#loginHoldOff()}
 * holds a {@link ProgenyCredentialsFingerprint fingerprint} of the refused credentials
 * (never the password), the refusals in a row and the end of the hold-off on the
 * refused instance's clock. The instance refused next takes the next step of the
 * schedule (1 s, 2 s, 4 s, ... by default), recorded by a Lua script that advances the
 * count only if no other instance recorded that step first, so the fleet's login
 * attempts follow one schedule, as a single instance's do. The count outlives the
 * hold-off by an hour; a successful login deletes it, and other credentials (another
 * fingerprint) ignore it. Like entries, hold-offs assume the instances' clocks are in
 * step (NTP): a skew shifts a hold-off's end by as much.
 *
 * <h2>Security</h2> Keys hold a SHA-256 hash of Progeny's origin and the username, never
 * the username, password or a token. The value is the token pair encrypted with AES-GCM
 * under a key derived from the account's password and username
 * ({@code spring-security-crypto}'s {@code Encryptors.stronger}), so Redis alone reveals
 * no token and no new secret has to be configured. The credentials are asked of the
 * {@link ProgenyCredentialsSupplier} at each call and the key is derived again when they
 * change; an entry that cannot be decrypted, for example after the password was rotated,
 * is treated as no entry and replaced by the next token.
 *
 * <h2>Failures</h2> Every call is bounded by {@link #setTimeout(Duration) a timeout}
 * (default {@value #DEFAULT_TIMEOUT_MILLIS} ms), whatever the Redis client's own. A call
 * that fails, times out or finds Redis unreachable throws a
 * {@link ProgenyTokenStoreUnavailableException}, which the provider treats as the store
 * being unavailable: it goes on as a single instance would, and writes its token back
 * when Redis answers again. Releasing a lease throws nothing: an unreleased lease
 * expires. {@link #status()} tells whether Redis answered the latest call and whether
 * this store holds the lease.
 */
public final class RedisProgenyTokenStore implements ProgenyTokenStore, AutoCloseable {

	/**
	 * The store type that {@link #status()} reports.
	 */
	public static final String TYPE = "redis";

	/**
	 * The default timeout of each Redis call, in milliseconds.
	 */
	public static final long DEFAULT_TIMEOUT_MILLIS = 2000;

	private static final Log logger = LogFactory.getLog(RedisProgenyTokenStore.class);

	private static final List<Object> HOLD_OFF_FIELDS = List.of("fingerprint", "refusals", "until");

	/**
	 * How long the count of refusals outlives a hold-off, so that the next refusal of the
	 * same credentials takes the next step rather than starting over.
	 */
	private static final Duration HOLD_OFF_MEMORY = Duration.ofHours(1);

	private final StringRedisTemplate redis;

	private final ProgenyOrigin origin;

	private final ProgenyCredentialsSupplier credentialsSupplier;

	private final BoundedRedisCalls calls = new BoundedRedisCalls(Duration.ofMillis(DEFAULT_TIMEOUT_MILLIS));

	private final Queue<AbandonedLease> abandonedLeases = new ConcurrentLinkedQueue<>();

	private volatile String keyPrefix = RedisProgenyTokenKeys.DEFAULT_PREFIX;

	private volatile Clock clock = Clock.systemUTC();

	private volatile @Nullable Account account;

	private volatile @Nullable RedisProgenyTokenLease lease;

	/**
	 * The version of the entry that the latest {@link #load()} could not decrypt, zero if
	 * it could or found none: saving over "no entry" then replaces that entry.
	 */
	private volatile long unreadableVersion;

	/**
	 * Create a new store.
	 * @param connectionFactory the connections to Redis
	 * @param origin Progeny's origin, part of every key's namespace
	 * @param credentialsSupplier the account's credentials, which name the keys and
	 * encrypt the entry
	 */
	public RedisProgenyTokenStore(RedisConnectionFactory connectionFactory, ProgenyOrigin origin,
			ProgenyCredentialsSupplier credentialsSupplier) {
		Assert.notNull(connectionFactory, "connectionFactory cannot be null");
		Assert.notNull(origin, "origin cannot be null");
		Assert.notNull(credentialsSupplier, "credentialsSupplier cannot be null");
		this.redis = new StringRedisTemplate(connectionFactory);
		this.origin = origin;
		this.credentialsSupplier = credentialsSupplier;
	}

	/**
	 * Set the prefix of every key. Defaults to {@value RedisProgenyTokenKeys#DEFAULT_PREFIX}.
	 * @param keyPrefix the prefix
	 */
	public void setKeyPrefix(String keyPrefix) {
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		this.keyPrefix = keyPrefix;
		this.account = null;
	}

	/**
	 * Set how long each Redis call may take before it is given up as failed. Defaults to
	 * {@value #DEFAULT_TIMEOUT_MILLIS} ms.
	 * @param timeout the timeout, positive
	 */
	public void setTimeout(Duration timeout) {
		this.calls.setTimeout(timeout);
	}

	/**
	 * Set the clock on which a read token's expiry is reckoned and a written entry's time
	 * to live computed; it should be the provider's. Defaults to the system UTC clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Return the keys of the account whose credentials the supplier gives now.
	 * @return the keys
	 */
	public RedisProgenyTokenKeys keys() {
		return account().keys;
	}

	@Override
	public @Nullable ProgenyStoredToken load() {
		Account current = account();
		releaseAbandonedLeases();
		Instant sentAt = this.clock.instant();
		List<?> reply = this.calls.call("load the token",
				() -> this.redis.execute(RedisProgenyTokenScripts.LOAD, List.of(current.keys.entry())));
		if (reply == null || reply.size() != 3) {
			this.unreadableVersion = 0;
			return null;
		}
		long version = Long.parseLong(String.valueOf(reply.get(0)));
		long ttl = Long.parseLong(String.valueOf(reply.get(2)));
		String plaintext = current.cipher.decrypt(String.valueOf(reply.get(1)));
		ProgenyToken token = (plaintext != null && ttl > 0)
				? ProgenyTokenCodec.read(plaintext, sentAt.plusMillis(ttl)) : null;
		if (token == null) {
			this.unreadableVersion = version;
			if (logger.isDebugEnabled()) {
				logger.debug("The Progeny token in Redis (version " + version + ") cannot be read with the current "
						+ "credentials; it is treated as absent");
			}
			return null;
		}
		this.unreadableVersion = 0;
		return new ProgenyStoredToken(token, version);
	}

	@Override
	public @Nullable ProgenyStoredToken compareAndSave(@Nullable ProgenyStoredToken expected, ProgenyToken token) {
		Assert.notNull(token, "token cannot be null");
		Account current = account();
		long ttl = Math.max(1,
				Duration.between(this.clock.instant(), ProgenyTokenCodec.entryExpiresAt(token)).toMillis());
		String value = current.cipher.encrypt(ProgenyTokenCodec.write(token));
		String expectedVersion = expectedVersion(expected);
		Long version = this.calls.call("save the token",
				() -> this.redis.execute(RedisProgenyTokenScripts.SAVE,
						List.of(current.keys.entry(), current.keys.version()), expectedVersion, value,
						String.valueOf(ttl)));
		if (version == null) {
			return null;
		}
		this.unreadableVersion = 0;
		return new ProgenyStoredToken(token, version);
	}

	private String expectedVersion(@Nullable ProgenyStoredToken expected) {
		if (expected != null) {
			return String.valueOf(expected.version());
		}
		long unreadable = this.unreadableVersion;
		return (unreadable != 0) ? String.valueOf(unreadable) : "";
	}

	@Override
	public boolean compareAndRemove(ProgenyStoredToken expected) {
		Assert.notNull(expected, "expected cannot be null");
		Account current = account();
		Long removed = this.calls.call("remove the token", () -> this.redis.execute(RedisProgenyTokenScripts.REMOVE,
				List.of(current.keys.entry()), String.valueOf(expected.version())));
		return removed != null && removed > 0;
	}

	@Override
	public @Nullable ProgenyTokenLease tryAcquireLease(Duration ttl) {
		Assert.notNull(ttl, "ttl cannot be null");
		Assert.isTrue(!ttl.isNegative() && !ttl.isZero(), "ttl must be positive");
		Account current = account();
		releaseAbandonedLeases();
		String holder = UUID.randomUUID().toString();
		long requestedAt = System.nanoTime();
		AtomicBoolean sent = new AtomicBoolean();
		Boolean acquired;
		try {
			acquired = this.calls.call("take the lease", () -> {
				sent.set(true);
				return this.redis.opsForValue().setIfAbsent(current.keys.lease(), holder, ttl);
			});
		}
		catch (ProgenyTokenStoreUnavailableException ex) {
			if (sent.get()) {
				// the SET may reach Redis after all: release it once Redis answers again
				this.abandonedLeases
					.add(new AbandonedLease(current.keys.lease(), holder, requestedAt + ttl.toNanos()));
			}
			throw ex;
		}
		if (!Boolean.TRUE.equals(acquired)) {
			return null;
		}
		RedisProgenyTokenLease taken = new RedisProgenyTokenLease(holder, requestedAt, ttl,
				(released) -> release(current.keys.lease(), released));
		this.lease = taken;
		return taken;
	}

	private void release(String key, RedisProgenyTokenLease released) {
		if (this.lease == released) {
			this.lease = null;
		}
		try {
			this.calls.call("release the lease",
					() -> this.redis.execute(RedisProgenyTokenScripts.RELEASE, List.of(key), released.holder()));
		}
		catch (ProgenyTokenStoreUnavailableException ex) {
			// the lease expires on its own
			this.abandonedLeases.add(new AbandonedLease(key, released.holder(), released.expiresAtNanos()));
		}
	}

	/**
	 * Release the leases whose request or release was given up on while Redis did not
	 * answer, but that Redis may have carried out since, so that they hold no other
	 * instance off until they expire. On a shared connection (Spring Data Redis' default
	 * for Lettuce) commands run in the order sent, so these releases run after the
	 * given-up commands; otherwise such a lease expires on its own.
	 */
	private void releaseAbandonedLeases() {
		long now = System.nanoTime();
		AbandonedLease abandoned;
		while ((abandoned = this.abandonedLeases.peek()) != null) {
			if (abandoned.expiresAtNanos - now > 0) {
				AbandonedLease lease = abandoned;
				this.calls.call("release an abandoned lease",
						() -> this.redis.execute(RedisProgenyTokenScripts.RELEASE, List.of(lease.key), lease.holder));
			}
			this.abandonedLeases.remove(abandoned);
		}
	}

	@Override
	public ProgenyLoginHoldOff loginHoldOff() {
		Account current = account();
		List<Object> state = this.calls.call("read the login hold-off",
				() -> this.redis.opsForHash().multiGet(current.keys.loginHoldOff(), HOLD_OFF_FIELDS));
		return holdOff(state, current);
	}

	/**
	 * Record the refusal for the fleet in one script, so that instances refused at once
	 * advance the schedule once; the hold-off's end is on this store's clock.
	 */
	@Override
	public ProgenyLoginHoldOff holdOffLogins(ProgenyLoginHoldOff holdOff) {
		Assert.notNull(holdOff, "holdOff cannot be null");
		Account current = account();
		String key = current.keys.loginHoldOff();
		if (holdOff.refusals() == 0) {
			this.calls.call("clear the login hold-off", () -> this.redis.delete(key));
			return ProgenyLoginHoldOff.NONE;
		}
		// derived (once per credentials, and slowly on purpose) before the bounded call,
		// whose timeout is Redis's alone
		String fingerprint = current.fingerprint();
		long until = this.clock.millis() + holdOff.remaining().toMillis();
		long ttl = holdOff.remaining().plus(HOLD_OFF_MEMORY).toMillis();
		List<?> state = this.calls.call("hold logins off",
				() -> this.redis.execute(RedisProgenyTokenScripts.HOLD_OFF_LOGINS, List.of(key), fingerprint,
						String.valueOf(holdOff.refusals()), String.valueOf(until), String.valueOf(ttl)));
		ProgenyLoginHoldOff shared = holdOff(state, current);
		return (shared.refusals() > 0) ? shared : holdOff;
	}

	/**
	 * Read a hold-off's fields: none if they are missing, unreadable or of other
	 * credentials.
	 */
	private ProgenyLoginHoldOff holdOff(@Nullable List<?> state, Account current) {
		if (state == null || state.size() != HOLD_OFF_FIELDS.size()
				|| state.stream().anyMatch(Objects::isNull)
				|| !current.fingerprint().equals(state.get(0))) {
			return ProgenyLoginHoldOff.NONE;
		}
		try {
			int refusals = Integer.parseInt(String.valueOf(state.get(1)));
			long until = Long.parseLong(String.valueOf(state.get(2)));
			return new ProgenyLoginHoldOff(Duration.ofMillis(until - this.clock.millis()), Math.max(refusals, 0));
		}
		catch (NumberFormatException ex) {
			return ProgenyLoginHoldOff.NONE;
		}
	}

	/**
	 * Return the store's state for health and metrics: whether Redis answered the latest
	 * call, and whether this store holds the lease.
	 * @return the state
	 */
	@Override
	public ProgenyTokenStatus.Store status() {
		RedisProgenyTokenLease held = this.lease;
		return new ProgenyTokenStatus.Store(TYPE, this.calls.isReachable(),
				held != null && held.isHeld(System.nanoTime()));
	}

	/**
	 * Stop the store's threads. The connection factory is left alone.
	 */
	@Override
	public void close() {
		this.calls.close();
	}

	private Account account() {
		ProgenyCredentials credentials = this.credentialsSupplier.getCredentials();
		String prefix = this.keyPrefix;
		Account current = this.account;
		if (current == null || !current.credentials.equals(credentials) || !current.prefix.equals(prefix)) {
			current = new Account(credentials, prefix, RedisProgenyTokenKeys.of(prefix, this.origin,
					credentials.username()), ProgenyTokenCipher.of(credentials, this.origin), this.origin);
			this.account = current;
		}
		return current;
	}

	@Override
	public String toString() {
		return "RedisProgenyTokenStore[origin=" + this.origin + ", timeout=" + this.calls.timeout() + ", reachable="
				+ this.calls.isReachable() + "]";
	}

	/**
	 * The keys and cipher of the credentials they were derived from.
	 */
	private static final class Account {

		private final ProgenyCredentials credentials;

		private final String prefix;

		private final RedisProgenyTokenKeys keys;

		private final ProgenyTokenCipher cipher;

		private final ProgenyOrigin origin;

		private volatile @Nullable String fingerprint;

		Account(ProgenyCredentials credentials, String prefix, RedisProgenyTokenKeys keys, ProgenyTokenCipher cipher,
				ProgenyOrigin origin) {
			this.credentials = credentials;
			this.prefix = prefix;
			this.keys = keys;
			this.cipher = cipher;
			this.origin = origin;
		}

		/**
		 * Return the fingerprint of the credentials, derived on first use: only logins
		 * need it.
		 */
		String fingerprint() {
			String derived = this.fingerprint;
			if (derived == null) {
				derived = ProgenyCredentialsFingerprint.of(this.credentials, this.origin);
				this.fingerprint = derived;
			}
			return derived;
		}

	}

	private record AbandonedLease(String key, String holder, long expiresAtNanos) {

	}

}
