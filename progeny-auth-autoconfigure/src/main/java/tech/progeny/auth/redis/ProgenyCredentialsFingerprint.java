package tech.progeny.auth.redis;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyOrigin;

/**
 * A fingerprint of an account's credentials, which tells the instances of a fleet whether
 * the login hold-off in Redis belongs to the credentials they use, without Redis holding
 * the password: PBKDF2 with HMAC-SHA256 ({@value #ITERATIONS} iterations, 256 bits) over
 * the password, salted with a hash of the origin and username, in hex. It cannot be
 * reversed, and guessing a password against it costs as much as against the encrypted
 * entry.
 */
final class ProgenyCredentialsFingerprint {

	static final int ITERATIONS = 100_000;

	private ProgenyCredentialsFingerprint() {
	}

	/**
	 * Return the fingerprint of the given credentials.
	 * @param credentials the credentials
	 * @param origin Progeny's origin
	 * @return the fingerprint, 64 hex digits
	 */
	static String of(ProgenyCredentials credentials, ProgenyOrigin origin) {
		String salt = RedisProgenyTokenKeys.accountHash("credentials fingerprint", origin, credentials.username());
		PBEKeySpec spec = new PBEKeySpec(credentials.password().toCharArray(), salt.getBytes(StandardCharsets.UTF_8),
				ITERATIONS, 256);
		try {
			byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
			return HexFormat.of().formatHex(derived);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", ex);
		}
		finally {
			spec.clearPassword();
		}
	}

}
