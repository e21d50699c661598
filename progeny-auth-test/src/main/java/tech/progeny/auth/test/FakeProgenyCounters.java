package tech.progeny.auth.test;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fake Progeny server has been asked since it started or was last reset; thread-safe.
 *
 * <pre>
 * assertThat(server.counters().obtainRequests()).isEqualTo(1);
 * assertThat(server.counters().maxConcurrentTokenRequests()).isEqualTo(1); // single-flight
 * </pre>
 */
public final class FakeProgenyCounters {

	private final AtomicLong obtainRequests = new AtomicLong();

	private final AtomicLong refreshRequests = new AtomicLong();

	private final AtomicLong apiRequests = new AtomicLong();

	private final AtomicLong rejectedRefreshRequests = new AtomicLong();

	private final AtomicLong expiredTokenRequests = new AtomicLong();

	private final AtomicLong unauthorizedApiRequests = new AtomicLong();

	private final AtomicInteger tokenRequestsInFlight = new AtomicInteger();

	private final AtomicInteger maxConcurrentTokenRequests = new AtomicInteger();

	private final ConcurrentLinkedQueue<RecordedTokenRequest> tokenRequests = new ConcurrentLinkedQueue<>();

	FakeProgenyCounters() {
	}

	/**
	 * Requests that reached the obtain endpoint, whatever their outcome (faults included).
	 * @return the count
	 */
	public long obtainRequests() {
		return this.obtainRequests.get();
	}

	/**
	 * Requests that reached the refresh endpoint, whatever their outcome (faults included).
	 * @return the count
	 */
	public long refreshRequests() {
		return this.refreshRequests.get();
	}

	/**
	 * Refresh requests answered 401 because the refresh token was invalid, expired, of the wrong type or
	 * blacklisted (a client that refreshes twice with one rotated token shows up here).
	 * @return the count
	 */
	public long rejectedRefreshRequests() {
		return this.rejectedRefreshRequests.get();
	}

	/**
	 * Requests to either token endpoint.
	 * @return obtain plus refresh requests
	 */
	public long tokenRequests() {
		return obtainRequests() + refreshRequests();
	}

	/**
	 * Requests that reached the protected demo API, authenticated or not.
	 * @return the count
	 */
	public long apiRequests() {
		return this.apiRequests.get();
	}

	/**
	 * API requests whose bearer token was a well-signed access token that had expired on the server's clock
	 * ({@code now >= exp}, no leeway, as simplejwt checks), answered 401 {@code token_not_valid}: a client that
	 * keeps its tokens fresh on the server's clock sends none.
	 * @return the count
	 */
	public long expiredTokenRequests() {
		return this.expiredTokenRequests.get();
	}

	/**
	 * API requests answered 401 by the server itself, for any reason (no or bad {@code Authorization} header,
	 * invalid or expired token, unknown or inactive user); injected faults are not counted.
	 * @return the count
	 */
	public long unauthorizedApiRequests() {
		return this.unauthorizedApiRequests.get();
	}

	/**
	 * The largest number of token requests (obtain and refresh together) being served at the same time.
	 * @return the high-water mark
	 */
	public int maxConcurrentTokenRequests() {
		return this.maxConcurrentTokenRequests.get();
	}

	/**
	 * The token requests received, oldest first, with their bodies (which hold credentials: do not log them).
	 * @return a snapshot
	 */
	public List<RecordedTokenRequest> recordedTokenRequests() {
		return List.copyOf(this.tokenRequests);
	}

	/**
	 * Sets every counter back to zero and forgets the recorded requests.
	 */
	public void reset() {
		this.obtainRequests.set(0);
		this.refreshRequests.set(0);
		this.apiRequests.set(0);
		this.rejectedRefreshRequests.set(0);
		this.expiredTokenRequests.set(0);
		this.unauthorizedApiRequests.set(0);
		this.maxConcurrentTokenRequests.set(this.tokenRequestsInFlight.get());
		this.tokenRequests.clear();
	}

	void received(ProgenyEndpoint endpoint) {
		switch (endpoint) {
			case OBTAIN -> this.obtainRequests.incrementAndGet();
			case REFRESH -> this.refreshRequests.incrementAndGet();
			default -> this.apiRequests.incrementAndGet();
		}
	}

	void refreshRejected() {
		this.rejectedRefreshRequests.incrementAndGet();
	}

	void expiredTokenReceived() {
		this.expiredTokenRequests.incrementAndGet();
	}

	void apiRequestUnauthorized() {
		this.unauthorizedApiRequests.incrementAndGet();
	}

	void tokenRequestStarted() {
		int inFlight = this.tokenRequestsInFlight.incrementAndGet();
		this.maxConcurrentTokenRequests.accumulateAndGet(inFlight, Math::max);
	}

	void tokenRequestFinished() {
		this.tokenRequestsInFlight.decrementAndGet();
	}

	void record(RecordedTokenRequest request) {
		this.tokenRequests.add(request);
	}

}
