package tech.progeny.auth.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sits on a token client's own {@code RestClient} and records when each token request
 * started and ended, on the {@link System#nanoTime()} scale of the requests it is compared
 * with, and how many were in flight at once.
 */
final class TokenCallRecorder implements ClientHttpRequestInterceptor {

	private final List<Call> calls = new ArrayList<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		long start = System.nanoTime();
		this.maxInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		try {
			return execution.execute(request, body);
		}
		finally {
			this.inFlight.decrementAndGet();
			record(start, System.nanoTime());
		}
	}

	/**
	 * Record a call that did not go through this interceptor, such as a
	 * {@link CpuBurst} standing in for a refresh.
	 * @param start when it started
	 * @param end when it ended
	 */
	void record(long start, long end) {
		synchronized (this.calls) {
			this.calls.add(new Call(start, end));
		}
	}

	/**
	 * Forget every call recorded so far.
	 */
	void reset() {
		synchronized (this.calls) {
			this.calls.clear();
		}
		this.maxInFlight.set(this.inFlight.get());
	}

	/**
	 * Return the most token requests that were in flight at once since the last reset.
	 * @return the count
	 */
	int maxInFlight() {
		return this.maxInFlight.get();
	}

	/**
	 * Return the recorded calls grouped into refresh episodes: calls that start within
	 * {@code gapNanos} of the end of the previous call belong to the same expiry.
	 * @param gapNanos the largest gap inside an episode
	 * @return the episodes, oldest first
	 */
	List<Episode> episodes(long gapNanos) {
		List<Call> sorted;
		synchronized (this.calls) {
			sorted = new ArrayList<>(this.calls);
		}
		sorted.sort(Comparator.comparingLong(Call::start));
		List<Episode> episodes = new ArrayList<>();
		Episode current = null;
		for (Call call : sorted) {
			if (current != null && call.start() <= current.end() + gapNanos) {
				current = new Episode(current.start(), Math.max(current.end(), call.end()), current.calls() + 1);
				episodes.set(episodes.size() - 1, current);
			}
			else {
				current = new Episode(call.start(), call.end(), 1);
				episodes.add(current);
			}
		}
		return episodes;
	}

	/**
	 * One token request.
	 *
	 * @param start when it left, in nanoseconds
	 * @param end when its answer was in, in nanoseconds
	 */
	record Call(long start, long end) {

	}

	/**
	 * The token requests made for one expiry.
	 *
	 * @param start when the first left
	 * @param end when the last answer was in
	 * @param calls how many there were
	 */
	record Episode(long start, long end, int calls) {

	}

}
