package tech.progeny.auth.benchmarks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import tech.progeny.auth.test.FakeProgenyTokens;

/**
 * Judges every bearer a storm sends the way the fake Progeny judges it on arrival, on the
 * server's clock: expired once {@code now >= exp} (PyJWT, no leeway). A token sent expired
 * is one the server would answer with a 401 and the interceptor would replay. It also keeps
 * the least time any sent token had left. The expiry of each distinct token is read once,
 * so a request costs one map lookup and one wall-clock read. Thread-safe.
 */
final class ServerClockVerdict {

	private static final String BEARER = "Bearer ";

	private final FakeProgenyTokens tokens;

	private final ConcurrentHashMap<String, Long> expiries = new ConcurrentHashMap<>();

	private final LongAdder expired = new LongAdder();

	private final LongAccumulator leastLeft = new LongAccumulator(Math::min, Long.MAX_VALUE);

	/**
	 * Create a verdict on the tokens of the given fake, whose clock is the system clock.
	 * @param tokens the fake's tokens
	 */
	ServerClockVerdict(FakeProgenyTokens tokens) {
		this.tokens = tokens;
	}

	/**
	 * Judge one request's {@code Authorization} header at the moment it is sent.
	 * @param authorization the header
	 */
	void judge(@Nullable String authorization) {
		if (authorization == null || !authorization.startsWith(BEARER)) {
			return;
		}
		long expiresAt = this.expiries.computeIfAbsent(authorization,
				(header) -> this.tokens.expiresAt(header.substring(BEARER.length())).toEpochMilli());
		long left = expiresAt - System.currentTimeMillis();
		this.leastLeft.accumulate(left);
		if (left <= 0) {
			this.expired.increment();
		}
	}

	/**
	 * Forget what was judged so far (after a warm-up).
	 */
	void reset() {
		this.expired.reset();
		this.leastLeft.reset();
	}

	/**
	 * Return how many requests carried a token that the server would find expired.
	 * @return the count
	 */
	long expired() {
		return this.expired.sum();
	}

	/**
	 * Return the least time, in milliseconds, that a sent token had left on the server's
	 * clock; negative when one was sent expired.
	 * @return the milliseconds, {@link Long#MAX_VALUE} if nothing was judged
	 */
	long leastLeftMillis() {
		return this.leastLeft.get();
	}

}
