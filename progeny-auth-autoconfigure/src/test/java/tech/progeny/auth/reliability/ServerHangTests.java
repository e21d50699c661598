package tech.progeny.auth.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyServerUnavailableException;
import tech.progeny.auth.reliability.SecretLeakExtension.Secrets;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static tech.progeny.auth.reliability.ProviderFixture.READ_TIMEOUT;
import static tech.progeny.auth.reliability.ProviderFixture.START;

/**
 * A Progeny server that accepts token requests and never answers them.
 */
@ExtendWith(SecretLeakExtension.class)
class ServerHangTests {

	private static final int CALLERS = 200;

	private final AdjustableClock clock = AdjustableClock.at(START);

	private final FakeProgenyServer server = FakeProgenyServer.builder().clock(this.clock).start();

	private final ProviderFixture fixture = new ProviderFixture(this.clock, this.server.baseUrl(),
			new ProgenyCredentials(this.server.username(), this.server.password()));

	@AfterEach
	void close() {
		this.fixture.close();
		this.server.close();
	}

	@Test
	void twoHundredCallersAllGetATypedExceptionWithinTheReadTimeoutPlusTwoSecondsWithOneRequestInFlight(
			Secrets secrets) throws Exception {
		secrets.watch(this.server);
		this.server.faults().hangNext(ProgenyEndpoint.TOKEN, 1_000);
		ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
		CyclicBarrier barrier = new CyclicBarrier(CALLERS);
		List<Future<Outcome>> futures = new ArrayList<>();
		for (int i = 0; i < CALLERS; i++) {
			futures.add(callers.submit(() -> {
				barrier.await();
				long start = System.nanoTime();
				try {
					return new Outcome(this.fixture.provider.authorizationHeader(), Loopback.since(start));
				}
				catch (Throwable ex) {
					return new Outcome(ex, Loopback.since(start));
				}
			}));
		}
		List<Outcome> outcomes = new ArrayList<>();
		for (Future<Outcome> future : futures) {
			outcomes.add(future.get(READ_TIMEOUT.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS));
		}
		callers.shutdown();
		assertThat(callers.awaitTermination(5, TimeUnit.SECONDS)).as("every caller thread ended").isTrue();

		assertThat(outcomes).hasSize(CALLERS).allSatisfy((outcome) -> {
			assertThat(outcome.result()).isInstanceOf(ProgenyServerUnavailableException.class);
			assertThat(outcome.elapsed()).isLessThanOrEqualTo(READ_TIMEOUT.plusSeconds(2));
			secrets.check((Throwable) outcome.result());
		});
		assertThat(this.server.counters().tokenRequests()).isEqualTo(1);
		assertThat(this.server.counters().maxConcurrentTokenRequests()).isEqualTo(1);
		assertThat(this.fixture.requests.started()).isEqualTo(1);
		assertThat(this.fixture.requests.maxInFlight()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(threadsInTheLibrary()).as("threads inside the library").isEmpty());
		this.server.faults().releaseHung();
	}

	/**
	 * Threads, other than this test's, whose stack is inside the library's client, token
	 * or web packages: a blocked or waiting caller, or an exchange still running.
	 */
	private static List<String> threadsInTheLibrary() {
		List<String> threads = new ArrayList<>();
		Thread.getAllStackTraces().forEach((thread, stack) -> {
			if (thread != Thread.currentThread() && Arrays.stream(stack).anyMatch(ServerHangTests::isLibraryFrame)) {
				threads.add(thread.getName() + " " + thread.getState());
			}
		});
		return threads;
	}

	private static boolean isLibraryFrame(StackTraceElement frame) {
		String name = frame.getClassName();
		return name.startsWith("tech.progeny.auth.client.") || name.startsWith("tech.progeny.auth.token.")
				|| name.startsWith("tech.progeny.auth.web.");
	}

	private record Outcome(Object result, Duration elapsed) {

	}

}
