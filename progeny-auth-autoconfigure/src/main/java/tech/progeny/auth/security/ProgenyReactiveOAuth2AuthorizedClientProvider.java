package tech.progeny.auth.security;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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
 * It never blocks the caller's thread: with a fresh token it answers at once, on that
 * thread; otherwise it asks {@link ProgenyTokenSource#authorizationHeaderAsync()} on
 * Reactor's bounded elastic scheduler (the lifecycle takes its lock briefly there) and
 * waits, without a thread, for the single exchange in flight to complete it, then reads
 * the token the lifecycle holds. Cancelling the subscription leaves that exchange alone.
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
	 * Only taken without a fresh token: the lifecycle may then hold its lock for a
	 * moment, which parks a thread under contention, so the future is asked for on a
	 * thread that may block, never on the caller's event loop.
	 */
	private Mono<ProgenyToken> usableToken() {
		return Mono.fromFuture(this.tokenSource::authorizationHeaderAsync, true)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((header) -> this.tokenSource.status().phase().isUsable() ? Mono.just(this.tokenSource.token())
					: usableToken());
	}

	@Override
	public String toString() {
		return "ProgenyReactiveOAuth2AuthorizedClientProvider[" + this.tokenSource + "]";
	}

}
