package tech.progeny.auth.token;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The one token exchange in flight: its future, shared by every caller that waits for
 * it, and the thread it runs on, which this class owns and shuts down on
 * {@link #close()}. A flight ends when it is {@link #land(CompletableFuture) landed},
 * which its body does when it installs its result; whatever the body throws, the flight
 * is landed and completed, so that the next caller can start another.
 *
 * @param <T> the result of an exchange
 */
final class SingleFlight<T> {

	private final AtomicReference<@Nullable CompletableFuture<T>> current = new AtomicReference<>();

	private final ThreadPoolExecutor executor;

	SingleFlight() {
		CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("progeny-auth-exchange-");
		threadFactory.setDaemon(true);
		this.executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				threadFactory);
		this.executor.allowCoreThreadTimeOut(true);
	}

	/**
	 * Return the flight in progress.
	 * @return its future, or {@code null} if none is in flight
	 */
	@Nullable CompletableFuture<T> current() {
		return this.current.get();
	}

	/**
	 * Return the flight in progress, or start one that runs the given body on this
	 * class's thread. The body completes the future it is given.
	 * @param body the exchange
	 * @return the flight's future
	 * @throws IllegalStateException if this has been closed
	 */
	CompletableFuture<T> join(Consumer<CompletableFuture<T>> body) {
		CompletableFuture<T> started = new CompletableFuture<>();
		CompletableFuture<T> inFlight = this.current.compareAndExchange(null, started);
		if (inFlight != null) {
			return inFlight;
		}
		try {
			this.executor.execute(() -> fly(started, body));
		}
		catch (RejectedExecutionException ex) {
			land(started);
			throw new IllegalStateException("ProgenyTokenProvider has been closed", ex);
		}
		return started;
	}

	/**
	 * End the given flight, so that the next caller starts another.
	 * @param flight the flight
	 */
	void land(CompletableFuture<T> flight) {
		this.current.compareAndSet(flight, null);
	}

	/**
	 * Stop the thread and fail the flight in progress.
	 */
	void close() {
		this.executor.shutdownNow();
		CompletableFuture<T> inFlight = this.current.getAndSet(null);
		if (inFlight != null) {
			inFlight.completeExceptionally(new IllegalStateException("ProgenyTokenProvider has been closed"));
		}
	}

	private void fly(CompletableFuture<T> flight, Consumer<CompletableFuture<T>> body) {
		try {
			body.accept(flight);
		}
		catch (Throwable ex) {
			flight.completeExceptionally(ex);
		}
		finally {
			land(flight);
			if (!flight.isDone()) {
				flight.completeExceptionally(new IllegalStateException("Token exchange ended without a result"));
			}
		}
	}

}
