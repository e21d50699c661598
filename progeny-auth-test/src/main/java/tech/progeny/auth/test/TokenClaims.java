package tech.progeny.auth.test;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The claims of a token minted by the fake server, in simplejwt's order.
 *
 * @param tokenType {@code access} or {@code refresh}
 * @param exp expiry, epoch seconds
 * @param iat issue time, epoch seconds
 * @param jti unique id, 32 hex digits
 * @param userId the user's id
 */
@JsonPropertyOrder({ "token_type", "exp", "iat", "jti", "user_id" })
record TokenClaims(@JsonProperty("token_type") String tokenType, @JsonProperty("exp") long exp,
		@JsonProperty("iat") long iat, @JsonProperty("jti") String jti, @JsonProperty("user_id") long userId) {

	static final String ACCESS = "access";

	static final String REFRESH = "refresh";

}
