package tech.progeny.auth.redis;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * Runs each Redis call on a small pool of the store's own threads and gives up on it
 * after a timeout, so that no caller waits on Redis longer than that, whatever the
 * client's own command timeout (Lettuce waits 60 s unless {@code spring.data.redis.timeout}
 * says otherwise). A call given up on is cancelled, which makes Lettuce drop it.
 * <p>
 * It also tracks whether Redis is reachable: a failure turns it unreachable and a success
 * turns it reachable again. While Redis is
 * unreachable only one call at a time tries it; the others fail at once, as they do when
 * every thread of the pool is still waiting on a hung Redis.
 */
final class BoundedRedisCalls implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisProgenyTokenStore.class);

	private static final int MAX_THREADS = 4;

	private final ThreadPoolExecutor executor;

	private final AtomicBoolean probing = new AtomicBoolean();

	private volatile Duration timeout;

	private volatile boolean reachable = true;

	BoundedRedisCalls(Duration timeout) {
		this.timeout = timeout;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("progeny-redis-");
		threads.setDaemon(true);
		this.executor = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				threads, new ThreadPoolExecutor.AbortPolicy());
	}

	void setTimeout(Duration timeout) {
		Assert.notNull(timeout, "timeout cannot be null");
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
		this.timeout = timeout;
	}

	Duration timeout() {
		return this.timeout;
	}

	boolean isReachable() {
		return this.reachable;
	}

	/**
	 * Run the given call within the timeout.
	 * @param operation what the call does, for messages
	 * @param call the call
	 * @return its result
	 * @throws ProgenyTokenStoreUnavailableException if it failed, did not answer in time or
	 * was not tried because Redis is unreachable
	 */
	<T> T call(String operation, Supplier<T> call) {
		boolean probe = !this.reachable;
		if (probe && !this.probing.compareAndSet(false, true)) {
			throw new ProgenyTokenStoreUnavailableException(
					"Redis is unreachable; " + operation + " was not tried while another call tries it", null);
		}
		try {
			return reachable(await(operation, submit(operation, call)));
		}
		catch (ProgenyTokenStoreUnavailableException ex) {
			unreachable(ex);
			throw ex;
		}
		finally {
			if (probe) {
				this.probing.set(false);
			}
		}
	}

	private <T> Future<T> submit(String operation, Supplier<T> call) {
		try {
			return this.executor.submit(call::get);
		}
		catch (RejectedExecutionException ex) {
			throw new ProgenyTokenStoreUnavailableException("Redis is still busy with " + MAX_THREADS
					+ " earlier calls; " + operation + " was not tried", ex);
		}
	}

	private <T> T await(String operation, Future<T> future) {
		Duration limit = this.timeout;
		try {
			return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new ProgenyTokenStoreUnavailableException("Redis did not answer " + operation + " within " + limit,
					ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new ProgenyTokenStoreUnavailableException("Redis failed " + operation + ": " + describe(cause),
					cause);
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new ProgenyTokenStoreUnavailableException("Interrupted while waiting for Redis to " + operation, ex);
		}
	}

	private <T> T reachable(T result) {
		if (!this.reachable) {
			this.reachable = true;
			if (logger.isDebugEnabled()) {
				logger.debug("Redis answers again");
			}
		}
		return result;
	}

	/**
	 * Record a failure. It is logged at DEBUG only: the provider logs one WARN per outage
	 * with this failure's message.
	 */
	private void unreachable(ProgenyTokenStoreUnavailableException ex) {
		this.reachable = false;
		if (logger.isDebugEnabled()) {
			logger.debug(ex.getMessage());
		}
	}

	private static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return root.getClass().getSimpleName() + ((message != null) ? " (" + message + ")" : "");
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	@Override
	public String toString() {
		return "BoundedRedisCalls[timeout=" + this.timeout + ", reachable=" + this.reachable + "]";
	}

}
