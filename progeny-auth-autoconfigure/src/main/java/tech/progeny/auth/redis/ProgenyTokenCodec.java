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
 * back. No instant is written: the entry expires with the last usable part of the pair
 * (the refresh token when its expiry is known, else the access token), and a reader
 * reckons the expiries from the entry's remaining time to live on its own clock, so that
 * no instance trusts another's wall clock. The text holds the access token's expiry
 * relative to the entry's, and the refresh token's relative to the access token's.
 */
final class ProgenyTokenCodec {

	private static final int FORMAT = 1;

	private ProgenyTokenCodec() {
	}

	/**
	 * Return when the entry of the given token should expire: with its refresh token if
	 * that outlives the access token, so that a fleet that was stopped for longer than an
	 * access token lives still refreshes instead of logging in; else with the access token.
	 * @param token the token
	 * @return the instant, on the token's clock
	 */
	static Instant entryExpiresAt(ProgenyToken token) {
		Instant refreshExpiresAt = token.refreshExpiresAt();
		return (token.refreshToken() != null && refreshExpiresAt != null && refreshExpiresAt.isAfter(token.expiresAt()))
				? refreshExpiresAt : token.expiresAt();
	}

	/**
	 * Write the given token.
	 * @param token the token
	 * @return the JSON text, which holds both tokens: encrypt it
	 */
	static String write(ProgenyToken token) {
		ObjectNode json = JsonMapper.shared().createObjectNode();
		json.put("format", FORMAT);
		json.put("accessExpiresBeforeEntry", Duration.between(token.expiresAt(), entryExpiresAt(token)).toMillis());
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
	 * @param entryExpiresAt when the entry expires, on the reader's clock
	 * @return the token, or {@code null} if the text is not one this codec wrote
	 */
	static @Nullable ProgenyToken read(String text, Instant entryExpiresAt) {
		try {
			JsonNode json = JsonMapper.shared().readTree(text);
			if (json == null || !json.isObject() || json.path("format").asInt(0) != FORMAT
					|| !json.path("access").isString() || !json.path("lifetime").canConvertToLong()
					|| !json.path("accessExpiresBeforeEntry").canConvertToLong()) {
				return null;
			}
			Instant expiresAt = entryExpiresAt.minusMillis(json.get("accessExpiresBeforeEntry").longValue());
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
