package tech.progeny.auth.client;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How Progeny's API says that it rejected the token a request carried: the rule that
 * every way in ({@code ProgenyAuthInterceptor}, {@code ProgenyAuthExchangeFilterFunction})
 * applies to a 401 or 403 before it replays the request with a new token.
 * <p>
 * Every 401 carries {@code WWW-Authenticate: Bearer}, so the challenge header decides
 * nothing: the body does. A 401 whose JSON body has {@code "code":"token_not_valid"}, or
 * no {@code code} at all, and a 403 whose body has {@code "code":"token_not_valid"}, mean
 * that the token is stale. Any other 401 ({@code user_inactive}, {@code user_not_found},
 * {@code bad_authorization_header}) or 403 is the caller's to handle.
 */
public final class ProgenyChallenge {

	/**
	 * How much of a 401 or 403 body is read to decide. Progeny's answers are a few hundred
	 * bytes.
	 */
	public static final int MAX_BODY_BYTES = 16 * 1024;

	private static final String TOKEN_NOT_VALID = "token_not_valid";

	private ProgenyChallenge() {
	}

	/**
	 * Whether an answer with the given status may say that the token is stale, so that its
	 * body must be read.
	 * @param status the HTTP status code
	 * @return {@code true} for 401 and 403
	 */
	public static boolean mayRejectToken(int status) {
		return status == 401 || status == 403;
	}

	/**
	 * Whether the answer says that the token it was sent is stale, so that a new token may
	 * fix the request.
	 * @param status the HTTP status code
	 * @param body the start of the body, at most {@link #MAX_BODY_BYTES}
	 * @return {@code true} if the token is stale
	 */
	public static boolean isStaleToken(int status, byte[] body) {
		if (!mayRejectToken(status)) {
			return false;
		}
		String code = code(body);
		return TOKEN_NOT_VALID.equals(code) || (status == 401 && code == null);
	}

	private static @Nullable String code(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			JsonNode json = JsonMapper.shared().readTree(body);
			JsonNode code = (json != null && json.isObject()) ? json.get("code") : null;
			return (code != null && code.isString()) ? code.stringValue() : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
