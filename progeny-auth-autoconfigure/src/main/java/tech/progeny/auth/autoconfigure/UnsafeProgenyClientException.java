package tech.progeny.auth.autoconfigure;

/**
 * Thrown when a client that sends Progeny tokens could carry one to another host, for
 * example through a request factory of its own that follows redirects. Its message says
 * which client and why, and never shows a secret.
 */
public class UnsafeProgenyClientException extends IllegalStateException {

	private final String action;

	/**
	 * Create a new instance.
	 * @param reason which client, and why it is not safe
	 * @param action how to fix it
	 */
	public UnsafeProgenyClientException(String reason, String action) {
		super(reason);
		this.action = action;
	}

	/**
	 * Return how to fix the client.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
