package tech.progeny.auth.redis;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.core.StringRedisTemplate;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyOrigin;
import tech.progeny.auth.support.LocalRedis;
import tech.progeny.auth.support.TestJwts;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.token.ProgenyLoginHoldOff;
import tech.progeny.auth.token.ProgenyStoredToken;
import tech.progeny.auth.token.ProgenyToken;
import tech.progeny.auth.token.ProgenyTokenLease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisProgenyTokenStore} against a real {@code redis-server}; every store has a
 * connection factory of its own, as the instances of a fleet do.
 */
class RedisProgenyTokenStoreTests {

	@RegisterExtension
	static final LocalRedis redis = new LocalRedis();

	private static final ProgenyOrigin ORIGIN = ProgenyOrigin.of(URI.create("https://be.progeny.tech"));

	private static final String USERNAME = "fleet-user@example.com";

	private static final String PASSWORD = "correct-horse-battery-staple";

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	private final AdjustableClock clock = AdjustableClock.at(NOW);

	private final List<RedisProgenyTokenStore> stores = new ArrayList<>();

	@AfterEach
	void closeStores() {
		this.stores.forEach(RedisProgenyTokenStore::close);
	}

	private RedisProgenyTokenStore store() {
		return store(new ProgenyCredentials(USERNAME, PASSWORD), this.clock);
	}

	private RedisProgenyTokenStore store(ProgenyCredentials credentials, Clock clock) {
		RedisProgenyTokenStore store = new RedisProgenyTokenStore(redis.newConnectionFactory(), ORIGIN,
				() -> credentials);
		store.setClock(clock);
		this.stores.add(store);
		return store;
	}

	private ProgenyToken token(Duration remaining) {
		Instant issuedAt = this.clock.instant();
		return new ProgenyToken(TestJwts.jwt("access", issuedAt, Duration.ofMinutes(5), true),
				TestJwts.jwt("refresh", issuedAt, Duration.ofDays(14), true), issuedAt.plus(remaining),
				Duration.ofMinutes(5),
				issuedAt.plus(remaining).plus(Duration.ofDays(14)), "a1b2c3d4");
	}

	@Test
	void loadWhenNothingIsStoredThenNull() {
		assertThat(store().load()).isNull();
	}

	@Test
	void compareAndSaveWhenNothingIsStoredThenAnotherInstanceLoadsTheSameTokens() {
		ProgenyToken token = token(Duration.ofMinutes(5));
		ProgenyStoredToken saved = store().compareAndSave(null, token);
		assertThat(saved).isNotNull();
		assertThat(saved.token()).isSameAs(token);
		ProgenyStoredToken loaded = store().load();
		assertThat(loaded).isNotNull();
		assertThat(loaded.version()).isEqualTo(saved.version());
		assertThat(loaded.token().accessToken()).isEqualTo(token.accessToken());
		assertThat(loaded.token().refreshToken()).isEqualTo(token.refreshToken());
		assertThat(loaded.token().lifetime()).isEqualTo(token.lifetime());
		assertThat(loaded.token().id()).isEqualTo("a1b2c3d4");
		// the expiry comes from the entry's time to live, never later than the writer's
		assertThat(loaded.token().expiresAt()).isBeforeOrEqualTo(token.expiresAt())
			.isAfter(token.expiresAt().minusSeconds(5));
		assertThat(Duration.between(loaded.token().expiresAt(), loaded.token().refreshExpiresAt()))
			.isEqualTo(Duration.ofDays(14));
	}

	@Test
	void loadWhenReaderClockIsAnHourAheadThenExpiryIsReckonedFromTheRemainingTimeToLive() {
		store().compareAndSave(null, token(Duration.ofMinutes(4)));
		AdjustableClock skewed = AdjustableClock.at(NOW.plus(Duration.ofHours(1)));
		ProgenyStoredToken loaded = store(new ProgenyCredentials(USERNAME, PASSWORD), skewed).load();
		assertThat(loaded).isNotNull();
		Duration remaining = Duration.between(skewed.instant(), loaded.token().expiresAt());
		assertThat(remaining).isLessThanOrEqualTo(Duration.ofMinutes(4)).isGreaterThan(Duration.ofMinutes(3));
		assertThat(Duration.between(loaded.token().expiresAt(), loaded.token().refreshExpiresAt()))
			.isEqualTo(Duration.ofDays(14));
	}

