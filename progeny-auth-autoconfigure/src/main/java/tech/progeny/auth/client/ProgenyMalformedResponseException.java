package tech.progeny.auth.client;

import org.jspecify.annotations.Nullable;

/**
 * Progeny answered a token request with something the client cannot use: a body that is
 * not the documented JSON, a missing token, an unexpected status, or a token that expires
 * before it could be used. Treated as transient.
 */
public final class ProgenyMalformedResponseException extends ProgenyAuthException {

	/**
	 * Create a new instance.
	 * @param message the description; never the body of a successful response, which may
	 * hold a token
	 * @param cause the parsing failure, if any
	 */
	public ProgenyMalformedResponseException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	@Override
	public boolean isTransient() {
		return true;
	}

}
