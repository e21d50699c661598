package tech.progeny.auth.security;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.RemoveAuthorizedClientReactiveOAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

import tech.progeny.auth.token.ProgenyTokenSource;

/**
 * {@link ReactiveOAuth2AuthorizationFailureHandler} that tells the token lifecycle when
 * Progeny rejected a token that Spring Security sent, so that the next
 * {@code authorize} returns a new token; then hands every failure to a delegate, by
 * default Spring's {@link RemoveAuthorizedClientReactiveOAuth2AuthorizationFailureHandler}:
 * the reactive twin of {@link ProgenyOAuth2AuthorizationFailureHandler}, with the same
 * rules.
 * <p>
 * On an {@code invalid_token} failure (which
 * {@code ServerOAuth2AuthorizedClientExchangeFilterFunction} reports for every 401) of a
 * {@link ProgenyClientRegistration Progeny registration}, it loads the principal's
 * authorized client, which holds the token that was sent, and invalidates that token in
 * the lifecycle only if it is still the current one (compare and invalidate): many
 * concurrent rejections of one token cause one new exchange. Invalidating takes no lock
 * and makes no request, so the handler never blocks the event loop it runs on. Spring's
 * filter reads neither the response body nor the sent header, so this handler cannot
 * tell a stale token from another 401 such as {@code user_inactive}, and it does not
 * replay the rejected request: the next request gets the new token. Use Progeny's own
 * exchange filter function for the replay.
 * <p>
 * A {@code ServerOAuth2AuthorizedClientExchangeFilterFunction} built on a manager
 * forwards no failure until it is given a handler:
 *
 * <pre class="code">
 * ServerOAuth2AuthorizedClientExchangeFilterFunction oauth2 =
 *     new ServerOAuth2AuthorizedClientExchangeFilterFunction(authorizedClientManager);
 * oauth2.setAuthorizationFailureHandler(
 *     ProgenyReactiveOAuth2AuthorizationFailureHandler.of(tokenSource, authorizedClientService));
 * </pre>
 */
public final class ProgenyReactiveOAuth2AuthorizationFailureHandler
		implements ReactiveOAuth2AuthorizationFailureHandler {

	private final ProgenyTokenRejection rejection;

	private final AuthorizedClientLoader authorizedClientLoader;

	private final ReactiveOAuth2AuthorizationFailureHandler delegate;

	/**
	 * Create a new handler.
	 * @param tokenSource the token lifecycle
	 * @param authorizedClientLoader where the authorized client that was sent is found
	 * @param delegate the handler that every failure goes to next
	 */
	public ProgenyReactiveOAuth2AuthorizationFailureHandler(ProgenyTokenSource tokenSource,
			AuthorizedClientLoader authorizedClientLoader, ReactiveOAuth2AuthorizationFailureHandler delegate) {
		Assert.notNull(authorizedClientLoader, "authorizedClientLoader cannot be null");
		Assert.notNull(delegate, "delegate cannot be null");
		this.rejection = new ProgenyTokenRejection(tokenSource);
		this.authorizedClientLoader = authorizedClientLoader;
		this.delegate = delegate;
	}

	/**
	 * Return a handler for authorized clients kept in a
	 * {@link ReactiveOAuth2AuthorizedClientService}, as with
	 * {@link org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager},
	 * that then removes the rejected client from the service.
	 * @param tokenSource the token lifecycle
	 * @param authorizedClientService the service
	 * @return the handler
	 */
	public static ProgenyReactiveOAuth2AuthorizationFailureHandler of(ProgenyTokenSource tokenSource,
			ReactiveOAuth2AuthorizedClientService authorizedClientService) {
		Assert.notNull(authorizedClientService, "authorizedClientService cannot be null");
		return new ProgenyReactiveOAuth2AuthorizationFailureHandler(tokenSource,
				(registrationId, principal, attributes) -> authorizedClientService.loadAuthorizedClient(registrationId,
						principal.getName()),
				new RemoveAuthorizedClientReactiveOAuth2AuthorizationFailureHandler((registrationId, principal,
						attributes) -> authorizedClientService.removeAuthorizedClient(registrationId, principal.getName())));
	}

	/**
	 * Return a handler for authorized clients kept in a
	 * {@link ServerOAuth2AuthorizedClientRepository}, as with the exchange-scoped
	 * {@link org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager},
	 * that then removes the rejected client from the repository. Outside a server
	 * exchange there is nothing to load and nothing is invalidated.
	 * @param tokenSource the token lifecycle
	 * @param authorizedClientRepository the repository
	 * @return the handler
	 */
	public static ProgenyReactiveOAuth2AuthorizationFailureHandler of(ProgenyTokenSource tokenSource,
			ServerOAuth2AuthorizedClientRepository authorizedClientRepository) {
		Assert.notNull(authorizedClientRepository, "authorizedClientRepository cannot be null");
		return new ProgenyReactiveOAuth2AuthorizationFailureHandler(tokenSource,
				(registrationId, principal, attributes) -> Mono.justOrEmpty(exchange(attributes))
					.flatMap((exchange) -> authorizedClientRepository.<OAuth2AuthorizedClient>loadAuthorizedClient(
							registrationId, principal, exchange)),
				new RemoveAuthorizedClientReactiveOAuth2AuthorizationFailureHandler(
						(registrationId, principal, attributes) -> Mono.justOrEmpty(exchange(attributes))
							.flatMap((exchange) -> authorizedClientRepository.removeAuthorizedClient(registrationId,
									principal, exchange))));
	}

	private static @Nullable ServerWebExchange exchange(Map<String, Object> attributes) {
		return (ServerWebExchange) attributes.get(ServerWebExchange.class.getName());
	}

	@Override
	public Mono<Void> onAuthorizationFailure(OAuth2AuthorizationException authorizationException,
			Authentication principal, Map<String, Object> attributes) {
		String registrationId = ProgenyTokenRejection.rejectedRegistrationId(authorizationException);
		Mono<Void> invalidation = (registrationId != null) ? this.authorizedClientLoader
			.load(registrationId, principal, attributes)
			.doOnNext(this.rejection::invalidate)
			.then() : Mono.empty();
		return invalidation
			.then(Mono.defer(() -> this.delegate.onAuthorizationFailure(authorizationException, principal, attributes)));
	}

	@Override
	public String toString() {
		return "ProgenyReactiveOAuth2AuthorizationFailureHandler[" + this.delegate + "]";
	}

	/**
	 * Finds the authorized client that a rejected request was sent with, without
	 * blocking.
	 */
	@FunctionalInterface
	public interface AuthorizedClientLoader {

		/**
		 * Load the principal's authorized client of the given registration.
		 * @param clientRegistrationId the registration id
		 * @param principal the principal
		 * @param attributes the failure's attributes, such as the server exchange
		 * @return the authorized client, or an empty {@code Mono} if there is none
		 */
		Mono<OAuth2AuthorizedClient> load(String clientRegistrationId, Authentication principal,
				Map<String, Object> attributes);

	}

}
