package tech.progeny.auth.token;

import org.springframework.util.Assert;

/**
 * A token as a {@link ProgenyTokenStore} holds it, with the version the store gave it.
 * Versions let several providers, in one process or across a fleet, replace or remove an
 * entry only if it is still the one they read.
 *
 * @param token the token
 * @param version the entry's version, positive and increasing with every save
 */
public record ProgenyStoredToken(ProgenyToken token, long version) {

	public ProgenyStoredToken {
		Assert.notNull(token, "token cannot be null");
		Assert.isTrue(version > 0, "version must be positive");
	}

}
