package tech.progeny.auth.test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A response the fake server answers with instead of the real one, for fault injection.
 *
 * <pre>
 * server.faults().failNext(ProgenyEndpoint.REFRESH, 1,
 *         CannedResponse.of(503).withHeader("Retry-After", "2").withJsonBody("{\"detail\":\"busy\"}"));
 * </pre>
 *
 * @param status the HTTP status
 * @param headers the response headers, in order
 * @param body the response body, empty for none
 */
public record CannedResponse(int status, Map<String, String> headers, String body) {

	/**
	 * Creates a canned response.
	 * @param status the HTTP status, 100 to 599
	 * @param headers the response headers
	 * @param body the response body
	 */
	public CannedResponse {
		if (status < 100 || status > 599) {
			throw new IllegalArgumentException("status must be between 100 and 599");
		}
		headers = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers must not be null")));
		Objects.requireNonNull(body, "body must not be null");
	}

	/**
	 * A response with the given status, no headers and an empty body.
	 * @param status the HTTP status
	 * @return the response
	 */
	public static CannedResponse of(int status) {
		return new CannedResponse(status, Map.of(), "");
	}

	/**
	 * The answer Progeny gives a request whose access token it no longer accepts (expired,
	 * revoked or signed with another key), as the real server sends it: {@code 401} with
	 * its {@code WWW-Authenticate} challenge and a {@code token_not_valid} body. The body,
	 * {@link #body()}, is what a caller that gets the 401 back should see.
	 * @return the response
	 */
	public static CannedResponse accessTokenNotValid() {
		return of(401).withHeader("WWW-Authenticate", ProgenyResponses.WWW_AUTHENTICATE)
			.withJsonBody(ProgenyResponses.ACCESS_TOKEN_NOT_VALID);
	}

	/**
	 * A copy with one more header.
	 * @param name the header name
	 * @param value the header value
	 * @return the copy
	 */
	public CannedResponse withHeader(String name, String value) {
		Map<String, String> copy = new LinkedHashMap<>(this.headers);
		copy.put(name, value);
		return new CannedResponse(this.status, copy, this.body);
	}

	/**
	 * A copy with the given body and content type.
	 * @param contentType the {@code Content-Type} of the body
	 * @param body the body
	 * @return the copy
	 */
	public CannedResponse withBody(String contentType, String body) {
		return withHeader("Content-Type", contentType).withBodyOnly(body);
	}

	/**
	 * A copy with the given JSON body and {@code Content-Type: application/json}.
	 * @param json the body
	 * @return the copy
	 */
	public CannedResponse withJsonBody(String json) {
		return withBody("application/json", json);
	}

	byte[] bodyBytes() {
		return this.body.getBytes(StandardCharsets.UTF_8);
	}

	private CannedResponse withBodyOnly(String body) {
		return new CannedResponse(this.status, this.headers, body);
	}

}
