package tech.progeny.auth.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.json.JsonMapper;

/**
 * Mints unsigned-but-well-formed JWTs like simplejwt's, and token-pair bodies.
 */
public final class TestJwts {

	private static final AtomicInteger sequence = new AtomicInteger();

	private TestJwts() {
	}

	public static String access(Instant issuedAt, Duration lifetime) {
		return jwt("access", issuedAt, lifetime, true);
	}

	public static String refresh(Instant issuedAt, Duration lifetime) {
		return jwt("refresh", issuedAt, lifetime, true);
	}

	public static String jwt(String type, Instant issuedAt, Duration lifetime, boolean withIat) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("token_type", type);
		claims.put("exp", issuedAt.getEpochSecond() + lifetime.toSeconds());
		if (withIat) {
			claims.put("iat", issuedAt.getEpochSecond());
		}
		claims.put("jti", String.format("%032x", sequence.incrementAndGet()));
		claims.put("user_id", 41);
		return jwt(claims);
	}

	public static String jwt(Map<String, Object> claims) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String header = encoder.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String payload = encoder.encodeToString(JsonMapper.shared().writeValueAsBytes(claims));
		return header + "." + payload + "." + encoder.encodeToString(("sig" + sequence.get()).getBytes());
	}

	public static String pair(String access, String refresh) {
		return JsonMapper.shared().writeValueAsString(Map.of("access", access, "refresh", refresh));
	}

	public static String accessOnly(String access) {
		return JsonMapper.shared().writeValueAsString(Map.of("access", access));
	}

}
