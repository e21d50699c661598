package tech.progeny.auth.security;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.client.ProgenyRequestRejectedException;
import tech.progeny.auth.token.ProgenyToken;

/**
 * What the blocking and the reactive provider share: how a Progeny token becomes an
 * {@link OAuth2AuthorizedClient}, how to tell whether an authorized client still holds
 * the current token, and how a lifecycle failure becomes Spring Security's.
 */
final class ProgenyAuthorizedClients {

	static final String BEARER_PREFIX = "Bearer ";

	private ProgenyAuthorizedClients() {
	}

	/**
	 * Whether the context's authorized client holds the access token of the given
	 * {@code Authorization} header value. Allocates nothing.
	 * @param authorizedClient the authorized client, or {@code null}
	 * @param authorizationHeader {@code Bearer} and an access token
	 * @return {@code true} if the client sends that token
	 */
	static boolean holds(@Nullable OAuth2AuthorizedClient authorizedClient, String authorizationHeader) {
		if (authorizedClient == null) {
			return false;
		}
		String value = authorizedClient.getAccessToken().getTokenValue();
		int prefix = BEARER_PREFIX.length();
		return authorizationHeader.length() == prefix + value.length()
				&& authorizationHeader.regionMatches(prefix, value, 0, value.length());
	}

	/**
	 * Return an authorized client for the context with the given token, or {@code null}
	 * if the context's authorized client already holds it, so that the manager keeps
	 * (and does not store again) the one it has.
	 * @param context the authorization context
	 * @param token the current token
	 * @return a new authorized client, or {@code null}
	 */
	static @Nullable OAuth2AuthorizedClient authorizedClient(OAuth2AuthorizationContext context, ProgenyToken token) {
		OAuth2AuthorizedClient current = context.getAuthorizedClient();
		if (current != null && current.getAccessToken().getTokenValue().equals(token.accessToken())) {
			return null;
		}
		return new OAuth2AuthorizedClient(context.getClientRegistration(), context.getPrincipal().getName(),
				accessToken(token));
	}

	/**
	 * Return the bearer access token with the token's issue and expiry instants. No
	 * refresh token goes with it: that stays inside the lifecycle, never in Spring's
	 * authorized-client stores.
	 */
	private static OAuth2AccessToken accessToken(ProgenyToken token) {
		Instant expiresAt = token.expiresAt();
		Instant issuedAt = token.issuedAt();
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token.accessToken(),
				issuedAt.isBefore(expiresAt) ? issuedAt : null, expiresAt);
	}

	/**
	 * Return the lifecycle's failure as Spring Security's, so that the manager's and the
	 * interceptor's failure handlers see it. The message is the lifecycle's, which holds
	 * no secret.
	 * @param registration the registration
	 * @param failure the failure
	 * @return the exception to throw
	 */
	static ClientAuthorizationException failure(ClientRegistration registration, ProgenyAuthException failure) {
		OAuth2Error error = new OAuth2Error(errorCode(failure), failure.getMessage(), null);
		return new ClientAuthorizationException(error, registration.getRegistrationId(), failure.getMessage(),
				failure);
	}

	private static String errorCode(ProgenyAuthException failure) {
		if (failure instanceof ProgenyCredentialsRejectedException) {
			return OAuth2ErrorCodes.INVALID_GRANT;
		}
		if (failure instanceof ProgenyRequestRejectedException) {
			return OAuth2ErrorCodes.INVALID_REQUEST;
		}
		return failure.isTransient() ? OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE : OAuth2ErrorCodes.SERVER_ERROR;
	}

}
