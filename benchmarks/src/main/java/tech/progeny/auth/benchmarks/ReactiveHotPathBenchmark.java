package tech.progeny.auth.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;
import tech.progeny.auth.web.reactive.ProgenyAuthExchangeFilterFunction;

/**
 * Per-request cost of {@link ProgenyAuthExchangeFilterFunction} with a warm, fresh token,
 * against a no-op filter and a filter that sets a constant bearer header (the baseline of
 * every ratio): {@code filter(request, next)} on a fresh {@link ClientRequest} for
 * Progeny's origin, subscribed to by one reusable subscriber, ending in an exchange that
 * answers a canned {@code 200 OK} at once (through {@code hide()}, as no real exchange is
 * a scalar Mono). Nothing goes over the network. Run with
 * {@code -prof gc} for the bytes allocated per request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ReactiveHotPathBenchmark {

	private final LastValue subscriber = new LastValue();

	private FakeProgenyServer server;

	private ProgenyTokenProvider provider;

	private URI uri;

	private ExchangeFunction ok;

	private ExchangeFilterFunction noop;

	private ExchangeFilterFunction constantHeader;

	private ExchangeFilterFunction constantBearerAuth;

	private ExchangeFilterFunction deferredConstantHeader;

	private ExchangeFilterFunction progeny;

	/**
	 * Log in once against a fake Progeny issuing one-hour tokens, so that the token stays
	 * fresh for the whole run, and build every filter around the same token.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.server = FakeProgenyServer.builder().accessTokenLifetime(Duration.ofHours(1)).start();
		URI baseUrl = URI.create(this.server.baseUrl());
		this.uri = this.server.url(FakeProgenyServer.PING_PATH);
		this.provider = new ProgenyTokenProvider(
				ProgenyTokenClient.create(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(10)),
				() -> new ProgenyCredentials(this.server.username(), this.server.password()),
				new InMemoryProgenyTokenStore(), ProgenyTokenSettings.defaults());
		String header = this.provider.authorizationHeader();
		// hidden: a real exchange is never a scalar Mono, and over a scalar source Reactor
		// skips the work of operators such as flatMap that it does for a real one
		Mono<ClientResponse> response = Mono.just(ClientResponse.create(HttpStatus.OK).build()).hide();
		this.ok = (request) -> {
			this.subscriber.request = request;
			return response;
		};
		this.noop = (request, next) -> next.exchange(request);
		this.constantHeader = (request, next) -> next
			.exchange(ClientRequest.from(request).headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, header))
				.build());
		String token = header.substring("Bearer ".length());
		this.constantBearerAuth = (request, next) -> next
			.exchange(ClientRequest.from(request).headers((headers) -> headers.setBearerAuth(token)).build());
		this.deferredConstantHeader = (request, next) -> Mono.defer(() -> this.constantHeader.filter(request, next)
			.flatMap((answer) -> (answer.statusCode().value() == 401) ? Mono.empty() : Mono.just(answer)));
		this.progeny = new ProgenyAuthExchangeFilterFunction(this.provider, baseUrl);
		for (ExchangeFilterFunction filter : new ExchangeFilterFunction[] { this.constantHeader, this.constantBearerAuth,
				this.deferredConstantHeader, this.progeny }) {
			call(filter);
			ClientRequest sent = this.subscriber.request;
			Assert.state(sent != null && header.equals(sent.headers().getFirst(HttpHeaders.AUTHORIZATION)),
					() -> filter + " did not send the token");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.provider.close();
		this.server.close();
	}

	@Benchmark
	public @Nullable ClientRequest noop() {
		return call(this.noop);
	}

	@Benchmark
	public @Nullable ClientRequest constantHeader() {
		return call(this.constantHeader);
	}

	/**
	 * The constant bearer header the usual way, {@code HttpHeaders.setBearerAuth(token)},
	 * which builds the header value on every call.
	 * @return the request sent
	 */
	@Benchmark
	public @Nullable ClientRequest constantBearerAuth() {
		return call(this.constantBearerAuth);
	}

	/**
	 * The constant header with the two operators a composed filter needs for what the
	 * Progeny filter does on its fresh path: the header is chosen when the exchange is
	 * subscribed to ({@code Mono.defer}), and the status of the answer is looked at
	 * ({@code flatMap}), for the 401 replay. The row shows what the two cost on their own.
	 * @return the request sent
	 */
	@Benchmark
	public @Nullable ClientRequest deferredConstantHeader() {
		return call(this.deferredConstantHeader);
	}

	@Benchmark
	public @Nullable ClientRequest progeny() {
		return call(this.progeny);
	}

	private @Nullable ClientRequest call(ExchangeFilterFunction filter) {
		ClientRequest request = ClientRequest.create(HttpMethod.GET, this.uri).build();
		filter.filter(request, this.ok).subscribe(this.subscriber);
		Assert.state(this.subscriber.response != null, "no response");
		this.subscriber.response = null;
		return this.subscriber.request;
	}

	/**
	 * Takes the one value of each synchronous exchange, so that no subscriber is allocated
	 * per request.
	 */
	private static final class LastValue implements CoreSubscriber<ClientResponse> {

		private @Nullable ClientRequest request;

		private @Nullable ClientResponse response;

		@Override
		public void onSubscribe(Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(ClientResponse response) {
			this.response = response;
		}

		@Override
		public void onError(Throwable failure) {
			throw new IllegalStateException(failure);
		}

		@Override
		public void onComplete() {
		}

	}

}
