package tech.progeny.auth.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Faults the fake Progeny server injects into its answers, set at runtime from any thread.
 *
 * <p>One-shot faults ({@code failNext}, {@code dropNext}, {@code hangNext}, {@code truncateNext}) apply to the next
 * requests of the given endpoint or group, in the order they were added; the methods without an endpoint target
 * both token endpoints ({@link ProgenyEndpoint#TOKEN}). A delay applies to every matching request until reset.
 * Requests held by a delay or a hang are let go, without an answer, when the server closes.
 *
 * <pre>
 * server.faults().delay(ProgenyEndpoint.TOKEN, Duration.ofMillis(200));
 * server.faults().failNext(ProgenyEndpoint.REFRESH, 2, 503);
 * server.faults().failNext(1, CannedResponse.of(429).withHeader("Retry-After", "1"));
 * server.faults().dropNext(1);      // connection closed, no response
 * server.faults().truncateNext(1);  // headers promise more body than is sent
 * server.faults().hangNext(1);      // no answer until releaseHung() or close()
 * </pre>
 */
public final class FakeProgenyFaults {

	private final Object monitor = new Object();

	private final Map<ProgenyEndpoint, Duration> delays = new EnumMap<>(ProgenyEndpoint.class);

	private final List<OneShot> oneShots = new ArrayList<>();

	private final CountDownLatch closed;

	private final AtomicInteger hung = new AtomicInteger();

	private CountDownLatch release = new CountDownLatch(1);

	FakeProgenyFaults(CountDownLatch closed) {
		this.closed = closed;
	}

	/**
	 * Delays every answer by the given time.
	 * @param delay the delay, zero for none
	 * @return these faults
	 */
	public FakeProgenyFaults delay(Duration delay) {
		return delay(ProgenyEndpoint.ANY, delay);
	}

	/**
	 * Delays every answer of an endpoint or group; the longest matching delay applies.
	 * @param endpoint the endpoint or group
	 * @param delay the delay, zero for none
	 * @return these faults
	 */
	public FakeProgenyFaults delay(ProgenyEndpoint endpoint, Duration delay) {
		Objects.requireNonNull(endpoint, "endpoint must not be null");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative");
		}
		synchronized (this.monitor) {
			this.delays.put(endpoint, delay);
		}
		return this;
	}

	/**
	 * Answers the next token requests with the given status and an empty body.
	 * @param times how many requests
	 * @param status the status
	 * @return these faults
	 */
	public FakeProgenyFaults failNext(int times, int status) {
		return failNext(ProgenyEndpoint.TOKEN, times, CannedResponse.of(status));
	}

	/**
	 * Answers the next token requests with the given response.
	 * @param times how many requests
	 * @param response the response
	 * @return these faults
	 */
	public FakeProgenyFaults failNext(int times, CannedResponse response) {
		return failNext(ProgenyEndpoint.TOKEN, times, response);
	}

	/**
	 * Answers the next requests of an endpoint or group with the given status and an empty body.
	 * @param endpoint the endpoint or group
	 * @param times how many requests
	 * @param status the status
	 * @return these faults
	 */
	public FakeProgenyFaults failNext(ProgenyEndpoint endpoint, int times, int status) {
		return failNext(endpoint, times, CannedResponse.of(status));
	}

	/**
	 * Answers the next requests of an endpoint or group with the given response.
	 * @param endpoint the endpoint or group
	 * @param times how many requests
	 * @param response the response
	 * @return these faults
	 */
	public FakeProgenyFaults failNext(ProgenyEndpoint endpoint, int times, CannedResponse response) {
		Objects.requireNonNull(response, "response must not be null");
		return add(endpoint, times, Kind.FAIL, response);
	}

	/**
	 * Closes the connection of the next token requests without any response.
	 * @param times how many requests
	 * @return these faults
	 */
	public FakeProgenyFaults dropNext(int times) {
		return dropNext(ProgenyEndpoint.TOKEN, times);
	}

	/**
	 * Closes the connection of the next requests of an endpoint or group without any response.
	 * @param endpoint the endpoint or group
	 * @param times how many requests
	 * @return these faults
	 */
	public FakeProgenyFaults dropNext(ProgenyEndpoint endpoint, int times) {
		return add(endpoint, times, Kind.DROP, null);
	}

	/**
	 * Holds the next token requests without answering until {@link #releaseHung()}, {@link #reset()} or close.
	 * @param times how many requests
	 * @return these faults
	 */
	public FakeProgenyFaults hangNext(int times) {
		return hangNext(ProgenyEndpoint.TOKEN, times);
	}

	/**
	 * Holds the next requests of an endpoint or group without answering until {@link #releaseHung()},
	 * {@link #reset()} (after which they are answered normally) or close (after which their connection is closed).
	 * @param endpoint the endpoint or group
	 * @param times how many requests
	 * @return these faults
	 */
	public FakeProgenyFaults hangNext(ProgenyEndpoint endpoint, int times) {
		return add(endpoint, times, Kind.HANG, null);
	}

	/**
	 * Sends the next token responses with a {@code Content-Length} larger than the half body sent, then closes
	 * the connection.
	 * @param times how many requests
	 * @return these faults
	 */
	public FakeProgenyFaults truncateNext(int times) {
		return truncateNext(ProgenyEndpoint.TOKEN, times);
	}

	/**
	 * Truncates the next responses of an endpoint or group: their headers promise the whole body, half is sent,
	 * then the connection is closed.
	 * @param endpoint the endpoint or group
	 * @param times how many requests
	 * @return these faults
	 */
	public FakeProgenyFaults truncateNext(ProgenyEndpoint endpoint, int times) {
		return add(endpoint, times, Kind.TRUNCATE, null);
	}

	/**
	 * How many requests are being held by a hang right now.
	 * @return the count
	 */
	public int hungRequests() {
		return this.hung.get();
	}

	/**
	 * Lets every hung request go on to its normal answer.
	 */
	public void releaseHung() {
		synchronized (this.monitor) {
			this.release.countDown();
			this.release = new CountDownLatch(1);
		}
	}

	/**
	 * Removes every delay and pending one-shot fault, and releases hung requests.
	 */
	public void reset() {
		synchronized (this.monitor) {
			this.delays.clear();
			this.oneShots.clear();
		}
		releaseHung();
	}

	private FakeProgenyFaults add(ProgenyEndpoint endpoint, int times, Kind kind, @Nullable CannedResponse response) {
		Objects.requireNonNull(endpoint, "endpoint must not be null");
		if (times < 1) {
			throw new IllegalArgumentException("times must be positive");
		}
		synchronized (this.monitor) {
			this.oneShots.add(new OneShot(endpoint, kind, response, times));
		}
		return this;
	}

	Duration delayFor(ProgenyEndpoint endpoint) {
		Duration longest = Duration.ZERO;
		synchronized (this.monitor) {
			for (Map.Entry<ProgenyEndpoint, Duration> delay : this.delays.entrySet()) {
				if (delay.getKey().includes(endpoint) && delay.getValue().compareTo(longest) > 0) {
					longest = delay.getValue();
				}
			}
		}
		return longest;
	}

	@Nullable Fault take(ProgenyEndpoint endpoint) {
		synchronized (this.monitor) {
			Iterator<OneShot> iterator = this.oneShots.iterator();
			while (iterator.hasNext()) {
				OneShot oneShot = iterator.next();
				if (oneShot.endpoint.includes(endpoint)) {
					if (--oneShot.remaining == 0) {
						iterator.remove();
					}
					return new Fault(oneShot.kind, oneShot.response);
				}
			}
		}
		return null;
	}

	/**
	 * Waits out a delay.
	 * @param delay the delay
	 * @return {@code false} when the server closed meanwhile
	 */
	boolean sleep(Duration delay) throws InterruptedException {
		return !this.closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Holds a request until released or closed.
	 * @return {@code false} when the server closed meanwhile
	 */
	boolean hang() throws InterruptedException {
		CountDownLatch latch;
		synchronized (this.monitor) {
			latch = this.release;
		}
		this.hung.incrementAndGet();
		try {
			while (this.closed.getCount() > 0) {
				if (latch.await(10, TimeUnit.MILLISECONDS)) {
					return this.closed.getCount() > 0;
				}
			}
			return false;
		}
		finally {
			this.hung.decrementAndGet();
		}
	}

	enum Kind {

		FAIL, DROP, HANG, TRUNCATE

	}

	record Fault(Kind kind, @Nullable CannedResponse response) {

	}

	private static final class OneShot {

		private final ProgenyEndpoint endpoint;

		private final Kind kind;

		private final @Nullable CannedResponse response;

		private int remaining;

		OneShot(ProgenyEndpoint endpoint, Kind kind, @Nullable CannedResponse response, int remaining) {
			this.endpoint = endpoint;
			this.kind = kind;
			this.response = response;
			this.remaining = remaining;
		}

	}

}
