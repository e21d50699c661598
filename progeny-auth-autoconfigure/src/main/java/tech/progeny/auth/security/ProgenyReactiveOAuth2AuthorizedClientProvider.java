package tech.progeny.auth.security;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.util.Assert;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.token.ProgenyToken;
import tech.progeny.auth.token.ProgenyTokenSource;

/**
 * {@link ReactiveOAuth2AuthorizedClientProvider} that serves Progeny's
 * {@link ProgenyClientRegistration registration} from the token lifecycle of a
 * {@link ProgenyTokenSource}, the reactive twin of
 * {@link ProgenyOAuth2AuthorizedClientProvider}: the same tokens, the same rules, and
 * for every other registration an empty {@link Mono}, so that a delegating provider
 * moves on.
 * <p>
 * It never blocks: with a fresh token it answers at once; otherwise it waits, without a
 * thread, for {@link ProgenyTokenSource#authorizationHeaderAsync()}, which the single
 * exchange in flight completes, and then reads the token the lifecycle holds.
 * Cancelling the subscription leaves that exchange alone.
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
		return usableToken().mapNotNull((token) -> ProgenyAuthorizedClients.authorizedClient(context, token))
			.onErrorMap(ProgenyAuthException.class,
					(ex) -> ProgenyAuthorizedClients.failure(context.getClientRegistration(), ex));
	}

	/**
	 * Wait for a usable token, then read it. {@link ProgenyTokenSource#token()} returns
	 * at once while the token is usable; should it turn unusable in between, wait again.
	 */
	private Mono<ProgenyToken> usableToken() {
		return Mono.fromFuture(this.tokenSource::authorizationHeaderAsync, true)
			.flatMap((header) -> this.tokenSource.status().phase().isUsable() ? Mono.just(this.tokenSource.token())
					: usableToken());
	}

	@Override
	public String toString() {
		return "ProgenyReactiveOAuth2AuthorizedClientProvider[" + this.tokenSource + "]";
	}

}
