package tech.progeny.auth.client;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A successful answer of the obtain or refresh endpoint. Its {@link #toString()} shows no
 * token.
 *
 * @param access the access token
 * @param refresh the refresh token, or {@code null} when a refresh response carried none
 * (rotation off)
 * @param requestedAt when the request that earned this response left
 */
public record ProgenyTokenResponse(String access, @Nullable String refresh, Instant requestedAt) {

	@Override
	public String toString() {
		return "ProgenyTokenResponse[access=******, refresh=" + ((this.refresh != null) ? "******" : "none")
				+ ", requestedAt=" + this.requestedAt + "]";
	}

}
