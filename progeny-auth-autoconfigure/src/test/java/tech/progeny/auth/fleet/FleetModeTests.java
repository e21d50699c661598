package tech.progeny.auth.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import tech.progeny.auth.redis.RedisProgenyTokenStore;
import tech.progeny.auth.support.LocalRedis;
import tech.progeny.auth.test.FakeProgenyCounters;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.test.RecordedTokenRequest;
import tech.progeny.auth.token.ProgenyTokenStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fleet mode end to end: several instances of an application (application contexts of
 * their own, each with its own Redis connections, token client and provider) calling the
 * fake Progeny, which rotates and blacklists refresh tokens, through their
 * {@code progenyRestClient} from many threads, against a real {@code redis-server}. Each
 * test prints what it counted.
 */
class FleetModeTests {

	@RegisterExtension
	static final LocalRedis redis = new LocalRedis();

	private static final Duration PAUSE = Duration.ofMillis(50);

	private static FakeProgenyServer progeny(Duration accessTokenLifetime) {
		return FakeProgenyServer.builder()
			.accessTokenLifetime(accessTokenLifetime)
			.rotateRefreshTokens(true)
			.blacklistAfterRotation(true)
			.threads(32)
			.start();
	}

	private static Map<String, String> fleetMode() {
		Map<String, String> properties = new HashMap<>(redis.properties());
		properties.put("progeny.auth.store.type", "redis");
		properties.put("progeny.auth.store.redis.timeout", "2s");
		properties.put("progeny.auth.connect-timeout", "1s");
		properties.put("progeny.auth.read-timeout", "3s");
		return properties;
	}

	private static Map<String, String> perInstanceMode() {
		Map<String, String> properties = new HashMap<>(fleetMode());
		properties.put("progeny.auth.store.type", "in-memory");
		return properties;
	}

