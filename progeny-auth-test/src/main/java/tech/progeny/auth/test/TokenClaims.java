package tech.progeny.auth.test;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jspecify.annotations.Nullable;

/**
 * The claims of a token minted by the fake server, in simplejwt's order.
 *
 * @param tokenType {@code access} or {@code refresh}
 * @param exp expiry, epoch seconds
 * @param iat issue time, epoch seconds, or {@code null} to leave the claim out (see {@link IssuedAtClaim})
 * @param jti unique id, 32 hex digits
 * @param userId the user's id
 */
@JsonPropertyOrder({ "token_type", "exp", "iat", "jti", "user_id" })
record TokenClaims(@JsonProperty("token_type") String tokenType, @JsonProperty("exp") long exp,
		@JsonProperty("iat") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Long iat,
		@JsonProperty("jti") String jti, @JsonProperty("user_id") long userId) {

	static final String ACCESS = "access";

	static final String REFRESH = "refresh";

}
