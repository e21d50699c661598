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
 * Encodes JWTs with whatever claims a test gives, unsigned, for the unit tests that read a
 * token's claims without a server.
 * <p>
 * It stays next to {@code FakeProgenyServer} because the fake issues only well-formed,
 * signed tokens with the claims simplejwt sets, through a running server, while these
 * tests need claims no Progeny issues ({@code exp} as a string, no {@code exp},
 * {@code exp} at {@link Long#MAX_VALUE}) and fuzzed responses; a test that needs a
 * Progeny token uses {@code FakeProgenyServer.tokens()}.
 */
public final class TestJwts {

	private static final AtomicInteger sequence = new AtomicInteger();

	private TestJwts() {
	}

	/**
	 * A token with simplejwt's claims ({@code token_type}, {@code exp}, {@code jti},
	 * {@code user_id}) issued at a chosen instant, with or without {@code iat}.
	 * @param type the {@code token_type}, {@code access} or {@code refresh}
	 * @param issuedAt the instant the token was issued at
	 * @param lifetime the time from issue to {@code exp}
	 * @param withIat whether the token carries {@code iat}
	 * @return the token
	 */
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

	/**
	 * A token with exactly the given claims.
	 * @param claims the claims, well-formed or not
	 * @return the token
	 */
	public static String jwt(Map<String, Object> claims) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String header = encoder.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String payload = encoder.encodeToString(JsonMapper.shared().writeValueAsBytes(claims));
		return header + "." + payload + "." + encoder.encodeToString(("sig" + sequence.get()).getBytes());
	}

}
