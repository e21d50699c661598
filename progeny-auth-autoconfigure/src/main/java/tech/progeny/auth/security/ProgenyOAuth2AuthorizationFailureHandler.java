package tech.progeny.auth.security;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.RemoveAuthorizedClientOAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.util.Assert;

import tech.progeny.auth.token.ProgenyTokenSource;

/**
 * {@link OAuth2AuthorizationFailureHandler} that tells the token lifecycle when Progeny
 * rejected a token that Spring Security sent, so that the next
 * {@code authorize} returns a new token; then hands every failure to a delegate,
 * by default Spring's {@link RemoveAuthorizedClientOAuth2AuthorizationFailureHandler}.
 * <p>
 * On an {@code invalid_token} failure (which Spring's interceptors report for every
 * 401) of a {@link ProgenyClientRegistration Progeny registration}, it loads the
 * principal's authorized client, which holds the token that was sent, and invalidates
 * that token in the lifecycle only if it is still the current one (compare and
 * invalidate): many concurrent rejections of one token cause one new exchange. Spring's
 * interceptors read neither the response body nor the sent header, so this handler
 * cannot tell a stale token from another 401 such as {@code user_inactive}; a login that
 * is then refused is held off by the lifecycle. Spring's interceptors do not replay the
 * rejected request: the next request gets the new token. Use Progeny's own interceptor
 * for the replay.
 *
 * <pre class="code">
 * OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(authorizedClientManager);
 * interceptor.setAuthorizationFailureHandler(
 *     ProgenyOAuth2AuthorizationFailureHandler.of(tokenSource, authorizedClientService));
 * </pre>
 *
 * @see ProgenyReactiveOAuth2AuthorizationFailureHandler
 */
public final class ProgenyOAuth2AuthorizationFailureHandler implements OAuth2AuthorizationFailureHandler {

	private final ProgenyTokenRejection rejection;

	private final AuthorizedClientLoader authorizedClientLoader;

	private final OAuth2AuthorizationFailureHandler delegate;

	/**
	 * Create a new handler.
	 * @param tokenSource the token lifecycle
	 * @param authorizedClientLoader where the authorized client that was sent is found
	 * @param delegate the handler that every failure goes to next
	 */
	public ProgenyOAuth2AuthorizationFailureHandler(ProgenyTokenSource tokenSource,
			AuthorizedClientLoader authorizedClientLoader, OAuth2AuthorizationFailureHandler delegate) {
		Assert.notNull(authorizedClientLoader, "authorizedClientLoader cannot be null");
		Assert.notNull(delegate, "delegate cannot be null");
		this.rejection = new ProgenyTokenRejection(tokenSource);
		this.authorizedClientLoader = authorizedClientLoader;
		this.delegate = delegate;
	}

	/**
	 * Return a handler for authorized clients kept in an
	 * {@link OAuth2AuthorizedClientService}, as with
	 * {@link org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager},
	 * that then removes the rejected client from the service as
	 * {@code OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(authorizedClientService)}
	 * does.
	 * @param tokenSource the token lifecycle
	 * @param authorizedClientService the service
	 * @return the handler
	 */
	public static ProgenyOAuth2AuthorizationFailureHandler of(ProgenyTokenSource tokenSource,
			OAuth2AuthorizedClientService authorizedClientService) {
		Assert.notNull(authorizedClientService, "authorizedClientService cannot be null");
		return new ProgenyOAuth2AuthorizationFailureHandler(tokenSource,
				(registrationId, principal, attributes) -> authorizedClientService.loadAuthorizedClient(registrationId,
						principal.getName()),
				new RemoveAuthorizedClientOAuth2AuthorizationFailureHandler((registrationId, principal,
						attributes) -> authorizedClientService.removeAuthorizedClient(registrationId, principal.getName())));
	}

	/**
	 * Return a handler for authorized clients kept in an
	 * {@link OAuth2AuthorizedClientRepository}, as with the request-scoped
	 * {@link org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager},
	 * that then removes the rejected client from the repository as
	 * {@code OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(authorizedClientRepository)}
	 * does. Outside a servlet request there is nothing to load and nothing is
	 * invalidated.
	 * @param tokenSource the token lifecycle
	 * @param authorizedClientRepository the repository
	 * @return the handler
	 */
	public static ProgenyOAuth2AuthorizationFailureHandler of(ProgenyTokenSource tokenSource,
			OAuth2AuthorizedClientRepository authorizedClientRepository) {
		Assert.notNull(authorizedClientRepository, "authorizedClientRepository cannot be null");
		return new ProgenyOAuth2AuthorizationFailureHandler(tokenSource, (registrationId, principal, attributes) -> {
			HttpServletRequest request = (HttpServletRequest) attributes.get(HttpServletRequest.class.getName());
			return (request != null)
					? authorizedClientRepository.loadAuthorizedClient(registrationId, principal, request) : null;
		}, new RemoveAuthorizedClientOAuth2AuthorizationFailureHandler((registrationId, principal, attributes) -> {
			HttpServletRequest request = (HttpServletRequest) attributes.get(HttpServletRequest.class.getName());
			HttpServletResponse response = (HttpServletResponse) attributes.get(HttpServletResponse.class.getName());
			if (request != null && response != null) {
				authorizedClientRepository.removeAuthorizedClient(registrationId, principal, request, response);
			}
		}));
	}

	@Override
	public void onAuthorizationFailure(OAuth2AuthorizationException authorizationException, Authentication principal,
			Map<String, Object> attributes) {
		String registrationId = ProgenyTokenRejection.rejectedRegistrationId(authorizationException);
		if (registrationId != null) {
			this.rejection.invalidate(this.authorizedClientLoader.load(registrationId, principal, attributes));
		}
		this.delegate.onAuthorizationFailure(authorizationException, principal, attributes);
	}

	@Override
	public String toString() {
		return "ProgenyOAuth2AuthorizationFailureHandler[" + this.delegate + "]";
	}

	/**
	 * Finds the authorized client that a rejected request was sent with.
	 */
	@FunctionalInterface
	public interface AuthorizedClientLoader {

		/**
		 * Load the principal's authorized client of the given registration.
		 * @param clientRegistrationId the registration id
		 * @param principal the principal
		 * @param attributes the failure's attributes, such as the servlet request
		 * @return the authorized client, or {@code null} if there is none
		 */
		@Nullable OAuth2AuthorizedClient load(String clientRegistrationId, Authentication principal,
				Map<String, Object> attributes);

	}

}
