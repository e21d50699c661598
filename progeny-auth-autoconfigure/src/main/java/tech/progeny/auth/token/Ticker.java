package tech.progeny.auth.token;

/**
 * A monotonic source of nanoseconds, for every duration the token lifecycle measures:
 * backoffs, hold-offs, waits and leases. Unlike a wall {@link java.time.Clock}, it never
 * steps back (NTP, a restored VM) and is only ever compared with itself.
 */
@FunctionalInterface
public interface Ticker {

	/**
	 * Return the current reading, in nanoseconds from an arbitrary origin.
	 * @return the reading
	 */
	long read();

	/**
	 * Return the system's monotonic ticker, {@link System#nanoTime()}.
	 * @return the ticker
	 */
	static Ticker system() {
		return System::nanoTime;
	}

}
