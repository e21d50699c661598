package tech.progeny.auth.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A thread-safe {@link Clock} that stands still until a test moves it, so token expiry can be tested
 * without sleeping.
 *
 * <pre>
 * AdjustableClock clock = AdjustableClock.at(Instant.parse("2024-01-01T00:00:00Z"));
 * FakeProgenyServer server = FakeProgenyServer.builder().clock(clock).start();
 * clock.advance(FakeProgenyServer.DEFAULT_ACCESS_TOKEN_LIFETIME); // every access token issued so far expired
 * </pre>
 */
public final class AdjustableClock extends Clock {

	private final AtomicReference<Instant> now;

	private final ZoneId zone;

	private AdjustableClock(AtomicReference<Instant> now, ZoneId zone) {
		this.now = now;
		this.zone = zone;
	}

	/**
	 * A clock standing at the given instant, in UTC.
	 * @param instant the current instant
	 * @return the clock
	 */
	public static AdjustableClock at(Instant instant) {
		return new AdjustableClock(new AtomicReference<>(Objects.requireNonNull(instant, "instant must not be null")),
				ZoneOffset.UTC);
	}

	/**
	 * Moves the clock forward (or back, for a negative duration).
	 * @param duration how far to move
	 * @return the new current instant
	 */
	public Instant advance(Duration duration) {
		Objects.requireNonNull(duration, "duration must not be null");
		return this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	/**
	 * Sets the current instant.
	 * @param instant the new current instant
	 */
	public void set(Instant instant) {
		this.now.set(Objects.requireNonNull(instant, "instant must not be null"));
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	/**
	 * A view of this clock in another zone, moving together with it.
	 * @param zone the zone
	 * @return the view
	 */
	@Override
	public Clock withZone(ZoneId zone) {
		return new AdjustableClock(this.now, Objects.requireNonNull(zone, "zone must not be null"));
	}

	@Override
	public String toString() {
		return "AdjustableClock[" + this.now.get() + "," + this.zone + "]";
	}

}
