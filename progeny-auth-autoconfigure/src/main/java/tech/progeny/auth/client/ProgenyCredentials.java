package tech.progeny.auth.client;

import org.springframework.util.Assert;

/**
 * The username and password that Progeny issued to a caller. Serialized as the JSON body
 * of the obtain request; its {@link #toString()} never shows the password.
 *
 * @param username the username provided by Progeny
 * @param password the password provided by Progeny
 */
public record ProgenyCredentials(String username, String password) {

	public ProgenyCredentials {
		Assert.hasText(username, "username must not be empty");
		Assert.hasText(password, "password must not be empty");
	}

	@Override
	public String toString() {
		return "ProgenyCredentials[username=" + this.username + ", password=******]";
	}

}
