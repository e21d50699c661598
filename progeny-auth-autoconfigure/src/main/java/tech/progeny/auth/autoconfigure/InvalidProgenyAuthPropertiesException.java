package tech.progeny.auth.autoconfigure;

/**
 * Thrown at start-up when a {@code progeny.auth.*} property is missing or not usable.
 * Its message names the property and never shows a secret.
 */
public class InvalidProgenyAuthPropertiesException extends RuntimeException {

	private final String property;

	private final String reason;

	private final String action;

	/**
	 * Create a new instance.
	 * @param property the full name of the property, such as {@code progeny.auth.username}
	 * @param reason what is wrong with it
	 * @param action how to fix it
	 */
	public InvalidProgenyAuthPropertiesException(String property, String reason, String action) {
		super("Invalid Progeny authentication property '" + property + "': " + reason);
		this.property = property;
		this.reason = reason;
		this.action = action;
	}

	/**
	 * Return the full name of the property.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return what is wrong with the property.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * Return how to fix the property.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
