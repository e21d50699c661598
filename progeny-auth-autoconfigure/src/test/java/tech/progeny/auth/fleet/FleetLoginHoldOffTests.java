package tech.progeny.auth.fleet;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.util.backoff.ExponentialBackOff;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.client.ProgenyOrigin;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.redis.RedisProgenyTokenStore;
import tech.progeny.auth.support.LocalRedis;
import tech.progeny.auth.support.ManualTaskScheduler;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wrong password in five instances of a fleet, each a provider with a Redis store and
 * connection of its own, against one fake Progeny and a real {@code redis-server}. The
 * instances share one wall clock and one ticker, which the test moves on in steps of
 * 500 ms; at each step every instance asks for a token at once. Nothing sleeps for a
 * hold-off: the test records at which step each of the fake's login attempts came.
 */
class FleetLoginHoldOffTests {

	@RegisterExtension
	static final LocalRedis redis = new LocalRedis();

	private static final Duration STEP = Duration.ofMillis(500);

	private static final String WRONG_PASSWORD = "not-the-password";

	private final AdjustableClock clock = AdjustableClock.at(Instant.parse("2026-03-01T10:00:00Z"));

	private final ManualTaskScheduler time = new ManualTaskScheduler(this.clock);

	private final FakeProgenyServer progeny = FakeProgenyServer.builder().clock(this.clock).start();

	private final AtomicReference<ProgenyCredentials> credentials = new AtomicReference<>(
			new ProgenyCredentials(this.progeny.username(), WRONG_PASSWORD));

	private final List<ProgenyTokenProvider> fleet = new ArrayList<>();

	private final List<RedisProgenyTokenStore> stores = new ArrayList<>();

	private final ExecutorService callers = Executors.newCachedThreadPool();

	private long elapsedMillis;

	private long attemptsSeen;

	@AfterEach
	void close() {
		this.callers.shutdownNow();
		this.fleet.forEach(ProgenyTokenProvider::close);
		this.stores.forEach(RedisProgenyTokenStore::close);
		this.progeny.close();
	}

	private void startFleet(int instances) {
		URI baseUrl = URI.create(this.progeny.baseUrl());
		for (int i = 0; i < instances; i++) {
			RedisProgenyTokenStore store = new RedisProgenyTokenStore(redis.newConnectionFactory(),
					ProgenyOrigin.of(baseUrl), this.credentials::get);
			store.setClock(this.clock);
			// generous while Redis runs, so that a loaded machine cannot make a hold-off
			// look unshared; shortened before Redis is stopped
			store.setTimeout(Duration.ofSeconds(5));
			this.stores.add(store);
			ProgenyTokenClient client = ProgenyTokenClient.create(baseUrl, Duration.ofSeconds(2),
					Duration.ofSeconds(5));
			client.setClock(this.clock);
			ProgenyTokenProvider provider = new ProgenyTokenProvider(client, this.credentials::get, store,
					ProgenyTokenSettings.defaults().withMaxJitter(0));
			provider.setClock(this.clock);
			provider.setTicker(this.time.ticker());
			provider.setTaskScheduler(this.time);
			provider.setJitter(() -> 0);
			// the default schedule without its jitter: 1 s doubling to 5 minutes
			ExponentialBackOff loginBackOff = new ExponentialBackOff(1_000, 2.0);
			loginBackOff.setMaxInterval(300_000);
			provider.setLoginBackOff(loginBackOff);
			this.fleet.add(provider);
		}
	}

	/**
	 * Let every instance ask for a token at once, and return how many were refused. Each
	 * call returns within its bounds: none may hang.
	 */
	private int everyInstanceCalls() throws Exception {
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Boolean>> refusals = new ArrayList<>();
		for (ProgenyTokenProvider provider : this.fleet) {
			refusals.add(this.callers.submit(() -> {
				go.await();
				try {
					provider.authorizationHeader();
					return false;
				}
				catch (ProgenyCredentialsRejectedException ex) {
					return true;
				}
			}));
		}
		go.countDown();
		int refused = 0;
		for (Future<Boolean> refusal : refusals) {
			if (refusal.get(30, TimeUnit.SECONDS)) {
				refused++;
			}
		}
		return refused;
	}

