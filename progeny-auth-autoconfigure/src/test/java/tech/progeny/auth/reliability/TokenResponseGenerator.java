package tech.progeny.auth.reliability;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.jspecify.annotations.Nullable;

/**
 * Generates answers of a token endpoint from a seeded {@link Random}: status codes,
 * content types, bodies that are valid, truncated, not JSON, wrong-typed, missing a
 * field or huge, malformed JWTs, and transport faults. The same seed gives the same
 * cases.
 */
final class TokenResponseGenerator {

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private static final String HEADER = BASE64
		.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

	private static final int[] STATUSES = { 200, 200, 200, 200, 200, 200, 201, 202, 203, 204, 206, 299, 300, 301,
			302, 303, 304, 307, 308, 400, 401, 401, 401, 403, 404, 405, 406, 409, 410, 413, 415, 418, 422, 429, 429,
			451, 499, 500, 501, 502, 503, 504, 599 };

	private static final @Nullable String[] CONTENT_TYPES = { "application/json", "application/json",
			"application/json; charset=utf-8", "application/problem+json", "text/html; charset=utf-8", "text/plain",
			"application/xml", "application/octet-stream", "x/y;;;", "", null };

	private static final String[] RETRY_AFTERS = { "0", "1", "30", "-5", "86400", "99999999999999999999", "abc",
			"Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", " 2 ", "1.5" };

	private final Random random;

	private final long epochSecond;

	private final List<String> secrets;

	/**
	 * Create a generator.
	 * @param seed the seed
	 * @param epochSecond the time the tokens are issued at, epoch seconds
	 * @param secrets what the client sends to this endpoint and must never show (the
	 * password, or the refresh token): error bodies echo them now and then
	 */
	TokenResponseGenerator(long seed, long epochSecond, List<String> secrets) {
		this.random = new Random(seed);
		this.epochSecond = epochSecond;
		this.secrets = secrets;
	}

	FuzzCase next(int index) {
		int status = pick(STATUSES);
		String contentType = pick(CONTENT_TYPES);
		Map<String, String> headers = new LinkedHashMap<>();
		if (status == 429 || status == 503 || chance(5)) {
			headers.put("Retry-After", pick(RETRY_AFTERS));
		}
		if (status / 100 == 3 && chance(80)) {
			headers.put("Location", "http://127.0.0.1:9/elsewhere/");
		}
		if (status == 401 && chance(90)) {
			headers.put("WWW-Authenticate", "Bearer realm=\"api\"");
		}
		Body body = (status / 100 == 2) ? successBody() : errorBody();
		Mode mode = mode();
		String description = "#" + index + " " + status + " " + contentType + " " + body.kind() + " " + mode
				+ (headers.isEmpty() ? "" : " " + headers.keySet());
		return new FuzzCase(status, contentType, headers, body.bytes(), mode, body.valid(), body.tokens(),
				description);
	}

	private Mode mode() {
		int roll = this.random.nextInt(1000);
		if (roll < 3) {
			return Mode.HANG_BEFORE_HEADERS;
		}
		if (roll < 6) {
			return Mode.HANG_IN_BODY;
		}
		if (roll < 40) {
			return Mode.TRUNCATED;
		}
		if (roll < 70) {
			return Mode.DROPPED;
		}
		if (roll < 120) {
			return Mode.CHUNKED;
		}
		return Mode.NORMAL;
	}

