package tech.progeny.auth.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Progeny could not be reached or could not answer: an I/O error or timeout, a 5xx, or a
 * 429. Transient: the request is worth retrying later.
 */
public final class ProgenyServerUnavailableException extends ProgenyAuthException {

	private final int statusCode;

	private final @Nullable Duration retryAfter;

	/**
	 * Create a new instance for a failure without an HTTP response.
	 * @param message the description
	 * @param cause the I/O failure or timeout
	 */
	public ProgenyServerUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
		this.statusCode = 0;
		this.retryAfter = null;
	}

	/**
	 * Create a new instance for an error status.
	 * @param message the description, with the server's own words
	 * @param statusCode the HTTP status
	 * @param retryAfter the delay that the server asked for with {@code Retry-After}, if
	 * any
	 */
	public ProgenyServerUnavailableException(String message, int statusCode, @Nullable Duration retryAfter) {
		super(message, null);
		this.statusCode = statusCode;
		this.retryAfter = retryAfter;
	}

	/**
	 * Return the HTTP status of the response.
	 * @return the status code, or {@code 0} when there was no response
	 */
	public int getStatusCode() {
		return this.statusCode;
	}

	/**
	 * Return the delay that the server asked for in a {@code Retry-After} header.
	 * @return the delay or {@code null}
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

	@Override
	public boolean isTransient() {
		return true;
	}

}
