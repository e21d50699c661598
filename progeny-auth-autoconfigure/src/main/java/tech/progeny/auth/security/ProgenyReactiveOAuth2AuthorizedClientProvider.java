package tech.progeny.auth.security;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.util.Assert;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.token.ProgenyTokenSource;

/**
 * {@link ReactiveOAuth2AuthorizedClientProvider} that serves Progeny's
 * {@link ProgenyClientRegistration registration} from the token lifecycle of a
 * {@link ProgenyTokenSource}, the reactive twin of
 * {@link ProgenyOAuth2AuthorizedClientProvider}: the same tokens, the same rules, and
 * for every other registration an empty {@link Mono}, so that a delegating provider
 * moves on.
 * <p>
 * It never blocks or parks the caller's thread: with a fresh token it answers at once,
 * on that thread; otherwise it subscribes to {@link ProgenyTokenSource#tokenAsync()},
 * which completes at once with a token that is still usable, or, without holding any
 * thread, when the single exchange in flight that every caller shares completes; the
 * manager then goes on on the thread that completed it. Cancelling the subscription
 * cancels only its own wait, never that exchange.
 *
 * <pre class="code">
 * ReactiveOAuth2AuthorizedClientProvider provider = ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
 *     .provider(new ProgenyReactiveOAuth2AuthorizedClientProvider(tokenSource))
 *     .clientCredentials()
 *     .refreshToken()
 *     .build();
 * authorizedClientManager.setAuthorizedClientProvider(provider);
 * </pre>
 *
 * <h2>Failures</h2> When no usable token can be had, the {@code Mono} fails with a
 * {@link org.springframework.security.oauth2.client.ClientAuthorizationException} whose
 * cause is the lifecycle's {@link ProgenyAuthException}, with the error codes of
 * {@link ProgenyOAuth2AuthorizedClientProvider}.
 *
 * @see ProgenyReactiveOAuth2AuthorizationFailureHandler
 */
public final class ProgenyReactiveOAuth2AuthorizedClientProvider implements ReactiveOAuth2AuthorizedClientProvider {

	private final ProgenyTokenSource tokenSource;

	/**
	 * Create a new provider.
	 * @param tokenSource the token lifecycle
	 */
	public ProgenyReactiveOAuth2AuthorizedClientProvider(ProgenyTokenSource tokenSource) {
		Assert.notNull(tokenSource, "tokenSource cannot be null");
		this.tokenSource = tokenSource;
	}

	@Override
	public Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizationContext context) {
		Assert.notNull(context, "context cannot be null");
		if (!ProgenyClientRegistration.isProgeny(context.getClientRegistration())) {
			return Mono.empty();
		}
		String fresh = this.tokenSource.freshAuthorizationHeader();
		if (fresh != null && ProgenyAuthorizedClients.holds(context.getAuthorizedClient(), fresh)) {
			return Mono.empty();
		}
		return Mono.fromFuture(this.tokenSource::tokenAsync, true)
			.mapNotNull((token) -> ProgenyAuthorizedClients.authorizedClient(context, token))
			.onErrorMap(ProgenyAuthException.class,
					(ex) -> ProgenyAuthorizedClients.failure(context.getClientRegistration(), ex));
	}

	@Override
	public String toString() {
		return "ProgenyReactiveOAuth2AuthorizedClientProvider[" + this.tokenSource + "]";
	}

}