	@Test
	void compareAndSaveWhenTheRefreshTokenOutlivesTheAccessTokenThenTheEntryLivesAsLongAsTheRefreshToken() {
		store().compareAndSave(null, token(Duration.ofMinutes(4)));
		Long ttl = redis.admin().getExpire(store().keys().entry(), TimeUnit.MILLISECONDS);
		assertThat(ttl).isLessThanOrEqualTo(Duration.ofDays(14).plusMinutes(4).toMillis())
			.isGreaterThan(Duration.ofDays(14).plusMinutes(3).toMillis());
	}

	@Test
	void loadWhenTheAccessTokenHasExpiredThenTheRefreshTokenIsStillThere() {
		store().compareAndSave(null, token(Duration.ofSeconds(-30)));
		ProgenyStoredToken loaded = store().load();
		assertThat(loaded).isNotNull();
		assertThat(loaded.token().expiresAt()).isBefore(NOW.minusSeconds(25)).isAfter(NOW.minusSeconds(35));
		assertThat(loaded.token().canRefresh(NOW)).isTrue();
	}

	@Test
	void compareAndSaveWhenTheRefreshTokensExpiryIsUnknownThenTheEntryExpiresWithTheAccessToken() {
		Instant issuedAt = this.clock.instant();
		ProgenyToken token = new ProgenyToken("not-a-jwt", "neither-is-this", issuedAt.plus(Duration.ofMinutes(4)),
				Duration.ofMinutes(5), null, null);
		store().compareAndSave(null, token);
		Long ttl = redis.admin().getExpire(store().keys().entry(), TimeUnit.MILLISECONDS);
		assertThat(ttl).isLessThanOrEqualTo(Duration.ofMinutes(4).toMillis())
			.isGreaterThan(Duration.ofMinutes(3).toMillis());
		ProgenyStoredToken loaded = store().load();
		assertThat(loaded.token().refreshExpiresAt()).isNull();
		assertThat(Duration.between(NOW, loaded.token().expiresAt())).isGreaterThan(Duration.ofMinutes(3));
	}

	@Test
	void compareAndSaveWhenExpectedEntryIsCurrentThenStoresAHigherVersion() {
		RedisProgenyTokenStore store = store();
		ProgenyStoredToken first = store.compareAndSave(null, token(Duration.ofMinutes(5)));
		ProgenyStoredToken second = store().compareAndSave(first, token(Duration.ofMinutes(5)));
		assertThat(second).isNotNull();
		assertThat(second.version()).isGreaterThan(first.version());
		assertThat(store.load().token().accessToken()).isEqualTo(second.token().accessToken());
	}

	@Test
	void compareAndSaveWhenAnotherEntryWasStoredMeanwhileThenStoresNothing() {
		RedisProgenyTokenStore store = store();
		ProgenyStoredToken first = store.compareAndSave(null, token(Duration.ofMinutes(5)));
		ProgenyStoredToken second = store().compareAndSave(first, token(Duration.ofMinutes(5)));
		assertThat(store.compareAndSave(first, token(Duration.ofMinutes(5)))).isNull();
		assertThat(store.compareAndSave(null, token(Duration.ofMinutes(5)))).isNull();
		assertThat(store.load().version()).isEqualTo(second.version());
		assertThat(store.load().token().accessToken()).isEqualTo(second.token().accessToken());
	}

	@Test
	void compareAndSaveWhenKeysWereFlushedThenVersionsStillIncrease() {
		ProgenyStoredToken first = store().compareAndSave(null, token(Duration.ofMinutes(5)));
		redis.flushAll();
		ProgenyStoredToken second = store().compareAndSave(null, token(Duration.ofMinutes(5)));
		assertThat(second.version()).isGreaterThan(first.version());
		assertThat(store().compareAndSave(first, token(Duration.ofMinutes(5)))).isNull();
	}

	@Test
	void compareAndRemoveWhenEntryIsNotTheExpectedOneThenKeepsIt() {
		RedisProgenyTokenStore store = store();
		ProgenyStoredToken first = store.compareAndSave(null, token(Duration.ofMinutes(5)));
		ProgenyStoredToken second = store.compareAndSave(first, token(Duration.ofMinutes(5)));
		assertThat(store().compareAndRemove(first)).isFalse();
		assertThat(store.load().version()).isEqualTo(second.version());
		assertThat(store().compareAndRemove(second)).isTrue();
		assertThat(store.load()).isNull();
		assertThat(store.compareAndRemove(second)).isFalse();
	}

