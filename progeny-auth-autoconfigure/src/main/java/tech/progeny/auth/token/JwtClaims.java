package tech.progeny.auth.token;

import java.util.Base64;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The claims of a JWT payload that the client reads: {@code exp}, {@code iat} and
 * {@code jti}. The signature is not checked: the client holds no key.
 *
 * @param exp expiry, epoch seconds, or {@code null}
 * @param iat issue time, epoch seconds, or {@code null}
 * @param jti token id, or {@code null}
 */
record JwtClaims(@Nullable Long exp, @Nullable Long iat, @Nullable String jti) {

	private static final JwtClaims NONE = new JwtClaims(null, null, null);

	/**
	 * Read the claims of the given token.
	 * @param token a token that may or may not be a JWT
	 * @return its claims, all {@code null} when it is not a JWT with a JSON payload
	 */
	static JwtClaims read(String token) {
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			return NONE;
		}
		try {
			JsonNode payload = JsonMapper.shared().readTree(Base64.getUrlDecoder().decode(parts[1]));
			if (payload == null || !payload.isObject()) {
				return NONE;
			}
			return new JwtClaims(seconds(payload.get("exp")), seconds(payload.get("iat")), text(payload.get("jti")));
		}
		catch (IllegalArgumentException | JacksonException ex) {
			return NONE;
		}
	}

	private static @Nullable Long seconds(@Nullable JsonNode node) {
		return (node != null && node.isIntegralNumber() && node.canConvertToLong()) ? node.longValue() : null;
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

}
