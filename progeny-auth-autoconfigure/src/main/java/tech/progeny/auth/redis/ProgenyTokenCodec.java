package tech.progeny.auth.redis;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import tech.progeny.auth.token.ProgenyToken;

/**
 * Writes a token as the JSON text that is encrypted into its Redis entry, and reads it
 * back. The access token's expiry is not written: the entry expires with the token, and
 * a reader takes the expiry from the entry's remaining time to live on its own clock, so
 * that no instance trusts another's wall clock. The refresh token's expiry is written
 * relative to the access token's for the same reason.
 */
final class ProgenyTokenCodec {

	private static final int FORMAT = 1;

	private ProgenyTokenCodec() {
	}

	/**
	 * Write the given token.
	 * @param token the token
	 * @return the JSON text, which holds both tokens: encrypt it
	 */
	static String write(ProgenyToken token) {
		ObjectNode json = JsonMapper.shared().createObjectNode();
		json.put("format", FORMAT);
		json.put("access", token.accessToken());
		json.put("refresh", token.refreshToken());
		json.put("lifetime", token.lifetime().toMillis());
		Instant refreshExpiresAt = token.refreshExpiresAt();
		if (refreshExpiresAt != null) {
			json.put("refreshExpiresAfter", Duration.between(token.expiresAt(), refreshExpiresAt).toMillis());
		}
		json.put("id", token.id());
		return JsonMapper.shared().writeValueAsString(json);
	}

	/**
	 * Read a token.
	 * @param text what {@link #write(ProgenyToken)} returned
	 * @param expiresAt when the access token expires, on the reader's clock
	 * @return the token, or {@code null} if the text is not one this codec wrote
	 */
	static @Nullable ProgenyToken read(String text, Instant expiresAt) {
		try {
			JsonNode json = JsonMapper.shared().readTree(text);
			if (json == null || !json.isObject() || json.path("format").asInt(0) != FORMAT
					|| !json.path("access").isString() || !json.path("lifetime").canConvertToLong()) {
				return null;
			}
			JsonNode refreshExpiresAfter = json.path("refreshExpiresAfter");
			Instant refreshExpiresAt = refreshExpiresAfter.canConvertToLong()
					? expiresAt.plusMillis(refreshExpiresAfter.longValue()) : null;
			return new ProgenyToken(json.get("access").stringValue(), string(json.get("refresh")), expiresAt,
					Duration.ofMillis(json.get("lifetime").longValue()), refreshExpiresAt, string(json.get("id")));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return null;
		}
	}

	private static @Nullable String string(@Nullable JsonNode node) {
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

}