	private Body successBody() {
		String access = token("access");
		String refresh = token("refresh");
		int roll = this.random.nextInt(100);
		if (roll < 35) {
			return new Body("pair", json("refresh", quote(refresh), "access", quote(access)), true,
					List.of(access, refresh));
		}
		if (roll < 40) {
			return new Body("access-only", json("access", quote(access)), false, List.of(access));
		}
		if (roll < 50) {
			String malformed = malformedJwt();
			return new Body("pair-with-malformed-jwt", json("access", quote(malformed), "refresh", quote(refresh)),
					!malformed.isBlank() && malformed.chars().allMatch((c) -> c > ' ' && c < 127),
					List.of(malformed, refresh));
		}
		if (roll < 58) {
			return new Body("wrong-typed", json("access", wrongTyped(), "refresh", chance(50) ? quote(refresh)
					: wrongTyped()), false, List.of(refresh));
		}
		if (roll < 63) {
			return new Body("missing-field", chance(50) ? json("refresh", quote(refresh)) : "{}", false, List.of());
		}
		if (roll < 68) {
			String whole = json("refresh", quote(refresh), "access", quote(access));
			return new Body("truncated-json", whole.substring(0, this.random.nextInt(whole.length())), false,
					List.of());
		}
		if (roll < 73) {
			return new Body("extra-fields",
					"{\"access\":" + quote(access) + ",\"refresh\":" + quote(refresh)
							+ ",\"access\":" + quote(access) + ",\"x\":{\"y\":[1,2,{}]},\"n\":null}",
					true, List.of(access, refresh));
		}
		if (roll < 78) {
			return new Body("not-json", pick(new String[] { "<html><body>OK</body></html>", "ok", "access=abc",
					"\u0000\u0001\u0002", "null", "[]", "\"token\"", "42", "true", "{", "}" }), false, List.of());
		}
		if (roll < 82) {
			return huge(access, refresh);
		}
		if (roll < 85) {
			return new Body("deeply-nested", "[".repeat(5_000) + "]".repeat(5_000), false, List.of());
		}
		if (roll < 88) {
			byte[] invalid = { '{', '"', 'a', 'c', 'c', 'e', 's', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"',
					'}' };
			return new Body("invalid-utf8", new String(invalid, StandardCharsets.ISO_8859_1), false, List.of(),
					invalid);
		}
		if (roll < 91) {
			return new Body("empty", "", false, List.of());
		}
		if (roll < 94) {
			return new Body("non-ascii-token",
					json("access", quote("\u00e9" + access), "refresh", quote(refresh + " x")), false, List.of());
		}
		if (roll < 97) {
			return new Body("bom", "\uFEFF" + json("refresh", quote(refresh), "access", quote(access)), false,
					List.of(access, refresh));
		}
		return new Body("blank-tokens", json("access", quote("   "), "refresh", quote("")), false, List.of());
	}

	private Body huge(String access, String refresh) {
		int size = 65_536 + this.random.nextInt(1_000_000);
		if (chance(50)) {
			String padding = "x".repeat(size);
			return new Body("huge-padded-pair",
					"{\"refresh\":" + quote(refresh) + ",\"access\":" + quote(access) + ",\"pad\":\"" + padding + "\"}",
					false, List.of(access, refresh));
		}
		return new Body("huge-token", json("access", quote("a".repeat(size)), "refresh", quote(refresh)), false,
				List.of(refresh));
	}

	private Body errorBody() {
		int roll = this.random.nextInt(100);
		String echo = (chance(30) && !this.secrets.isEmpty()) ? pick(this.secrets.toArray(new String[0])) : "value";
		if (roll < 30) {
			return new Body("detail-code",
					json("detail", quote("Token is invalid " + echo), "code",
							pick(new String[] { "\"token_not_valid\"", "\"user_inactive\"", "null", "7", "[]" })),
					false, List.of());
		}
		if (roll < 45) {
			return new Body("detail", json("detail", quote("No active account " + echo)), false, List.of());
		}
		if (roll < 60) {
			return new Body("field-errors", "{\"password\":[\"This field is required.\",\"" + echo
					+ "\"],\"username\":[1,null,{}],\"" + echo + "\":\"not-a-list\"}", false, List.of());
		}
		if (roll < 65) {
			return new Body("wrong-typed-detail", json("detail", wrongTyped(), "code", wrongTyped()), false, List.of());
		}
		if (roll < 70) {
			return new Body("huge-detail", json("detail", quote("d".repeat(70_000 + this.random.nextInt(100_000)))),
					false, List.of());
		}
		if (roll < 75) {
			return new Body("long-detail", json("detail", quote(echo + "e".repeat(2_000))), false, List.of());
		}
		if (roll < 85) {
			return new Body("html", "<!DOCTYPE html><html><body><h1>Server Error " + echo + "</h1></body></html>",
					false, List.of());
		}
		if (roll < 92) {
			return new Body("empty", "", false, List.of());
		}
		return new Body("truncated-json", "{\"detail\":\"No act", false, List.of());
	}

