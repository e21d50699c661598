package tech.progeny.auth.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import tech.progeny.auth.token.ProgenyTokenLease;

/**
 * A lease taken with {@code SET key holder NX PX ttl}: held until it is released or its
 * time to live runs out. Releasing it deletes the key only if it still holds this
 * holder's id, so that a holder whose lease expired and went to another never releases
 * the other's.
 */
final class RedisProgenyTokenLease implements ProgenyTokenLease {

	private final String holder;

	private final long expiresAtNanos;

	private final Consumer<RedisProgenyTokenLease> release;

	private final AtomicBoolean released = new AtomicBoolean();

	RedisProgenyTokenLease(String holder, long acquiredAtNanos, Duration ttl, Consumer<RedisProgenyTokenLease> release) {
		this.holder = holder;
		this.expiresAtNanos = acquiredAtNanos + ttl.toNanos();
		this.release = release;
	}

	/**
	 * Return the random id that this holder wrote into the lease key.
	 * @return the id
	 */
	String holder() {
		return this.holder;
	}

	/**
	 * Return when the lease's time to live runs out, on {@link System#nanoTime()}.
	 * @return the instant in nanoseconds
	 */
	long expiresAtNanos() {
		return this.expiresAtNanos;
	}

	/**
	 * Whether the lease is neither released nor past its time to live, as measured from
	 * just before it was requested.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return {@code true} if it is still held
	 */
	boolean isHeld(long nowNanos) {
		return !this.released.get() && nowNanos - this.expiresAtNanos < 0;
	}

	@Override
	public void close() {
		if (this.released.compareAndSet(false, true)) {
			this.release.accept(this);
		}
	}

	@Override
	public String toString() {
		return "RedisProgenyTokenLease[" + (this.released.get() ? "released" : "taken") + "]";
	}

}
