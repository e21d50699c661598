package tech.progeny.auth.web.reactive;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import tech.progeny.auth.client.ProgenyChallenge;

/**
 * One exchange with Progeny's origin, authorized when it is subscribed to: what
 * {@code Mono.defer(() -> next.exchange(authorized).flatMap(check))} would do, in one
 * operator that writes no volatile field on the way to an answer that needs no replay.
 * That keeps the filter's fresh path within its budget of 1.1x a filter that sets a
 * constant header, which the two composed operators overran ({@code benchmarks/README.md}).
 * <p>
 * Each subscription reads the token again. When it is fresh the request goes out at once;
 * otherwise the subscription waits, without blocking, for the token the filter's source
 * hands out, and goes on as an exchange with that token. The answer goes to the
 * subscriber, unless it is one that may say the token is stale: then the Mono of the
 * filter's challenge handling takes the exchange's place, and its signals are the ones
 * the subscriber sees. Demand, cancellation and the {@link Context} pass through to
 * whichever of the two is current.
 */
final class AuthorizedExchange extends Mono<ClientResponse> {

	private final ProgenyAuthExchangeFilterFunction filter;

	private final ClientRequest request;

	private final ExchangeFunction next;

	/**
	 * The header to send, or {@code null} to read the token on each subscription.
	 */
	private final @Nullable String authorization;

	private AuthorizedExchange(ProgenyAuthExchangeFilterFunction filter, ClientRequest request, ExchangeFunction next,
			@Nullable String authorization) {
		this.filter = filter;
		this.request = request;
		this.next = next;
		this.authorization = authorization;
	}

	/**
	 * Return the exchange of the request with the token current when it is subscribed to.
	 */
	static Mono<ClientResponse> of(ProgenyAuthExchangeFilterFunction filter, ClientRequest request,
			ExchangeFunction next) {
		return onAssembly(new AuthorizedExchange(filter, request, next, null));
	}

	private static Mono<ClientResponse> with(ProgenyAuthExchangeFilterFunction filter, ClientRequest request,
			ExchangeFunction next, String authorization) {
		return onAssembly(new AuthorizedExchange(filter, request, next, authorization));
	}

	@Override
	public void subscribe(CoreSubscriber<? super ClientResponse> actual) {
		String header = (this.authorization != null) ? this.authorization : this.filter.freshAuthorizationHeader();
		if (header == null) {
			this.filter.authorizationHeader()
				.flatMap((waited) -> with(this.filter, this.request, this.next, waited))
				.subscribe(actual);
			return;
		}
		ReplayableBody body = ReplayableBody.of(this.request);
		Mono<ClientResponse> exchange;
		try {
			exchange = this.next.exchange(ProgenyAuthExchangeFilterFunction.authorized(this.request, header,
					body.recording()));
		}
		catch (Throwable ex) {
			Operators.error(actual, Operators.onOperatorError(ex, actual.currentContext()));
			return;
		}
		exchange.subscribe(new StaleTokenCheck(actual, this, header, body));
	}

	/**
	 * Passes the exchange's signals on, or hands a challenged answer to the filter and
	 * switches to the Mono it returns.
	 */
	private static final class StaleTokenCheck implements CoreSubscriber<ClientResponse>, Subscription, Scannable {

		private final CoreSubscriber<? super ClientResponse> actual;

		private final AuthorizedExchange exchange;

		private final String authorization;

		private final ReplayableBody body;

		/**
		 * The exchange's subscription: set before the subscriber has this one, so that
		 * whoever holds it sees the field set.
		 */
		private @Nullable Subscription exchangeSubscription;

		/**
		 * The challenge handling's subscription, once it took the exchange's place.
		 */
		private volatile @Nullable Subscription challengeSubscription;

		private volatile boolean cancelled;

		/**
		 * Set on the exchange's signal thread once the answer was handed to the filter;
		 * the exchange's later signals are then not passed on.
		 */
		private boolean challenged;

		StaleTokenCheck(CoreSubscriber<? super ClientResponse> actual, AuthorizedExchange exchange,
				String authorization, ReplayableBody body) {
			this.actual = actual;
			this.exchange = exchange;
			this.authorization = authorization;
			this.body = body;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.exchangeSubscription, subscription)) {
				this.exchangeSubscription = subscription;
				this.actual.onSubscribe(this);
			}
		}

		@Override
		public void onNext(ClientResponse response) {
			if (this.challenged) {
				Operators.onNextDropped(response, currentContext());
				return;
			}
			if (!ProgenyChallenge.mayRejectToken(response.statusCode().value())) {
				this.actual.onNext(response);
				return;
			}
			this.challenged = true;
			Mono<ClientResponse> handled;
			try {
				handled = this.exchange.filter.challenged(this.exchange.request, this.exchange.next,
						this.authorization, this.body, response);
			}
			catch (Throwable ex) {
				this.actual.onError(Operators.onOperatorError(ex, currentContext()));
				return;
			}
			handled.subscribe(new Switched(this));
		}

		@Override
		public void onError(Throwable failure) {
			if (this.challenged) {
				Operators.onErrorDropped(failure, currentContext());
				return;
			}
			this.actual.onError(failure);
		}

		@Override
		public void onComplete() {
			if (!this.challenged) {
				this.actual.onComplete();
			}
		}

		/**
		 * Pass demand to the exchange: the challenge handling, once subscribed to, was
		 * asked for its answer already, and the exchange, done by then, ignores it.
		 */
		@Override
		public void request(long n) {
			Subscription exchange = this.exchangeSubscription;
			if (exchange != null) {
				exchange.request(n);
			}
		}

		@Override
		public void cancel() {
			// the flag is written before the challenge's subscription is read, and Switched
			// writes that before it reads the flag: one of the two cancels the challenge
			this.cancelled = true;
			Subscription exchange = this.exchangeSubscription;
			if (exchange != null) {
				exchange.cancel();
			}
			Subscription challenge = this.challengeSubscription;
			if (challenge != null) {
				challenge.cancel();
			}
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public @Nullable Object scanUnsafe(Attr key) {
			if (key == Attr.PARENT) {
				Subscription challenge = this.challengeSubscription;
				return (challenge != null) ? challenge : this.exchangeSubscription;
			}
			if (key == Attr.ACTUAL) {
				return this.actual;
			}
			if (key == Attr.CANCELLED) {
				return this.cancelled;
			}
			if (key == Attr.RUN_STYLE) {
				return Attr.RunStyle.SYNC;
			}
			return null;
		}

	}

	/**
	 * Subscribes to the challenge handling in the exchange's place. Its one answer was
	 * asked for already: the exchange answered only after the subscriber's request.
	 */
	private static final class Switched implements CoreSubscriber<ClientResponse> {

		private final StaleTokenCheck check;

		Switched(StaleTokenCheck check) {
			this.check = check;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.check.challengeSubscription = subscription;
			if (this.check.cancelled) {
				subscription.cancel();
			}
			else {
				subscription.request(Long.MAX_VALUE);
			}
		}

		@Override
		public void onNext(ClientResponse response) {
			this.check.actual.onNext(response);
		}

		@Override
		public void onError(Throwable failure) {
			this.check.actual.onError(failure);
		}

		@Override
		public void onComplete() {
			this.check.actual.onComplete();
		}

		@Override
		public Context currentContext() {
			return this.check.actual.currentContext();
		}

	}

}
