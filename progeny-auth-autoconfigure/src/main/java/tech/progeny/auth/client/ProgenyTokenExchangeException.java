package tech.progeny.auth.client;

/**
 * A token exchange failed for a reason of the application's own, not Progeny's: the
 * credentials supplier or the token store threw. Its cause is what was thrown. Treated as
 * transient: the exchange is retried later with backoff.
 */
public final class ProgenyTokenExchangeException extends ProgenyAuthException {

	/**
	 * Create a new instance.
	 * @param cause what the credentials supplier or the token store threw
	 */
	public ProgenyTokenExchangeException(Throwable cause) {
		super("Progeny token exchange failed: " + cause.getClass().getName(), cause);
	}

	@Override
	public boolean isTransient() {
		return true;
	}

}
