package tech.progeny.auth.security;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.util.Assert;

import tech.progeny.auth.token.ProgenyTokenSource;

/**
 * What the blocking and the reactive failure handler share: which of Spring Security's
 * authorization failures says that the token it sent was rejected, and the
 * compare-and-invalidate of that token in the lifecycle when it was Progeny's.
 * <p>
 * Spring's {@code OAuth2ClientHttpRequestInterceptor} and
 * {@code ServerOAuth2AuthorizedClientExchangeFilterFunction} report every 401 as an
 * {@code invalid_token} {@link ClientAuthorizationException} that names the
 * registration. They pass on neither the response body nor the header that was sent, so
 * the token is the one that the principal's authorized client holds, which each handler
 * loads from where its manager keeps it.
 */
final class ProgenyTokenRejection {

	private final ProgenyTokenSource tokenSource;

	ProgenyTokenRejection(ProgenyTokenSource tokenSource) {
		Assert.notNull(tokenSource, "tokenSource cannot be null");
		this.tokenSource = tokenSource;
	}

	/**
	 * Return the registration whose token the failure says was rejected.
	 * @param failure the failure that Spring Security reported
	 * @return the registration id, or {@code null} if the failure is no
	 * {@code invalid_token} of a client
	 */
	static @Nullable String rejectedRegistrationId(OAuth2AuthorizationException failure) {
		if (failure instanceof ClientAuthorizationException client
				&& OAuth2ErrorCodes.INVALID_TOKEN.equals(failure.getError().getErrorCode())) {
			return client.getClientRegistrationId();
		}
		return null;
	}

	/**
	 * Invalidate the token that the authorized client sent, if it is Progeny's and still
	 * the lifecycle's current one, so that the next {@code authorize} returns a new one.
	 * @param sent the authorized client that the rejected request was sent with, or
	 * {@code null} if there is none
	 */
	void invalidate(@Nullable OAuth2AuthorizedClient sent) {
		if (sent != null && ProgenyClientRegistration.isProgeny(sent.getClientRegistration())) {
			this.tokenSource.invalidate(ProgenyAuthorizedClients.BEARER_PREFIX + sent.getAccessToken().getTokenValue());
		}
	}

}
