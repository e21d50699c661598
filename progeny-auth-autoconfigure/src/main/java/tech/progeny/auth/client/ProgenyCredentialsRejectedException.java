package tech.progeny.auth.client;

/**
 * Progeny refused the username and password (401 from the obtain endpoint): wrong
 * password, unknown or inactive user. Not retryable until the credentials change.
 */
public final class ProgenyCredentialsRejectedException extends ProgenyAuthException {

	private final String detail;

	/**
	 * Create a new instance.
	 * @param detail the server's {@code detail}
	 */
	public ProgenyCredentialsRejectedException(String detail) {
		super("Progeny rejected the credentials: " + detail, null);
		this.detail = detail;
	}

	/**
	 * Return the server's explanation.
	 * @return the {@code detail} of the response
	 */
	public String getDetail() {
		return this.detail;
	}

}
