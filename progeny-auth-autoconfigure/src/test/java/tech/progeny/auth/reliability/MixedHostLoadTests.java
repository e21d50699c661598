package tech.progeny.auth.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 requests through one host client from Spring Boot's {@link RestClient.Builder},
 * alternating between Progeny and another loopback origin: Progeny's all authenticated,
 * the other origin's never.
 */
class MixedHostLoadTests {

	private static final int THREADS = 8;

	private static final int REQUESTS = 10_000;

	@Test
	void tenThousandMixedRequestsCarryNoAuthorizationHeaderToTheOtherOrigin() throws Exception {
		try (QuietLogging quiet = new QuietLogging();
				FakeProgenyServer server = FakeProgenyServer.start();
				OtherOrigin other = new OtherOrigin()) {
			// the client these counts were taken with (Apache HttpClient 5, first on the test class path
			// since the redirect matrix, pools 5 connections per route by default)
			ProgenyContextRunners.runner(server)
				.withPropertyValues("spring.http.clients.imperative.factory=reactor")
				.run((context) -> {
				RestClient restClient = context.getBean(RestClient.Builder.class).build();
				String progenyUrl = server.baseUrl() + FakeProgenyServer.PING_PATH;
				String otherUrl = other.baseUrl() + FakeProgenyServer.PING_PATH;
				AtomicLong progenyOk = new AtomicLong();
				AtomicLong otherOk = new AtomicLong();
				AtomicLong failed = new AtomicLong();
				ExecutorService threads = Executors.newFixedThreadPool(THREADS);
				List<Future<?>> futures = new ArrayList<>();
				for (int t = 0; t < THREADS; t++) {
					int offset = t;
					futures.add(threads.submit(() -> {
						for (int i = 0; i < REQUESTS / THREADS; i++) {
							boolean progeny = (i + offset) % 2 == 0;
							try {
								int status = restClient.get()
									.uri(progeny ? progenyUrl : otherUrl)
									.retrieve()
									.toBodilessEntity()
									.getStatusCode()
									.value();
								if (status == 200) {
									(progeny ? progenyOk : otherOk).incrementAndGet();
								}
								else {
									failed.incrementAndGet();
								}
							}
							catch (RuntimeException ex) {
								failed.incrementAndGet();
							}
						}
					}));
				}
				for (Future<?> future : futures) {
					future.get(60, TimeUnit.SECONDS);
				}
				threads.shutdown();
				System.out.println("MixedHostLoadTests: progeny=" + progenyOk.get() + " other=" + otherOk.get()
						+ " failed=" + failed.get() + " otherAuthorizationHeaders=" + other.authorizationHeaders()
						+ " obtain=" + server.counters().obtainRequests());
				assertThat(failed.get()).isZero();
				assertThat(progenyOk.get()).as("authenticated: the fake answers 401 without a token")
					.isEqualTo(REQUESTS / 2);
				assertThat(otherOk.get()).isEqualTo(REQUESTS / 2);
				assertThat(other.requests()).isEqualTo(REQUESTS / 2);
				assertThat(other.authorizationHeaders()).isZero();
				assertThat(server.counters().apiRequests()).isEqualTo(REQUESTS / 2);
				assertThat(server.counters().obtainRequests()).isEqualTo(1);
			});
		}
	}

}