	private static List<FleetInstance> start(FakeProgenyServer progeny, int count, Map<String, String> properties) {
		List<FleetInstance> fleet = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			fleet.add(FleetInstance.start(progeny, properties));
		}
		return fleet;
	}

	private static void close(List<FleetInstance> fleet) {
		fleet.forEach(FleetInstance::close);
	}

	/**
	 * Whether every refresh token was sent once: no two instances refreshed for the same
	 * expiry.
	 */
	private static long repeatedRefreshTokens(FakeProgenyCounters counters) {
		List<String> refreshBodies = counters.recordedTokenRequests()
			.stream()
			.filter((request) -> request.endpoint() == ProgenyEndpoint.REFRESH)
			.map(RecordedTokenRequest::body)
			.toList();
		return refreshBodies.size() - new HashSet<>(refreshBodies).size();
	}

	private static void run(Duration duration) throws InterruptedException {
		// the load runs for a set time; nothing waits here for an expiry
		Thread.sleep(duration.toMillis());
	}

	@Test
	void fleetWhenFiveInstancesCallForThirtySecondsThenOneLoginAndOneTokenRequestPerExpiry() throws Exception {
		try (FakeProgenyServer progeny = progeny(Duration.ofSeconds(3))) {
			List<FleetInstance> fleet = start(progeny, 5, fleetMode());
			long calls;
			Map<String, ?> failures;
			try (FleetLoad load = new FleetLoad(PAUSE)) {
				fleet.forEach((instance) -> load.add(instance, 16));
				run(Duration.ofSeconds(30));
				load.close();
				calls = load.calls();
				failures = Map.copyOf(load.failureReasons());
			}
			FakeProgenyCounters counters = progeny.counters();
			long logins = counters.obtainRequests();
			long refreshes = counters.refreshRequests();
			long repeated = repeatedRefreshTokens(counters);
			List<String> tokenIds = fleet.stream().map((instance) -> instance.provider().status().tokenId()).toList();
			// a redeploy: five new instances (started first: they make no call at start-up) take
			// over from the five old ones and adopt the stored token
			List<FleetInstance> redeployed = start(progeny, 5, fleetMode());
			close(fleet);
			long redeployLogins;
			List<Long> redeployedInstanceLogins;
			try {
				for (FleetInstance instance : redeployed) {
					assertThat(instance.restClient().get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity()
						.getStatusCode()
						.is2xxSuccessful()).isTrue();
				}
				redeployLogins = counters.obtainRequests() - logins;
				redeployedInstanceLogins = redeployed.stream()
					.map((instance) -> instance.provider().status().activity().logins())
					.toList();
			}
			finally {
				close(redeployed);
			}
			System.out.printf(
					"Fleet mode, 5 instances x 16 threads for 30 s, 3 s tokens: %d calls, %d failed %s; %d login(s), "
							+ "%d refreshes (%d refresh tokens sent twice), %d rejected refreshes, at most %d token "
							+ "request(s) in flight; token ids at the end %s; after a redeploy of 5: %d login(s) %s%n",
					calls, failures.size(), failures, logins, refreshes, repeated,
					counters.rejectedRefreshRequests(), counters.maxConcurrentTokenRequests(), tokenIds,
					redeployLogins, redeployedInstanceLogins);
			assertThat(failures).isEmpty();
			assertThat(calls).isGreaterThan(1000);
			assertThat(logins).isOne();
			// one token request per expiry across the fleet: each refresh token sent once, one
			// request in flight at a time, and the fleet kept refreshing (2 s of use per token)
			assertThat(repeated).isZero();
			assertThat(counters.rejectedRefreshRequests()).isZero();
			assertThat(counters.maxConcurrentTokenRequests()).isOne();
			assertThat(refreshes).isBetween(10L, 30L);
			assertThat(redeployLogins).isZero();
			assertThat(redeployedInstanceLogins).containsOnly(0L);
		}
	}

	@Test
	void perInstanceWhenFiveInstancesCallThenEachLogsInAndRefreshesOnItsOwn() throws Exception {
		try (FakeProgenyServer progeny = progeny(Duration.ofSeconds(3))) {
			List<FleetInstance> fleet = start(progeny, 5, perInstanceMode());
			try (FleetLoad load = new FleetLoad(PAUSE)) {
				fleet.forEach((instance) -> load.add(instance, 16));
				run(Duration.ofSeconds(9));
				load.close();
				FakeProgenyCounters counters = progeny.counters();
				System.out.printf(
						"Per-instance mode, 5 instances x 16 threads for 9 s, 3 s tokens: %d calls, %d failed; %d "
								+ "login(s), %d refreshes, %d rejected, at most %d token requests in flight%n",
						load.calls(), load.failures(), counters.obtainRequests(), counters.refreshRequests(),
						counters.rejectedRefreshRequests(), counters.maxConcurrentTokenRequests());
				assertThat(load.failureReasons()).isEmpty();
				assertThat(counters.obtainRequests()).isEqualTo(5);
				assertThat(counters.rejectedRefreshRequests()).isZero();
				// five streams of refreshes: more than the fleet's one stream could make in 9 s
				assertThat(counters.refreshRequests()).isGreaterThan(10);
			}
			finally {
				close(fleet);
			}
		}
	}

	@Test
	void fleetWhenLeaseHolderStallsAndIsClosedThenAnotherInstanceTakesOverAfterTheLeaseExpiry() throws Exception {
		// 20 s tokens: refreshed 4 s before their expiry, unusable in their last 2 s
		try (FakeProgenyServer progeny = progeny(Duration.ofSeconds(20))) {
			List<FleetInstance> fleet = new ArrayList<>(start(progeny, 3, fleetMode()));
			try (FleetLoad load = new FleetLoad(PAUSE)) {
				fleet.forEach((instance) -> load.add(instance, 4));
				await().atMost(Duration.ofSeconds(30)).until(() -> progeny.counters().obtainRequests() >= 1
						&& fleet.get(0).provider().status().expiresAt() != null);
				Instant expiresAt = Objects.requireNonNull(fleet.get(0).provider().status().expiresAt());
				Instant unusableAt = expiresAt.minusSeconds(2);
				// the next refresh hangs at Progeny, holding its instance's lease
				progeny.faults().hangNext(ProgenyEndpoint.REFRESH, 1);
				await().atMost(Duration.ofSeconds(40)).until(() -> progeny.faults().hungRequests() == 1);
				long stalledAt = System.nanoTime();
				FleetInstance holder = fleet.stream()
					.filter((instance) -> instance.provider().status().store().leaseHolder())
					.findFirst()
					.orElseThrow();
				fleet.remove(holder);
				load.retire(holder);
				holder.close();
				await().atMost(Duration.ofSeconds(40))
					.until(() -> progeny.counters().refreshRequests() + progeny.counters().obtainRequests() >= 3);
				Duration takeOver = Duration.ofNanos(System.nanoTime() - stalledAt);
				await().atMost(Duration.ofSeconds(20))
					.until(() -> fleet.stream()
						.allMatch((instance) -> instance.provider().status().phase() == ProgenyTokenStatus.Phase.FRESH));
				long failuresAfterTakeOver = load.failures();
				run(Duration.ofSeconds(1));
				Instant firstFailure = load.firstFailureAt();
				System.out.printf(
						"Stalled lease holder closed: another instance renewed %d ms later; %d calls, %d failed (first "
								+ "at %s, the token unusable from %s) %s; %d login(s), %d refreshes (1 hung)%n",
						takeOver.toMillis(), load.calls(), load.failures(), firstFailure, unusableAt,
						load.failureReasons(), progeny.counters().obtainRequests(),
						progeny.counters().refreshRequests());
				// no call failed while a usable token remained, and none after the take-over
				if (firstFailure != null) {
					assertThat(firstFailure).isAfterOrEqualTo(unusableAt);
				}
				assertThat(load.failures()).isEqualTo(failuresAfterTakeOver);
				assertThat(progeny.counters().obtainRequests()).isOne();
				assertThat(progeny.counters().rejectedRefreshRequests()).isZero();
			}
			finally {
				progeny.faults().releaseHung();
				close(fleet);
			}
		}
	}

	@Test
	void fleetWhenRedisStopsMidRunAndStartsAgainThenNoCallFailsAndSharingResumes() throws Exception {
		try (FakeProgenyServer progeny = progeny(Duration.ofSeconds(3))) {
			// the Redis timeout scaled with the 3 s tokens: a stopped Redis costs each call
			// its full timeout (Lettuce queues commands while it reconnects), and a renewal
			// makes two, so 2 s would outlast the token it saves, as 3 minutes would a
			// 5-minute token
			Map<String, String> properties = new HashMap<>(fleetMode());
			properties.put("progeny.auth.store.redis.timeout", "300ms");
			List<FleetInstance> fleet = start(progeny, 5, properties);
			try (FleetLoad load = new FleetLoad(PAUSE)) {
				fleet.forEach((instance) -> load.add(instance, 4));
				run(Duration.ofSeconds(4));
				long beforeOutage = progeny.counters().tokenRequests();
				redis.stop();
				run(Duration.ofSeconds(5));
				long duringOutage = progeny.counters().tokenRequests() - beforeOutage;
				boolean unreachableSeen = fleet.stream()
					.anyMatch((instance) -> !instance.provider().status().store().reachable());
				redis.start();
				// sharing resumes: an instance writes its token back
				await().atMost(Duration.ofSeconds(30))
					.until(() -> fleet.get(0).bean(RedisProgenyTokenStore.class).status().reachable()
							&& fleet.get(0).bean(RedisProgenyTokenStore.class).load() != null);
				run(Duration.ofSeconds(4));
				progeny.counters().reset();
				run(Duration.ofSeconds(6));
				load.close();
				FakeProgenyCounters counters = progeny.counters();
				System.out.printf(
						"Redis stopped for 5 s under 5 instances x 4 threads, 3 s tokens: %d calls, %d failed %s; %d "
								+ "token requests during the outage (unreachable seen: %s); in 6 s after it: %d "
								+ "login(s), %d refreshes (%d refresh tokens sent twice), %d rejected, at most %d in "
								+ "flight%n",
						load.calls(), load.failures(), load.failureReasons(), duringOutage, unreachableSeen,
						counters.obtainRequests(), counters.refreshRequests(), repeatedRefreshTokens(counters),
						counters.rejectedRefreshRequests(), counters.maxConcurrentTokenRequests());
				assertThat(load.failureReasons()).isEmpty();
				assertThat(unreachableSeen).isTrue();
				// per instance, at most a refresh and a login for each 1.3 s of use of a token
				assertThat(duringOutage).isLessThanOrEqualTo(5 * 2 * 6);
				assertThat(counters.obtainRequests()).isZero();
				assertThat(repeatedRefreshTokens(counters)).isZero();
				assertThat(counters.rejectedRefreshRequests()).isZero();
				assertThat(counters.maxConcurrentTokenRequests()).isOne();
				assertThat(counters.refreshRequests()).isBetween(2L, 8L);
			}
			finally {
				if (!redis.isRunning()) {
					redis.start();
				}
				close(fleet);
			}
		}
	}

	@Test
	void fleetWhenEveryInstanceHasTheWrongPasswordThenLoginsAreHeldOffFleetWide() throws Exception {
		try (FakeProgenyServer progeny = progeny(Duration.ofSeconds(3))) {
			Map<String, String> properties = new HashMap<>(fleetMode());
			properties.put("progeny.auth.password", "not-the-password");
			List<FleetInstance> fleet = start(progeny, 5, properties);
			List<Long> attemptsAt = new ArrayList<>();
			try (FleetLoad load = new FleetLoad(PAUSE)) {
				fleet.forEach((instance) -> load.add(instance, 2));
				long start = System.nanoTime();
				long seen = 0;
				long end = start + TimeUnit.MILLISECONDS.toNanos(7500);
				while (System.nanoTime() < end) {
					long obtains = progeny.counters().obtainRequests();
					for (; seen < obtains; seen++) {
						attemptsAt.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
					}
					Thread.sleep(10);
				}
				load.close();
				List<Long> gaps = new ArrayList<>();
				for (int i = 1; i < attemptsAt.size(); i++) {
					gaps.add(attemptsAt.get(i) - attemptsAt.get(i - 1));
				}
				System.out.printf(
						"Wrong password in 5 instances for 7.5 s: %d login attempts at %s ms (gaps %s ms); 5 instances "
								+ "on their own would make about 20%n",
						attemptsAt.size(), attemptsAt, gaps);
				// one schedule for the fleet (1 s, then 2 s and 4 s with jitter of 1 s and 2 s,
				// never under 1 s): at most 4 attempts in 7.5 s, where five schedules of their
				// own would make about 20; FleetLoginHoldOffTests follows it step by step
				assertThat(attemptsAt).hasSizeBetween(2, 4);
				assertThat(gaps).allSatisfy((gap) -> assertThat(gap).isGreaterThanOrEqualTo(900L));
			}
			finally {
				close(fleet);
			}
		}
	}

}
