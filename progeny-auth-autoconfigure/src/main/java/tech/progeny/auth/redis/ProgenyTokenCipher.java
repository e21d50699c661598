package tech.progeny.auth.redis;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.encrypt.BytesEncryptor;
import org.springframework.security.crypto.encrypt.Encryptors;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyOrigin;

/**
 * Encrypts a stored token with AES-GCM ({@link Encryptors#stronger}: a 256-bit key from
 * PBKDF2 over the account's password, a salt derived from its username and origin, and a
 * random nonce per entry), so that Redis alone reveals no token and no secret beyond the
 * credentials the application already holds must be configured. Every instance that
 * knows the password derives the same key; an entry written under another password
 * cannot be read, which the store treats as no entry.
 */
final class ProgenyTokenCipher {

	private final BytesEncryptor encryptor;

	private ProgenyTokenCipher(BytesEncryptor encryptor) {
		this.encryptor = encryptor;
	}

	/**
	 * Derive the cipher of the given account.
	 * @param credentials the account's credentials
	 * @param origin Progeny's origin
	 * @return the cipher
	 */
	// Encryptors.stronger (AES-GCM, PBKDF2-derived key) is deprecated in Spring Security
	// 7.1 for AesGcmBytesEncryptor, which 7.0 (Spring Boot 4.0) does not have yet
	@SuppressWarnings("deprecation")
	static ProgenyTokenCipher of(ProgenyCredentials credentials, ProgenyOrigin origin) {
		String salt = RedisProgenyTokenKeys.accountHash("salt", origin, credentials.username());
		return new ProgenyTokenCipher(Encryptors.stronger(credentials.password(), salt));
	}

	/**
	 * Encrypt the given text.
	 * @param plaintext the text
	 * @return the nonce, ciphertext and tag, in base64
	 */
	String encrypt(String plaintext) {
		return Base64.getEncoder().encodeToString(this.encryptor.encrypt(plaintext.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Decrypt the given text.
	 * @param ciphertext what {@link #encrypt(String)} returned
	 * @return the text, or {@code null} if it was encrypted with another key or was
	 * altered
	 */
	@Nullable String decrypt(String ciphertext) {
		try {
			return new String(this.encryptor.decrypt(Base64.getDecoder().decode(ciphertext)), StandardCharsets.UTF_8);
		}
		catch (RuntimeException ex) {
			// a wrong key, a bad tag or not base64 at all: the cipher says no more than that
			return null;
		}
	}

	@Override
	public String toString() {
		return "ProgenyTokenCipher[AES-GCM]";
	}

}
