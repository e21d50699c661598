package tech.progeny.auth.client;

import org.jspecify.annotations.Nullable;

/**
 * Base type of every failure to obtain or refresh a Progeny token. Messages carry the
 * server's own words and never a password or token.
 *
 * @see ProgenyCredentialsRejectedException
 * @see ProgenyRequestRejectedException
 * @see ProgenyTokenRejectedException
 * @see ProgenyServerUnavailableException
 * @see ProgenyMalformedResponseException
 */
public abstract class ProgenyAuthException extends RuntimeException {

	ProgenyAuthException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	/**
	 * Whether the failure may go away by itself, so that the same request is worth
	 * retrying later.
	 * @return {@code true} for an unavailable server or a malformed response
	 */
	public boolean isTransient() {
		return false;
	}

}