	private String token(String type) {
		long iat = this.epochSecond;
		long exp = iat + ((type.equals("access")) ? 300 : 1_209_600);
		return jwt("{\"token_type\":\"" + type + "\",\"exp\":" + exp + ",\"iat\":" + iat + ",\"jti\":\""
				+ Long.toHexString(this.random.nextLong()) + Long.toHexString(this.random.nextLong())
				+ "\",\"user_id\":41}");
	}

	private String malformedJwt() {
		long now = this.epochSecond;
		return switch (this.random.nextInt(16)) {
			case 0 -> "not-a-jwt";
			case 1 -> HEADER + "." + BASE64.encodeToString("{\"exp\":1}".getBytes(StandardCharsets.UTF_8));
			case 2 -> HEADER + ".a.b.c";
			case 3 -> HEADER + ".!!!not-base64!!!.sig";
			case 4 -> jwt("[1,2,3]");
			case 5 -> jwt("{\"exp\":\"" + (now + 300) + "\"}");
			case 6 -> jwt("{\"exp\":" + Long.MAX_VALUE + ",\"iat\":" + Long.MIN_VALUE + "}");
			case 7 -> jwt("{\"exp\":-1}");
			case 8 -> jwt("{\"exp\":1.5E9,\"iat\":\"x\"}");
			case 9 -> jwt("{\"exp\":" + (now + 300) + ",\"iat\":" + (now + 900) + "}");
			case 10 -> jwt("{\"exp\":" + (now - 10) + "}");
			case 11 -> jwt("{\"exp\":99999999999999999999999,\"iat\":1}");
			case 12 -> jwt("{\"exp\":" + (now + 2) + ",\"iat\":" + now + ",\"jti\":\"../../etc\"}");
			case 13 -> jwt("not json at all");
			case 14 -> HEADER + ".." ;
			default -> jwt("{\"exp\":" + Long.MAX_VALUE + "}");
		};
	}

	private static String jwt(String payload) {
		return HEADER + "." + BASE64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
				+ BASE64.encodeToString(("sig-" + payload.hashCode()).getBytes(StandardCharsets.UTF_8));
	}

	private String wrongTyped() {
		return pick(new String[] { "42", "-1.5", "true", "null", "[]", "[\"a\"]", "{}", "{\"token\":\"x\"}", "\"\"" });
	}

	private static String json(String... keysAndValues) {
		StringBuilder json = new StringBuilder("{");
		for (int i = 0; i < keysAndValues.length; i += 2) {
			if (i > 0) {
				json.append(',');
			}
			json.append('"').append(keysAndValues[i]).append("\":").append(keysAndValues[i + 1]);
		}
		return json.append('}').toString();
	}

	private static String quote(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private boolean chance(int percent) {
		return this.random.nextInt(100) < percent;
	}

	private <T> T pick(T[] values) {
		return values[this.random.nextInt(values.length)];
	}

	private int pick(int[] values) {
		return values[this.random.nextInt(values.length)];
	}

	enum Mode {

		NORMAL, CHUNKED, TRUNCATED, DROPPED, HANG_BEFORE_HEADERS, HANG_IN_BODY;

		boolean isTransportFault() {
			return this != NORMAL && this != CHUNKED;
		}

	}

	private record Body(String kind, String text, boolean valid, List<String> tokens, byte[] bytes) {

		Body(String kind, String text, boolean valid, List<String> tokens) {
			this(kind, text, valid, tokens, text.getBytes(StandardCharsets.UTF_8));
		}

	}

	/**
	 * One generated answer.
	 *
	 * @param status the status
	 * @param contentType the content type, or {@code null} for none
	 * @param headers further headers
	 * @param body the body
	 * @param mode how it is sent
	 * @param validPair whether the body is a usable token pair
	 * @param tokens the tokens it carries
	 * @param description what it is, for failure reports
	 */
	record FuzzCase(int status, @Nullable String contentType, Map<String, String> headers, byte[] body, Mode mode,
			boolean validPair, List<String> tokens, String description) {

		@Override
		public String toString() {
			return this.description;
		}

	}

}