	/**
	 * Call with every instance at each step until the given time, and add the time of
	 * each login attempt the fake saw to the given list.
	 */
	private void runUntil(Duration end, List<Long> attemptsAt) throws Exception {
		while (this.elapsedMillis <= end.toMillis()) {
			assertThat(everyInstanceCalls()).as("refused at %d ms", this.elapsedMillis).isEqualTo(this.fleet.size());
			recordAttempts(attemptsAt);
			step();
		}
	}

	private void recordAttempts(List<Long> attemptsAt) {
		long attempts = this.progeny.counters().obtainRequests();
		for (; this.attemptsSeen < attempts; this.attemptsSeen++) {
			attemptsAt.add(this.elapsedMillis);
		}
	}

	private void step() {
		this.time.advance(STEP);
		this.elapsedMillis += STEP.toMillis();
	}

	private String holdOffKey() {
		return this.stores.get(0).keys().loginHoldOff();
	}

	@Test
	void fleetWhenEveryInstanceHasTheWrongPasswordThenTheFleetsAttemptsFollowOneDoublingSchedule() throws Exception {
		startFleet(5);
		List<Long> attemptsAt = new ArrayList<>();
		runUntil(Duration.ofSeconds(32), attemptsAt);
		System.out.printf("Wrong password in 5 instances on one Redis, all calling every 500 ms of ticker time for "
				+ "32 s: %d login attempts at %s ms%n", attemptsAt.size(), attemptsAt);
		// one schedule for the whole fleet: 1 s, 2 s, 4 s, 8 s, 16 s between attempts, one
		// attempt each time, as a single instance would make
		assertThat(attemptsAt).containsExactly(0L, 1_000L, 3_000L, 7_000L, 15_000L, 31_000L);
		assertThat(redis.admin().hasKey(holdOffKey())).isTrue();
		// the right password: the next call logs in at once, whatever the hold-off, and the
		// login clears the fleet's hold-off; the other instances adopt the stored token
		this.credentials.set(new ProgenyCredentials(this.progeny.username(), this.progeny.password()));
		for (ProgenyTokenProvider provider : this.fleet) {
			assertThat(provider.authorizationHeader()).startsWith("Bearer ");
		}
		System.out.printf("Then the right password: %d login(s) for 5 instances; hold-off key left: %s%n",
				this.progeny.counters().obtainRequests() - this.attemptsSeen, redis.admin().hasKey(holdOffKey()));
		assertThat(this.progeny.counters().obtainRequests()).isEqualTo(this.attemptsSeen + 1);
		assertThat(redis.admin().hasKey(holdOffKey())).isFalse();
	}

	@Test
	void fleetWhenRedisStopsDuringTheHoldOffThenEachInstanceGoesOnFromTheFleetsScheduleOnItsOwn() throws Exception {
		startFleet(5);
		List<Long> attemptsAt = new ArrayList<>();
		runUntil(Duration.ofSeconds(3), attemptsAt);
		assertThat(attemptsAt).containsExactly(0L, 1_000L, 3_000L);
		this.stores.forEach((store) -> store.setTimeout(Duration.ofMillis(500)));
		redis.stop();
		runUntil(Duration.ofSeconds(16), attemptsAt);
		System.out.printf("Wrong password in 5 instances, Redis stopped after 3.5 s: login attempts at %s ms%n",
				attemptsAt);
		// each instance on its own, on the fleet's schedule (the hold-off after the third
		// refusal lasts until 7 s, then 8 s): no instance starts over at 1 s
		assertThat(attemptsAt).containsExactly(0L, 1_000L, 3_000L, 7_000L, 7_000L, 7_000L, 7_000L, 7_000L, 15_000L,
				15_000L, 15_000L, 15_000L, 15_000L);
	}

}
