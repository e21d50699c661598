package tech.progeny.auth.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.test.FakeProgenyServer;

/**
 * Threads that call the fake Progeny's API through each instance's
 * {@code progenyRestClient}, with a short pause between calls, and count the calls that
 * succeeded and those that failed (by reason, without any secret).
 */
final class FleetLoad implements AutoCloseable {

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicLong calls = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final Map<String, AtomicLong> failureReasons = new ConcurrentHashMap<>();

	private final Map<FleetInstance, List<Thread>> threadsByInstance = new ConcurrentHashMap<>();

	private final Set<FleetInstance> retired = ConcurrentHashMap.newKeySet();

	private final AtomicReference<@Nullable Instant> firstFailureAt = new AtomicReference<>();

	private final Duration pause;

	private volatile boolean running = true;

	FleetLoad(Duration pause) {
		this.pause = pause;
	}

	/**
	 * Start the given number of threads calling through the given instance; they stop when
	 * the load is {@link #close() closed} or the instance is closed under them (then its
	 * calls are not counted).
	 * @param instance the instance
	 * @param count the number of threads
	 */
	void add(FleetInstance instance, int count) {
		for (int i = 0; i < count; i++) {
			Thread thread = new Thread(() -> call(instance), "fleet-load-" + this.threads.size());
			thread.setDaemon(true);
			this.threads.add(thread);
			this.threadsByInstance.computeIfAbsent(instance, (key) -> new ArrayList<>()).add(thread);
			thread.start();
		}
	}

	private void call(FleetInstance instance) {
		RestClient restClient = instance.restClient();
		while (this.running && !this.retired.contains(instance)) {
			try {
				HttpStatusCode status = restClient.get()
					.uri(FakeProgenyServer.PING_PATH)
					.exchange((request, response) -> response.getStatusCode(), true);
				if (status.is2xxSuccessful()) {
					this.calls.incrementAndGet();
				}
				else {
					fail("HTTP " + status.value());
				}
			}
			catch (RuntimeException ex) {
				if (!this.running || !instance.isActive()) {
					return;
				}
				fail(ex.getClass().getSimpleName() + ": " + ex.getMessage());
			}
			LockSupport.parkNanos(this.pause.toNanos());
		}
	}

	private void fail(String reason) {
		this.firstFailureAt.compareAndSet(null, Instant.now());
		this.failures.incrementAndGet();
		this.failureReasons.computeIfAbsent(reason, (key) -> new AtomicLong()).incrementAndGet();
	}

	/**
	 * Stop the threads that call through the given instance, before it is closed.
	 * @param instance the instance
	 * @throws InterruptedException if interrupted while waiting for them
	 */
	void retire(FleetInstance instance) throws InterruptedException {
		this.retired.add(instance);
		for (Thread thread : this.threadsByInstance.getOrDefault(instance, List.of())) {
			thread.join(TimeUnit.SECONDS.toMillis(30));
		}
	}

	long calls() {
		return this.calls.get();
	}

	/**
	 * Return when the first call failed.
	 * @return the instant, or {@code null} if none failed
	 */
	@Nullable Instant firstFailureAt() {
		return this.firstFailureAt.get();
	}

	long failures() {
		return this.failures.get();
	}

	Map<String, AtomicLong> failureReasons() {
		return this.failureReasons;
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		for (Thread thread : this.threads) {
			thread.join(TimeUnit.SECONDS.toMillis(30));
		}
	}

}
