package tech.progeny.auth.security;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.util.Assert;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.token.ProgenyToken;
import tech.progeny.auth.token.ProgenyTokenSource;

/**
 * {@link OAuth2AuthorizedClientProvider} that serves Progeny's
 * {@link ProgenyClientRegistration registration} from the token lifecycle of a
 * {@link ProgenyTokenSource}, and returns {@code null} for every other registration so
 * that a delegating provider moves on.
 * <p>
 * The lifecycle, not Spring Security, decides when a token is replaced: it refreshes
 * ahead of expiry with one request in flight whatever the number of callers, follows
 * refresh-token rotation and logs in again when it must. This provider only hands out
 * its current token: when the context's authorized client holds an older access token
 * than the lifecycle's, it returns a new {@link OAuth2AuthorizedClient} with the current
 * one; when it holds the current one, it returns {@code null} and the manager keeps it.
 * The {@link org.springframework.security.oauth2.core.OAuth2AccessToken} carries the
 * token's real issue and expiry instants, and no refresh token goes with it: Spring's
 * authorized-client stores never see the refresh token.
 * <p>
 * With a fresh token, {@link #authorize(OAuth2AuthorizationContext)} reads one volatile
 * field and compares two strings: no lock, no clock, no request. Callers wait only when
 * no usable token is left, for the one exchange in flight.
 *
 * <pre class="code">
 * OAuth2AuthorizedClientProvider provider = OAuth2AuthorizedClientProviderBuilder.builder()
 *     .provider(new ProgenyOAuth2AuthorizedClientProvider(tokenSource))
 *     .clientCredentials()
 *     .refreshToken()
 *     .build();
 * authorizedClientManager.setAuthorizedClientProvider(provider);
 * </pre>
 *
 * <h2>Failures</h2> When no usable token can be had, the lifecycle's
 * {@link ProgenyAuthException} is thrown as the cause of a
 * {@link org.springframework.security.oauth2.client.ClientAuthorizationException} whose
 * error code is {@code invalid_grant} for rejected credentials, {@code invalid_request}
 * for a rejected login request, {@code temporarily_unavailable} when Progeny cannot be
 * reached and {@code server_error} otherwise.
 *
 * @see ProgenyReactiveOAuth2AuthorizedClientProvider
 * @see ProgenyOAuth2AuthorizationFailureHandler
 */
public final class ProgenyOAuth2AuthorizedClientProvider implements OAuth2AuthorizedClientProvider {

	private final ProgenyTokenSource tokenSource;

	/**
	 * Create a new provider.
	 * @param tokenSource the token lifecycle
	 */
	public ProgenyOAuth2AuthorizedClientProvider(ProgenyTokenSource tokenSource) {
		Assert.notNull(tokenSource, "tokenSource cannot be null");
		this.tokenSource = tokenSource;
	}

	@Override
	public @Nullable OAuth2AuthorizedClient authorize(OAuth2AuthorizationContext context) {
		Assert.notNull(context, "context cannot be null");
		if (!ProgenyClientRegistration.isProgeny(context.getClientRegistration())) {
			return null;
		}
		String fresh = this.tokenSource.freshAuthorizationHeader();
		if (fresh != null && ProgenyAuthorizedClients.holds(context.getAuthorizedClient(), fresh)) {
			return null;
		}
		ProgenyToken token;
		try {
			token = this.tokenSource.token();
		}
		catch (ProgenyAuthException ex) {
			throw ProgenyAuthorizedClients.failure(context.getClientRegistration(), ex);
		}
		return ProgenyAuthorizedClients.authorizedClient(context, token);
	}

	@Override
	public String toString() {
		return "ProgenyOAuth2AuthorizedClientProvider[" + this.tokenSource + "]";
	}

}
