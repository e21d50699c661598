package tech.progeny.auth.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 64 threads x 2,000 requests through {@code progenyRestClient} against a fake Progeny
 * whose access tokens live 5 seconds, with refresh rotation and blacklisting on. Real
 * time, bounded: the requests run until done or 90 s.
 */
class RefreshUnderLoadTests {

	private static final int THREADS = 64;

	private static final int REQUESTS_PER_THREAD = 2_000;

	private static final Duration ACCESS_LIFETIME = Duration.ofSeconds(5);

	private static final Duration DEADLINE = Duration.ofSeconds(90);

	@Test
	void sixtyFourThreadsTimesTwoThousandRequestsWithoutFailureOneLoginAndRefreshesWithinTheSchedule()
			throws Exception {
		try (QuietLogging quiet = new QuietLogging();
				FakeProgenyServer server = FakeProgenyServer.builder()
					.accessTokenLifetime(ACCESS_LIFETIME)
					.rotateRefreshTokens(true)
					.blacklistAfterRotation(true)
					.start()) {
			// the client these counts were taken with (Apache HttpClient 5, first on the test class path
			// since the redirect matrix, pools 5 connections per route by default)
			ProgenyContextRunners.runner(server)
				.withPropertyValues("spring.http.clients.imperative.factory=reactor")
				.run((context) -> {
				RestClient restClient = context.getBean("progenyRestClient", RestClient.class);
				AtomicLong succeeded = new AtomicLong();
				AtomicLong failed = new AtomicLong();
				AtomicReference<Throwable> firstFailure = new AtomicReference<>();
				long deadline = System.nanoTime() + DEADLINE.toNanos();
				ExecutorService threads = Executors.newFixedThreadPool(THREADS);
				CyclicBarrier barrier = new CyclicBarrier(THREADS + 1);
				List<Future<?>> futures = new ArrayList<>();
				for (int t = 0; t < THREADS; t++) {
					futures.add(threads.submit(() -> {
						barrier.await();
						for (int i = 0; i < REQUESTS_PER_THREAD && System.nanoTime() < deadline; i++) {
							try {
								int status = restClient.get()
									.uri(FakeProgenyServer.PING_PATH)
									.retrieve()
									.toBodilessEntity()
									.getStatusCode()
									.value();
								(status == 200 ? succeeded : failed).incrementAndGet();
							}
							catch (RuntimeException ex) {
								failed.incrementAndGet();
								firstFailure.compareAndSet(null, ex);
							}
						}
						return null;
					}));
				}
				barrier.await();
				long start = System.nanoTime();
				for (Future<?> future : futures) {
					future.get(DEADLINE.plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
				}
				Duration elapsed = Loopback.since(start);
				threads.shutdown();
				assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

				// effective lifetime 4 s (5 s less 1 s), largest jittered window min(60 s, 5 s / 5) x 1.2 = 1.2 s
				Duration shortestRefreshPeriod = ACCESS_LIFETIME.minusSeconds(1).minusMillis(1_200);
				long refreshBound = elapsed.toMillis() / shortestRefreshPeriod.toMillis() + 1;
				long refreshes = server.counters().refreshRequests();
				System.out.println("RefreshUnderLoadTests: requests=" + (succeeded.get() + failed.get()) + " failed="
						+ failed.get() + " elapsed=" + elapsed.toMillis() + "ms obtain="
						+ server.counters().obtainRequests() + " refresh=" + refreshes + " (bound " + refreshBound
						+ ") rejectedRefresh=" + server.counters().rejectedRefreshRequests() + " maxConcurrentToken="
						+ server.counters().maxConcurrentTokenRequests() + " rate="
						+ (succeeded.get() * 1000 / Math.max(1, elapsed.toMillis())) + "/s");
				assertThat(firstFailure.get()).as("first failure").isNull();
				assertThat(failed.get()).isZero();
				assertThat(succeeded.get()).as("every request ran before the deadline")
					.isEqualTo((long) THREADS * REQUESTS_PER_THREAD);
				assertThat(server.counters().apiRequests()).isEqualTo((long) THREADS * REQUESTS_PER_THREAD);
				assertThat(server.counters().obtainRequests()).isEqualTo(1);
				assertThat(refreshes).isLessThanOrEqualTo(refreshBound);
				assertThat(server.counters().rejectedRefreshRequests()).isZero();
				assertThat(server.counters().maxConcurrentTokenRequests()).isEqualTo(1);
			});
		}
	}

}
