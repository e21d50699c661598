package tech.progeny.auth.web.reactive;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.support.ReactiveTest;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the Reactive Streams signals of {@link ProgenyAuthExchangeFilterFunction}:
 * demand, cancellation, errors and the {@link Context}, before and after a stale-token
 * answer switches the exchange to its replay. The token comes from a fake Progeny over
 * HTTP; the API exchange is an {@link ExchangeFunction} that answers what each test
 * scripts, so that the test decides when each answer comes.
 */
@ReactiveTest
class ProgenyAuthExchangeFilterFunctionSignalTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String TOKEN_NOT_VALID = CannedResponse.accessTokenNotValid().body();

	private FakeProgenyServer progeny;

	private ProgenyTokenProvider provider;

	private ProgenyAuthExchangeFilterFunction filter;

	private ClientRequest request;

	private final List<String> sent = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() {
		this.progeny = FakeProgenyServer.start();
		URI baseUrl = URI.create(this.progeny.baseUrl());
		this.provider = new ProgenyTokenProvider(
				ProgenyTokenClient.create(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(5)),
				() -> new ProgenyCredentials(this.progeny.username(), this.progeny.password()),
				new InMemoryProgenyTokenStore(), ProgenyTokenSettings.defaults());
		// logged in up front, so that each exchange starts on the fresh path, on the test's thread
		this.provider.authorizationHeader();
		this.filter = new ProgenyAuthExchangeFilterFunction(this.provider, baseUrl);
		this.request = ClientRequest.create(HttpMethod.GET, this.progeny.url(FakeProgenyServer.PING_PATH)).build();
	}

	@AfterEach
	void stop() {
		this.provider.close();
		this.progeny.close();
	}

	/**
	 * Return an exchange that records the header of each request and answers the given
	 * Monos in turn.
	 */
	@SafeVarargs
	private ExchangeFunction answering(Mono<ClientResponse>... answers) {
		AtomicInteger calls = new AtomicInteger();
		return (sent) -> {
			this.sent.add(String.valueOf(sent.headers().getFirst(HttpHeaders.AUTHORIZATION)));
			return answers[calls.getAndIncrement()];
		};
	}

	private static ClientResponse ok(String body) {
		return ClientResponse.create(HttpStatus.OK).body(body).build();
	}

	private static ClientResponse tokenNotValid() {
		return ClientResponse.create(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
			.header(HttpHeaders.CONTENT_LENGTH, String.valueOf(TOKEN_NOT_VALID.getBytes(StandardCharsets.UTF_8).length))
			.body(TOKEN_NOT_VALID)
			.build();
	}

	@Test
	void filterWhenNothingIsRequestedYetThenAnswersOnlyOnRequest() {
		Recorder recorder = new Recorder(0);
		this.filter.filter(this.request, answering(Mono.just(ok("one")))).subscribe(recorder);
		assertThat(recorder.answers).isEmpty();
		recorder.request(1);
		assertThat(recorder.answers).extracting(ClientResponse::statusCode).containsExactly(HttpStatus.OK);
		assertThat(recorder.completed).isTrue();
	}

	@Test
	void filterWhenCancelledBeforeTheAnswerThenCancelsTheExchange() {
		Sinks.Empty<Void> cancelled = Sinks.empty();
		Mono<ClientResponse> never = Mono.<ClientResponse>never().doOnCancel(cancelled::tryEmitEmpty);
		Recorder recorder = new Recorder(1);
		this.filter.filter(this.request, answering(never)).subscribe(recorder);
		recorder.cancel();
		assertThat(cancelled.asMono().then(Mono.just(true)).block(TIMEOUT)).isTrue();
		assertThat(recorder.answers).isEmpty();
		assertThat(recorder.completed).isFalse();
	}

	@Test
	void filterWhenCancelledWhileTheReplayIsInFlightThenCancelsTheReplay() {
		Sinks.Empty<Void> replayCancelled = Sinks.empty();
		Sinks.Empty<Void> replaySubscribed = Sinks.empty();
		Mono<ClientResponse> replay = Mono.<ClientResponse>never()
			.doOnSubscribe((subscription) -> replaySubscribed.tryEmitEmpty())
			.doOnCancel(replayCancelled::tryEmitEmpty);
		String first = this.provider.authorizationHeader();
		Recorder recorder = new Recorder(1);
		this.filter.filter(this.request, answering(Mono.just(tokenNotValid()), replay)).subscribe(recorder);
		replaySubscribed.asMono().block(TIMEOUT);
		recorder.cancel();
		assertThat(replayCancelled.asMono().then(Mono.just(true)).block(TIMEOUT)).isTrue();
		assertThat(this.sent).hasSize(2).first().isEqualTo(first);
		assertThat(this.sent.get(1)).startsWith("Bearer ").isNotEqualTo(first);
		assertThat(recorder.answers).isEmpty();
		assertThat(recorder.failure).isNull();
	}

	@Test
	void filterWhenTokenStaleThenTheSubscriberSeesOnlyTheReplaysAnswer() {
		Recorder recorder = new Recorder(1);
		this.filter.filter(this.request, answering(Mono.just(tokenNotValid()), Mono.just(ok("replayed"))))
			.subscribe(recorder);
		recorder.await();
		assertThat(recorder.answers).singleElement()
			.satisfies((answer) -> assertThat(answer.bodyToMono(String.class).block(TIMEOUT)).isEqualTo("replayed"));
		assertThat(recorder.completed).isTrue();
		assertThat(recorder.failure).isNull();
	}

	@Test
	void filterWhenTheExchangeFunctionThrowsThenSignalsTheFailure() {
		IllegalStateException failure = new IllegalStateException("no connector");
		Recorder recorder = new Recorder(1);
		this.filter.filter(this.request, (sent) -> {
			throw failure;
		}).subscribe(recorder);
		assertThat(recorder.failure).isSameAs(failure);
		assertThat(recorder.answers).isEmpty();
	}

	@Test
	void filterWhenTheExchangeFailsThenSignalsTheFailure() {
		IllegalStateException failure = new IllegalStateException("connection reset");
		Recorder recorder = new Recorder(1);
		this.filter.filter(this.request, answering(Mono.error(failure))).subscribe(recorder);
		assertThat(recorder.failure).isSameAs(failure);
	}

	@Test
	void filterWhenSubscribedWithAContextThenTheExchangeAndTheReplaySeeIt() {
		List<String> seen = new CopyOnWriteArrayList<>();
		Mono<ClientResponse> first = Mono.deferContextual((context) -> {
			seen.add(context.get("tenant"));
			return Mono.just(tokenNotValid());
		});
		Mono<ClientResponse> replay = Mono.deferContextual((context) -> {
			seen.add(context.get("tenant"));
			return Mono.just(ok("replayed"));
		});
		ClientResponse answer = this.filter.filter(this.request, answering(first, replay))
			.contextWrite(Context.of("tenant", "acme"))
			.block(TIMEOUT);
		assertThat(answer.statusCode()).isEqualTo(HttpStatus.OK);
		assertThat(seen).containsExactly("acme", "acme");
	}

	/**
	 * Records the signals of one exchange, asking for the given number of answers on
	 * subscription.
	 */
	private static final class Recorder extends BaseSubscriber<ClientResponse> {

		private final long initialRequest;

		private final List<ClientResponse> answers = new CopyOnWriteArrayList<>();

		private final Sinks.Empty<Void> done = Sinks.empty();

		private volatile boolean completed;

		private volatile @Nullable Throwable failure;

		Recorder(long initialRequest) {
			this.initialRequest = initialRequest;
		}

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			if (this.initialRequest > 0) {
				request(this.initialRequest);
			}
		}

		@Override
		protected void hookOnNext(ClientResponse answer) {
			this.answers.add(answer);
		}

		@Override
		protected void hookOnComplete() {
			this.completed = true;
			this.done.tryEmitEmpty();
		}

		@Override
		protected void hookOnError(Throwable failure) {
			this.failure = failure;
			this.done.tryEmitEmpty();
		}

		void await() {
			this.done.asMono().block(TIMEOUT);
		}

	}

}
