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
 * @param requestedAt when the request that earned this response left, on the local clock,
 * measured just before it was sent
 * @param serverDate the server's clock when it answered, from the response's {@code Date}
 * header (whole seconds), or {@code null} if the header was missing or not a valid HTTP
 * date
 */
public record ProgenyTokenResponse(String access, @Nullable String refresh, Instant requestedAt,
		@Nullable Instant serverDate) {

	/**
	 * Create a response without a server date.
	 * @param access the access token
	 * @param refresh the refresh token, or {@code null}
	 * @param requestedAt when the request left
	 */
	public ProgenyTokenResponse(String access, @Nullable String refresh, Instant requestedAt) {
		this(access, refresh, requestedAt, null);
	}

	@Override
	public String toString() {
		return "ProgenyTokenResponse[access=******, refresh=" + ((this.refresh != null) ? "******" : "none")
				+ ", requestedAt=" + this.requestedAt + ", serverDate=" + this.serverDate + "]";
	}

}
