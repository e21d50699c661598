package tech.progeny.auth.client;

/**
 * Source of the credentials used to log in to Progeny. It is asked at every login, so a
 * rotated password takes effect without a restart.
 */
@FunctionalInterface
public interface ProgenyCredentialsSupplier {

	/**
	 * Return the credentials to log in with.
	 * @return the current credentials
	 */
	ProgenyCredentials getCredentials();

}