	@Test
	void compareAndSaveWhenEightInstancesRaceForOneEntryThenExactlyOneWinsEachRound() throws Exception {
		List<RedisProgenyTokenStore> fleet = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			fleet.add(store());
		}
		ExecutorService threads = Executors.newFixedThreadPool(fleet.size());
		try {
			ProgenyStoredToken current = null;
			for (int round = 0; round < 50; round++) {
				ProgenyStoredToken expected = current;
				CountDownLatch go = new CountDownLatch(1);
				List<Future<ProgenyStoredToken>> results = new ArrayList<>();
				for (RedisProgenyTokenStore store : fleet) {
					ProgenyToken token = token(Duration.ofMinutes(5));
					results.add(threads.submit(() -> {
						go.await();
						return store.compareAndSave(expected, token);
					}));
				}
				go.countDown();
				List<ProgenyStoredToken> winners = new ArrayList<>();
				for (Future<ProgenyStoredToken> result : results) {
					ProgenyStoredToken saved = result.get(30, TimeUnit.SECONDS);
					if (saved != null) {
						winners.add(saved);
					}
				}
				assertThat(winners).as("round %d", round).hasSize(1);
				current = winners.get(0);
				ProgenyStoredToken loaded = fleet.get(round % fleet.size()).load();
				assertThat(loaded.version()).isEqualTo(current.version());
				assertThat(loaded.token().accessToken()).isEqualTo(current.token().accessToken());
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void tryAcquireLeaseWhenAnotherInstanceHoldsItThenNullUntilReleased() {
		RedisProgenyTokenStore first = store();
		RedisProgenyTokenStore second = store();
		ProgenyTokenLease lease = first.tryAcquireLease(Duration.ofSeconds(30));
		assertThat(lease).isNotNull();
		assertThat(first.status().leaseHolder()).isTrue();
		assertThat(second.tryAcquireLease(Duration.ofSeconds(30))).isNull();
		assertThat(first.tryAcquireLease(Duration.ofSeconds(30))).isNull();
		assertThat(second.status().leaseHolder()).isFalse();
		lease.close();
		assertThat(first.status().leaseHolder()).isFalse();
		ProgenyTokenLease next = second.tryAcquireLease(Duration.ofSeconds(30));
		assertThat(next).isNotNull();
		assertThat(second.status().leaseHolder()).isTrue();
		next.close();
	}

	@Test
	void tryAcquireLeaseWhenHolderNeverReleasesThenLeaseExpiresAndItsLateReleaseLeavesTheNextHolderAlone() {
		RedisProgenyTokenStore stalled = store();
		RedisProgenyTokenStore other = store();
		// both connected, so that the lease's 2 s are not spent connecting
		assertThat(stalled.loginHoldOff()).isEqualTo(ProgenyLoginHoldOff.NONE);
		assertThat(other.loginHoldOff()).isEqualTo(ProgenyLoginHoldOff.NONE);
		long acquiredAt = System.nanoTime();
		ProgenyTokenLease stalledLease = stalled.tryAcquireLease(Duration.ofSeconds(2));
		assertThat(stalledLease).isNotNull();
		ProgenyTokenLease early = other.tryAcquireLease(Duration.ofSeconds(30));
		if (System.nanoTime() - acquiredAt < Duration.ofMillis(1500).toNanos()) {
			assertThat(early).as("a lease taken while another holds it").isNull();
		}
		AtomicReference<ProgenyTokenLease> taken = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> taken.updateAndGet((held) -> (held != null) ? held : other.tryAcquireLease(Duration.ofSeconds(30))) != null);
		assertThat(stalled.status().leaseHolder()).isFalse();
		stalledLease.close();
		String leaseKey = other.keys().lease();
		assertThat(redis.admin().hasKey(leaseKey)).isTrue();
		assertThat(stalled.tryAcquireLease(Duration.ofSeconds(30))).isNull();
		taken.get().close();
		assertThat(redis.admin().hasKey(leaseKey)).isFalse();
	}

	@Test
	void holdOffLoginsWhenSetByOneInstanceThenEveryInstanceSeesItsStepUntilCleared() {
		RedisProgenyTokenStore rejected = store();
		RedisProgenyTokenStore other = store();
		assertThat(other.loginHoldOff()).isEqualTo(ProgenyLoginHoldOff.NONE);
		ProgenyLoginHoldOff first = new ProgenyLoginHoldOff(Duration.ofSeconds(1), 1);
		assertThat(rejected.holdOffLogins(first)).isEqualTo(first);
		assertThat(other.loginHoldOff()).isEqualTo(first);
		this.clock.advance(Duration.ofMillis(400));
		assertThat(other.loginHoldOff()).isEqualTo(new ProgenyLoginHoldOff(Duration.ofMillis(600), 1));
		// elapsed, the hold-off still tells its step, from which the next refusal goes on
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(other.loginHoldOff()).isEqualTo(new ProgenyLoginHoldOff(Duration.ZERO, 1));
		ProgenyLoginHoldOff second = new ProgenyLoginHoldOff(Duration.ofSeconds(2), 2);
		assertThat(other.holdOffLogins(second)).isEqualTo(second);
		assertThat(rejected.loginHoldOff()).isEqualTo(second);
		// the key outlives the hold-off, so that the count is not lost when it elapses
		assertThat(redis.admin().getExpire(other.keys().loginHoldOff(), TimeUnit.MILLISECONDS))
			.isGreaterThan(Duration.ofMinutes(59).toMillis());
		assertThat(rejected.holdOffLogins(ProgenyLoginHoldOff.NONE)).isEqualTo(ProgenyLoginHoldOff.NONE);
		assertThat(other.loginHoldOff()).isEqualTo(ProgenyLoginHoldOff.NONE);
		assertThat(redis.admin().hasKey(other.keys().loginHoldOff())).isFalse();
		assertThat(other.holdOffLogins(first)).isEqualTo(first);
	}

	@Test
	void holdOffLoginsWhenEightInstancesAreRefusedAtOnceThenTheScheduleAdvancesOnceAndAllKeepToTheFirst()
			throws Exception {
		List<RedisProgenyTokenStore> fleet = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			fleet.add(store());
		}
		ExecutorService threads = Executors.newFixedThreadPool(fleet.size());
		try {
			for (int refusals = 1; refusals <= 5; refusals++) {
				CountDownLatch go = new CountDownLatch(1);
				List<Future<ProgenyLoginHoldOff>> results = new ArrayList<>();
				for (int i = 0; i < fleet.size(); i++) {
					RedisProgenyTokenStore store = fleet.get(i);
					// each proposes the same step with a hold-off of its own (as with jitter)
					ProgenyLoginHoldOff proposed = new ProgenyLoginHoldOff(Duration.ofMillis(1_000L * refusals + i),
							refusals);
					results.add(threads.submit(() -> {
						go.await();
						return store.holdOffLogins(proposed);
					}));
				}
				go.countDown();
				List<ProgenyLoginHoldOff> inForce = new ArrayList<>();
				for (Future<ProgenyLoginHoldOff> result : results) {
					inForce.add(result.get(30, TimeUnit.SECONDS));
				}
				assertThat(inForce).as("step %d", refusals).hasSize(8).containsOnly(inForce.get(0));
				assertThat(inForce.get(0).refusals()).isEqualTo(refusals);
				assertThat(fleet.get(refusals).loginHoldOff()).isEqualTo(inForce.get(0));
			}
			// a late proposal of a step the fleet has passed changes nothing
			ProgenyLoginHoldOff current = fleet.get(0).loginHoldOff();
			assertThat(fleet.get(1).holdOffLogins(new ProgenyLoginHoldOff(Duration.ofMinutes(5), 3)))
				.isEqualTo(current);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void loginHoldOffWhenRecordedForOtherCredentialsThenNoneAndTheirRefusalStartsItsOwnSchedule() {
		RedisProgenyTokenStore wrong = store(new ProgenyCredentials(USERNAME, "an-old-password"), this.clock);
		RedisProgenyTokenStore rotated = store();
		wrong.holdOffLogins(new ProgenyLoginHoldOff(Duration.ofSeconds(16), 5));
		assertThat(rotated.keys()).isEqualTo(wrong.keys());
		assertThat(rotated.loginHoldOff()).isEqualTo(ProgenyLoginHoldOff.NONE);
		ProgenyLoginHoldOff first = new ProgenyLoginHoldOff(Duration.ofSeconds(1), 1);
		assertThat(rotated.holdOffLogins(first)).isEqualTo(first);
		assertThat(wrong.loginHoldOff()).isEqualTo(ProgenyLoginHoldOff.NONE);
	}

	@Test
	void holdOffLoginsWhenRedisIsStoppedThenFailsWithinTheTimeout() {
		RedisProgenyTokenStore store = store();
		store.holdOffLogins(new ProgenyLoginHoldOff(Duration.ofSeconds(1), 1));
		store.setTimeout(Duration.ofMillis(500));
		redis.stop();
		long started = System.nanoTime();
		assertThatExceptionOfType(ProgenyTokenStoreUnavailableException.class)
			.isThrownBy(() -> store.holdOffLogins(new ProgenyLoginHoldOff(Duration.ofSeconds(2), 2)))
			.withMessageContaining("hold logins off");
		assertThatExceptionOfType(ProgenyTokenStoreUnavailableException.class).isThrownBy(store::loginHoldOff);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void compareAndSaveThenRawRedisValuesHoldNeitherTokenNorAnyCredential() {
		ProgenyToken token = token(Duration.ofMinutes(5));
		RedisProgenyTokenStore store = store();
		store.compareAndSave(null, token);
		ProgenyTokenLease lease = store.tryAcquireLease(Duration.ofSeconds(30));
		store.holdOffLogins(new ProgenyLoginHoldOff(Duration.ofSeconds(30), 1));
		StringRedisTemplate admin = redis.admin();
		Set<String> keys = admin.keys("*");
		assertThat(keys).hasSize(4).allSatisfy((key) -> assertThat(key).startsWith("progeny:auth:{"));
		// nor a plain hash of the password, which a dictionary would reverse
		List<String> secrets = List.of(USERNAME, PASSWORD, token.accessToken(), token.refreshToken(),
				token.accessToken().split("\\.")[1], token.refreshToken().split("\\.")[1], sha256Hex(PASSWORD),
				sha256Hex(USERNAME + PASSWORD), Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8)));
		List<String> raw = new ArrayList<>(keys);
		for (String key : keys) {
			if (admin.type(key) == DataType.HASH) {
				Map<Object, Object> hash = admin.opsForHash().entries(key);
				hash.forEach((field, value) -> {
					raw.add(String.valueOf(field));
					raw.add(String.valueOf(value));
					raw.add(decodedQuietly(String.valueOf(value)));
				});
			}
			else {
				raw.add(admin.opsForValue().get(key));
			}
		}
		assertThat(raw).allSatisfy((text) -> assertThat(text).doesNotContain(secrets));
		assertThat(String.join(" ", raw)).doesNotContain("fleet-user");
		assertThat(store.toString()).doesNotContain(secrets);
		assertThat(lease.toString()).doesNotContain(secrets);
		lease.close();
	}

	private static String sha256Hex(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String decodedQuietly(String value) {
		try {
			return new String(Base64.getDecoder().decode(value), StandardCharsets.ISO_8859_1);
		}
		catch (IllegalArgumentException ex) {
			return "";
		}
	}

	@Test
	void loadWhenEntryWasWrittenWithAnotherPasswordThenAbsentAndTheNextSaveReplacesIt() {
		ProgenyStoredToken written = store().compareAndSave(null, token(Duration.ofMinutes(5)));
		RedisProgenyTokenStore rotated = store(new ProgenyCredentials(USERNAME, "rotated-password"), this.clock);
		assertThat(rotated.keys()).isEqualTo(store().keys());
		assertThat(rotated.load()).isNull();
		ProgenyToken next = token(Duration.ofMinutes(5));
		ProgenyStoredToken replaced = rotated.compareAndSave(null, next);
		assertThat(replaced).isNotNull();
		assertThat(replaced.version()).isGreaterThan(written.version());
		assertThat(rotated.load().token().accessToken()).isEqualTo(next.accessToken());
		assertThat(store().load()).isNull();
	}

	@Test
	void loadWhenCredentialsChangeAtRuntimeThenKeyIsDerivedAgain() {
		AtomicReference<ProgenyCredentials> credentials = new AtomicReference<>(
				new ProgenyCredentials(USERNAME, PASSWORD));
		RedisProgenyTokenStore store = new RedisProgenyTokenStore(redis.newConnectionFactory(), ORIGIN,
				credentials::get);
		store.setClock(this.clock);
		this.stores.add(store);
		ProgenyToken token = token(Duration.ofMinutes(5));
		store.compareAndSave(null, token);
		assertThat(store.load().token().accessToken()).isEqualTo(token.accessToken());
		credentials.set(new ProgenyCredentials(USERNAME, "rotated-password"));
		assertThat(store.load()).isNull();
		credentials.set(new ProgenyCredentials("another-user", PASSWORD));
		assertThat(store.keys()).isNotEqualTo(store().keys());
		assertThat(store.load()).isNull();
		credentials.set(new ProgenyCredentials(USERNAME, PASSWORD));
		assertThat(store.load().token().accessToken()).isEqualTo(token.accessToken());
	}

	@Test
	void keysWhenPrefixOrAccountDiffersThenNamespacesDiffer() {
		RedisProgenyTokenKeys keys = RedisProgenyTokenKeys.of("app-a:", ORIGIN, USERNAME);
		assertThat(keys.entry()).startsWith("app-a:{").endsWith("}:token").doesNotContain(USERNAME);
		assertThat(RedisProgenyTokenKeys.of("app-b:", ORIGIN, USERNAME).entry()).isNotEqualTo(keys.entry());
		assertThat(RedisProgenyTokenKeys.of("app-a:", ORIGIN, "other").entry()).isNotEqualTo(keys.entry());
		assertThat(RedisProgenyTokenKeys.of("app-a:", ProgenyOrigin.of(URI.create("https://staging.progeny.tech")),
				USERNAME).entry()).isNotEqualTo(keys.entry());
		assertThat(RedisProgenyTokenKeys.of("app-a:", ProgenyOrigin.of(URI.create("https://BE.progeny.tech:443/x")),
				USERNAME)).isEqualTo(keys);
	}

	@Test
	void loadWhenRedisIsStoppedThenFailsWithinTheTimeoutAndWorksAgainOnceRestarted() {
		RedisProgenyTokenStore store = store();
		ProgenyStoredToken saved = store.compareAndSave(null, token(Duration.ofMinutes(5)));
		assertThat(saved).isNotNull();
		store.setTimeout(Duration.ofMillis(500));
		redis.stop();
		long started = System.nanoTime();
		assertThatExceptionOfType(ProgenyTokenStoreUnavailableException.class).isThrownBy(store::load)
			.withMessageContaining("load the token");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(store.status().reachable()).isFalse();
		redis.start();
		// the restarted Redis is empty, and the client reconnects on its own
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> store.load() == null);
		assertThat(store.status().reachable()).isTrue();
		assertThat(store.compareAndSave(null, token(Duration.ofMinutes(5)))).isNotNull();
		assertThat(store().load()).isNotNull();
	}

	@Test
	void callsWhenRedisHangsThenEachGivesUpWithinTheTimeoutAndOthersFailAtOnce() throws Exception {
		RedisProgenyTokenStore store = store();
		store.compareAndSave(null, token(Duration.ofMinutes(5)));
		store.setTimeout(Duration.ofMillis(500));
		redis.hang();
		try {
			long started = System.nanoTime();
			assertThatExceptionOfType(ProgenyTokenStoreUnavailableException.class).isThrownBy(store::load)
				.withMessageContaining("within PT0.5S");
			Duration waited = Duration.ofNanos(System.nanoTime() - started);
			assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(Duration.ofSeconds(5));
			assertThat(store.status().reachable()).isFalse();
			ExecutorService threads = Executors.newFixedThreadPool(8);
			try {
				List<Future<Duration>> attempts = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					attempts.add(threads.submit(() -> {
						long start = System.nanoTime();
						try {
							store.tryAcquireLease(Duration.ofSeconds(30));
						}
						catch (ProgenyTokenStoreUnavailableException ex) {
							// expected
						}
						return Duration.ofNanos(System.nanoTime() - start);
					}));
				}
				for (Future<Duration> attempt : attempts) {
					assertThat(attempt.get(30, TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(5));
				}
			}
			finally {
				threads.shutdownNow();
			}
		}
		finally {
			redis.resume();
		}
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> store.load() != null);
		assertThat(store.status().reachable()).isTrue();
		// a lease that was requested while Redis hung was released once it answered again
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> redis.admin().hasKey(store.keys().lease()) == Boolean.FALSE);
		ProgenyTokenLease lease = store().tryAcquireLease(Duration.ofSeconds(30));
		assertThat(lease).isNotNull();
		lease.close();
	}

}
