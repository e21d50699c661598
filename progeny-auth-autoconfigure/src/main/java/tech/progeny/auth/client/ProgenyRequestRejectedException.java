package tech.progeny.auth.client;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Progeny refused a token request as invalid (400, or another 4xx that is not about
 * credentials), typically because a field is missing. Not retryable as it is.
 */
public final class ProgenyRequestRejectedException extends ProgenyAuthException {

	private final int statusCode;

	private final Map<String, List<String>> fieldErrors;

	private final @Nullable String detail;

	/**
	 * Create a new instance.
	 * @param statusCode the HTTP status of the response
	 * @param fieldErrors the messages per request field, as sent by the server
	 * @param detail the server's {@code detail}, if any
	 */
	public ProgenyRequestRejectedException(int statusCode, Map<String, List<String>> fieldErrors,
			@Nullable String detail) {
		super(message(statusCode, fieldErrors, detail), null);
		this.statusCode = statusCode;
		this.fieldErrors = Map.copyOf(fieldErrors);
		this.detail = detail;
	}

	private static String message(int statusCode, Map<String, List<String>> fieldErrors, @Nullable String detail) {
		StringBuilder message = new StringBuilder("Progeny rejected the token request (").append(statusCode)
			.append(")");
		if (detail != null) {
			message.append(": ").append(detail);
		}
		if (!fieldErrors.isEmpty()) {
			message.append(fieldErrors.entrySet()
				.stream()
				.map((entry) -> entry.getKey() + ": " + String.join(" ", entry.getValue()))
				.collect(Collectors.joining("; ", ": ", "")));
		}
		return message.toString();
	}

	/**
	 * Return the HTTP status of the response.
	 * @return the status code
	 */
	public int getStatusCode() {
		return this.statusCode;
	}

	/**
	 * Return the server's messages per request field, such as
	 * {@code password -> [This field is required.]}.
	 * @return the field messages, empty when the server named no field
	 */
	public Map<String, List<String>> getFieldErrors() {
		return this.fieldErrors;
	}

	/**
	 * Return the server's {@code detail}, if it sent one.
	 * @return the detail or {@code null}
	 */
	public @Nullable String getDetail() {
		return this.detail;
	}

}
