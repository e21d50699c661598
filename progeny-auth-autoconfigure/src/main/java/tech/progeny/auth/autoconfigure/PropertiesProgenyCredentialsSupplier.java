package tech.progeny.auth.autoconfigure;

import org.springframework.util.StringUtils;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsSupplier;

/**
 * {@link ProgenyCredentialsSupplier} that reads {@code progeny.auth.username} and
 * {@code progeny.auth.password} at each login, so that rebound properties take effect
 * without a restart.
 */
final class PropertiesProgenyCredentialsSupplier implements ProgenyCredentialsSupplier {

	private final ProgenyAuthProperties properties;

	PropertiesProgenyCredentialsSupplier(ProgenyAuthProperties properties) {
		this.properties = properties;
		validate(properties);
	}

	static void validate(ProgenyAuthProperties properties) {
		if (!StringUtils.hasText(properties.getUsername())) {
			throw missing("progeny.auth.username", "the username that Progeny issued");
		}
		if (!StringUtils.hasText(properties.getPassword())) {
			throw missing("progeny.auth.password", "the password that Progeny issued");
		}
	}

	private static InvalidProgenyAuthPropertiesException missing(String property, String what) {
		return new InvalidProgenyAuthPropertiesException(property, "is not set",
				"Set '" + property + "' to " + what + " (for example through an environment variable), "
						+ "or define a ProgenyCredentialsSupplier bean, "
						+ "or turn Progeny authentication off with 'progeny.auth.enabled=false'.");
	}

	@Override
	public ProgenyCredentials getCredentials() {
		validate(this.properties);
		String username = this.properties.getUsername();
		String password = this.properties.getPassword();
		return new ProgenyCredentials((username != null) ? username : "", (password != null) ? password : "");
	}

	@Override
	public String toString() {
		return "PropertiesProgenyCredentialsSupplier[username=" + this.properties.getUsername() + "]";
	}

}
