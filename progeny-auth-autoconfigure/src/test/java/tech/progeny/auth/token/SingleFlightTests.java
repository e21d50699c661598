package tech.progeny.auth.token;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class SingleFlightTests {

	private final SingleFlight<String> flight = new SingleFlight<>();

	@AfterEach
	void close() {
		this.flight.close();
	}

	@Test
	void joinWhenAFlightIsInProgressThenTheSameFutureAndOneRun() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger runs = new AtomicInteger();
		CompletableFuture<String> first = this.flight.join((inFlight) -> {
			runs.incrementAndGet();
			awaitQuietly(release);
			this.flight.land(inFlight);
			inFlight.complete("token");
		});
		CompletableFuture<String> second = this.flight.join((inFlight) -> runs.incrementAndGet());
		assertThat(second).isSameAs(first);
		assertThat(this.flight.current()).isSameAs(first);
		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("token");
		assertThat(runs).hasValue(1);
		assertThat(this.flight.current()).isNull();
	}

	@Test
	void joinWhenTheBodyThrowsAnErrorThenTheFlightFailsAndLands() {
		CompletableFuture<String> failed = this.flight.join((inFlight) -> {
			throw new StackOverflowError("deep");
		});
		assertThat(failed).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(StackOverflowError.class);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.flight.current() == null);
		assertThat(this.flight.join((inFlight) -> inFlight.complete("next"))).succeedsWithin(Duration.ofSeconds(5))
			.isEqualTo("next");
	}

	@Test
	void joinWhenTheBodyEndsWithoutAResultThenTheFlightFails() {
		CompletableFuture<String> abandoned = this.flight.join((inFlight) -> {
		});
		assertThat(abandoned).failsWithin(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.flight.current() == null);
	}

	@Test
	void closeThenFailsTheFlightInProgressAndRefusesNewOnes() {
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<String> inProgress = this.flight.join((inFlight) -> awaitQuietly(release));
		this.flight.close();
		assertThat(inProgress).failsWithin(Duration.ofSeconds(5));
		assertThatIllegalStateException().isThrownBy(() -> this.flight.join((inFlight) -> inFlight.complete("late")))
			.withMessageContaining("closed");
		assertThat(this.flight.current()).isNull();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
