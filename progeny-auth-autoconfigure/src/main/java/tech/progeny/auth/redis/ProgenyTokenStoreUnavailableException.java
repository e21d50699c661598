package tech.progeny.auth.redis;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link RedisProgenyTokenStore} when Redis did not answer within the timeout,
 * could not be reached or failed the command. The provider then goes on with its own
 * token, as a single instance would. Its message names the operation and the reason,
 * never a key's account, a token or a password.
 */
public class ProgenyTokenStoreUnavailableException extends RuntimeException {

	/**
	 * Create a new instance.
	 * @param message what failed and why
	 * @param cause the failure of the Redis client, or {@code null}
	 */
	public ProgenyTokenStoreUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
