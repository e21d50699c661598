package tech.progeny.auth.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import org.springframework.util.Assert;

import tech.progeny.auth.client.ProgenyOrigin;

/**
 * The Redis keys of one Progeny account: the token entry, the counter of its versions,
 * the lease and the login hold-off. They are namespaced by a prefix and by a SHA-256 hash
 * of the account's origin and username, so that several accounts and applications can
 * share one Redis while no key shows a username, let alone a password or token. The hash
 * sits in a hash tag ({@code {...}}), so that on Redis Cluster every key of an account is
 * in one slot, as the scripts that touch two of them require.
 *
 * @param entry the hash that holds the encrypted token and its version
 * @param version the counter from which versions are drawn
 * @param lease the lease for the one token request in flight
 * @param loginHoldOff the hash that holds the shared login hold-off: a fingerprint of the
 * refused credentials, the refusals in a row and the hold-off's end
 */
public record RedisProgenyTokenKeys(String entry, String version, String lease, String loginHoldOff) {

	/**
	 * The default prefix of every key.
	 */
	public static final String DEFAULT_PREFIX = "progeny:auth:";

	/**
	 * Return the keys of the account with the given username at the given origin.
	 * @param prefix the prefix of every key, such as {@value #DEFAULT_PREFIX}
	 * @param origin Progeny's origin
	 * @param username the account's username
	 * @return the keys
	 */
	public static RedisProgenyTokenKeys of(String prefix, ProgenyOrigin origin, String username) {
		Assert.notNull(prefix, "prefix cannot be null");
		Assert.notNull(origin, "origin cannot be null");
		Assert.hasText(username, "username must not be empty");
		String namespace = prefix + "{" + accountHash("key", origin, username) + "}:";
		return new RedisProgenyTokenKeys(namespace + "token", namespace + "version", namespace + "lease",
				namespace + "login-hold-off");
	}

	/**
	 * Return a SHA-256 hash, in hex, of the account's origin and username for the given
	 * purpose, so that hashes for different purposes differ.
	 */
	static String accountHash(String purpose, ProgenyOrigin origin, String username) {
		String text = "progeny-auth " + purpose + "\n" + origin.toString().toLowerCase(Locale.ROOT) + "\n" + username;
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
