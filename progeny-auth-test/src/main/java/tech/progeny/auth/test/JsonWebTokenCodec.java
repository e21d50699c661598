package tech.progeny.auth.test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs and checks HS256 JSON web tokens the way PyJWT does for simplejwt.
 */
final class JsonWebTokenCodec {

	/** The header of Progeny's sample tokens, byte for byte. */
	private static final String HEADER = encode("{\"typ\":\"JWT\",\"alg\":\"HS256\"}"
		.getBytes(StandardCharsets.US_ASCII));

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	private final JsonMapper json;

	JsonWebTokenCodec(String signingKey, JsonMapper json) {
		this.key = new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), ALGORITHM);
		this.json = json;
	}

	String encode(TokenClaims claims) {
		String signingInput = HEADER + "." + encode(this.json.writeValueAsBytes(claims));
		return signingInput + "." + encode(sign(signingInput));
	}

	/**
	 * Decodes a token whose structure, algorithm and signature are valid.
	 * @param token the token
	 * @return its payload, or {@code null} when the token is not a valid HS256 token signed with this key
	 */
	@Nullable JsonNode decode(String token) {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			return null;
		}
		JsonNode header = readObject(parts[0]);
		if (header == null || !"HS256".equals(header.path("alg").asString(""))) {
			return null;
		}
		byte[] signature = decodeBase64(parts[2]);
		if (signature == null || !MessageDigest.isEqual(signature, sign(parts[0] + "." + parts[1]))) {
			return null;
		}
		JsonNode payload = readObject(parts[1]);
		if (payload == null) {
			return null;
		}
		JsonNode exp = payload.get("exp");
		if (exp != null && !exp.isIntegralNumber()) {
			return null;
		}
		return payload;
	}

	/**
	 * Reads the payload of a token without checking its signature.
	 * @param token the token
	 * @return the payload, or {@code null} when it is not a JWT
	 */
	@Nullable JsonNode peek(String token) {
		String[] parts = token.split("\\.", -1);
		return (parts.length != 3) ? null : readObject(parts[1]);
	}

	private @Nullable JsonNode readObject(String part) {
		byte[] bytes = decodeBase64(part);
		if (bytes == null) {
			return null;
		}
		try {
			JsonNode node = this.json.readTree(bytes);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private byte[] sign(String signingInput) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static String encode(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static byte @Nullable [] decodeBase64(String part) {
		try {
			return Base64.getUrlDecoder().decode(part);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
