package tech.progeny.auth.web.reactive;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.support.BlockHoundGuard;
import tech.progeny.auth.support.ManualTaskScheduler;
import tech.progeny.auth.support.ReactiveTest;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.test.RecordedTokenRequest;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;
import tech.progeny.auth.token.ProgenyTokenStatus.Phase;
import tech.progeny.auth.token.ProgenyTokenStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ProgenyAuthExchangeFilterFunction}, through a {@link WebClient} on
 * Reactor Netty against a fake Progeny. The fake reads time from its own clock: moving it
 * one access token lifetime ahead makes the token the client holds (still fresh on the
 * client's clock) stale, so the fake answers it 401 {@code token_not_valid} as Progeny
 * does. Its echo endpoint answers the JSON body it received, which shows what a replay
 * sent.
 */
@ReactiveTest
class ProgenyAuthExchangeFilterFunctionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	private static final String USER_INACTIVE = "{\"detail\":\"User is inactive\",\"code\":\"user_inactive\"}";

	private static final String TOKEN_NOT_VALID = CannedResponse.accessTokenNotValid().body();

	private final AdjustableClock clock = AdjustableClock.at(START);

	private final AdjustableClock serverClock = AdjustableClock.at(START);

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(this.clock);

	private FakeProgenyServer progeny;

	private final MockWebServer otherServer = new MockWebServer();

	private final List<String> seenAfterUs = new CopyOnWriteArrayList<>();

	private final ConnectionProvider connections = ConnectionProvider.builder("progeny-filter-tests")
		.maxConnections(300)
		.pendingAcquireMaxCount(-1)
		.build();

	private URI baseUrl;

	private ProgenyTokenProvider provider;

	private WebClient webClient;

	@BeforeEach
	void start() throws IOException {
		this.progeny = FakeProgenyServer.builder().clock(this.serverClock).threads(64).start();
		this.otherServer.start(InetAddress.getLoopbackAddress(), 0);
		this.baseUrl = URI.create(this.progeny.baseUrl());
		this.provider = provider(new InMemoryProgenyTokenStore());
		this.webClient = webClient(HttpClient.create(this.connections));
	}

	private ProgenyTokenProvider provider(ProgenyTokenStore store) {
		ProgenyTokenClient client = ProgenyTokenClient.create(this.baseUrl, Duration.ofSeconds(5),
				Duration.ofSeconds(5));
		client.setClock(this.clock);
		ProgenyTokenProvider provider = new ProgenyTokenProvider(client,
				() -> new ProgenyCredentials(this.progeny.username(), this.progeny.password()), store,
				ProgenyTokenSettings.defaults().withMaxJitter(0));
		provider.setClock(this.clock);
		provider.setTaskScheduler(this.scheduler);
		return provider;
	}

	private WebClient webClient(HttpClient httpClient) {
		ExchangeFilterFunction recorder = (request, next) -> {
			this.seenAfterUs.add(String.valueOf(request.headers().getFirst(HttpHeaders.AUTHORIZATION)));
			return next.exchange(request);
		};
		return WebClient.builder()
			.baseUrl(this.baseUrl.toString())
			.clientConnector(new ReactorClientHttpConnector(httpClient.responseTimeout(TIMEOUT)))
			.filter(new ProgenyAuthExchangeFilterFunction(this.provider, this.baseUrl))
			.filter(recorder)
			.build();
	}

	@AfterEach
	void stop() {
		this.provider.close();
		this.progeny.close();
		this.otherServer.close();
		this.connections.disposeLater().block(TIMEOUT);
	}

	private ResponseEntity<String> get(String path) {
		return get(this.webClient, path).block(TIMEOUT);
	}

	private static Mono<ResponseEntity<String>> get(WebClient webClient, String path) {
		return webClient.get()
			.uri(path)
			.retrieve()
			.onStatus((status) -> true, (response) -> Mono.empty())
			.toEntity(String.class);
	}

	private ResponseEntity<String> post(String path, String body) {
		return this.webClient.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.retrieve()
			.onStatus((status) -> true, (response) -> Mono.empty())
			.toEntity(String.class)
			.block(TIMEOUT);
	}

	/**
	 * Makes every access token issued so far stale on the server's clock only.
	 */
	private void expireIssuedTokensOnTheServer() {
		this.serverClock.advance(FakeProgenyServer.DEFAULT_ACCESS_TOKEN_LIFETIME);
	}

	private void failNextApiRequest(int status, String body) {
		this.progeny.faults().failNext(ProgenyEndpoint.API, 1, CannedResponse.of(status).withJsonBody(body));
	}

	private String issuedHeader() {
		String header = this.provider.authorizationHeader();
		assertThat(this.progeny.tokens().issuedTokens()).contains(header.substring("Bearer ".length()));
		return header;
	}

	private static MockResponse ok() {
		return new MockResponse.Builder().code(200).body("{}").build();
	}

	@Test
	void filterWhenRequestToProgenyThenSendsTheBearerToken() {
		assertThat(get(FakeProgenyServer.PING_PATH).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(1);
		assertThat(this.seenAfterUs).containsExactly(issuedHeader());
	}

	@Test
	void filterWhenRequestToAnotherOriginThenSendsNoAuthorization() throws InterruptedException {
		this.otherServer.enqueue(ok());
		get(this.otherServer.url(FakeProgenyServer.PING_PATH).toString());
		RecordedRequest request = this.otherServer.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request.getHeaders().get("Authorization")).isNull();
		assertThat(this.progeny.counters().tokenRequests() + this.progeny.counters().apiRequests()).isZero();
	}

	@Test
	void filterWhenSameHostOnAnotherPortThenSendsNoAuthorization() throws InterruptedException {
		this.otherServer.enqueue(ok());
		get("http://127.0.0.1:" + this.otherServer.getPort() + FakeProgenyServer.PING_PATH);
		assertThat(this.otherServer.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization")).isNull();
		assertThat(this.progeny.counters().obtainRequests()).isEqualTo(0);
	}

	@Test
	void filterWhenCallerSetAuthorizationThenLeavesItAlone() {
		ResponseEntity<String> response = this.webClient.get()
			.uri(FakeProgenyServer.PING_PATH)
			.header(HttpHeaders.AUTHORIZATION, "Basic Y2FsbGVyOm93bg==")
			.retrieve()
			.onStatus((status) -> true, (resp) -> Mono.empty())
			.toEntity(String.class)
			.block(TIMEOUT);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getBody()).contains("Authentication credentials were not provided.");
		assertThat(this.seenAfterUs).containsExactly("Basic Y2FsbGVyOm93bg==");
		assertThat(this.progeny.counters().obtainRequests()).isEqualTo(0);
	}

	@Test
	void filterWhenCallerSetAuthorizationAndAFreshTokenIsHeldThenLeavesItAlone() {
		this.provider.authorizationHeader();
		this.webClient.get()
			.uri(FakeProgenyServer.PING_PATH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer caller-own-token")
			.retrieve()
			.onStatus((status) -> true, (resp) -> Mono.empty())
			.toBodilessEntity()
			.block(TIMEOUT);
		assertThat(this.seenAfterUs).containsExactly("Bearer caller-own-token");
		assertThat(this.progeny.counters().obtainRequests()).isEqualTo(1);
	}

	@Test
	void filterWhenRequestToATokenEndpointThenSendsNoToken() {
		this.provider.authorizationHeader();
		this.webClient.post()
			.uri(FakeProgenyServer.REFRESH_PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"refresh\":\"" + this.provider.token().refreshToken() + "\"}")
			.retrieve()
			.toBodilessEntity()
			.block(TIMEOUT);
		assertThat(this.seenAfterUs).containsExactly("null");
		assertThat(this.progeny.counters().refreshRequests()).isEqualTo(1);
	}

	@Test
	void filterWhenTokenStaleThenReplaysThePostBodyOnceWithANewToken() {
		String first = this.provider.authorizationHeader();
		expireIssuedTokensOnTheServer();
		ResponseEntity<String> response = post(FakeProgenyServer.ECHO_PATH, "{\"cycle\":7}");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo("{\"cycle\":7}");
		String second = issuedHeader();
		assertThat(this.seenAfterUs).containsExactly(first, second);
		assertThat(this.progeny.counters().expiredTokenRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().recordedTokenRequests()).extracting(RecordedTokenRequest::endpoint)
			.containsExactly(ProgenyEndpoint.OBTAIN, ProgenyEndpoint.REFRESH);
		assertThat(this.progeny.counters().refreshRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().obtainRequests()).isEqualTo(1);
	}

	@Test
	void filterWhenTokenStaleThenTheReplayKeepsTheContentTypeTheEncoderSet() {
		this.provider.authorizationHeader();
		expireIssuedTokensOnTheServer();
		ResponseEntity<String> response = this.webClient.post()
			.uri(FakeProgenyServer.ECHO_PATH)
			.bodyValue(new Cycle(7))
			.retrieve()
			.toEntity(String.class)
			.block(TIMEOUT);
		// the fake answers a body without a JSON content type 415 Unsupported Media Type
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo("{\"cycle\":7}");
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(2);
	}

	@Test
	void filterWhenBodyComesFromAOneShotPublisherThenReplaysTheBytesSent() {
		String first = this.provider.authorizationHeader();
		expireIssuedTokensOnTheServer();
		Sinks.Many<DataBuffer> sink = Sinks.many().unicast().onBackpressureBuffer();
		sink.tryEmitNext(buffer("{\"part\":"));
		sink.tryEmitNext(buffer("1}"));
		sink.tryEmitComplete();
		ResponseEntity<String> response = this.webClient.post()
			.uri(FakeProgenyServer.ECHO_PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.body(sink.asFlux(), DataBuffer.class)
			.retrieve()
			.toEntity(String.class)
			.block(TIMEOUT);
		assertThat(response.getBody()).isEqualTo("{\"part\":1}");
		assertThat(this.seenAfterUs).containsExactly(first, issuedHeader());
	}

	@Test
	void filterWhenBodyIsLargerThanTheReplayLimitThenReturnsThe401AndTheNextRequestGetsANewToken() {
		this.provider.authorizationHeader();
		expireIssuedTokensOnTheServer();
		String large = "\"" + "x".repeat(ReplayableBody.MAX_BYTES) + "\"";
		ResponseEntity<String> response = post(FakeProgenyServer.ECHO_PATH, large);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getBody()).isEqualTo(TOKEN_NOT_VALID);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(1);
		assertThat(this.provider.status().phase()).isEqualTo(Phase.UNUSABLE);
		assertThat(post(FakeProgenyServer.ECHO_PATH, "{}").getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.progeny.counters().refreshRequests()).isEqualTo(1);
	}

	@Test
	void filterWhenUnauthorizedWithoutCodeThenTreatsTheTokenAsStale() {
		this.provider.authorizationHeader();
		failNextApiRequest(401, "{\"detail\":\"Authentication credentials were not provided.\"}");
		assertThat(get(FakeProgenyServer.PING_PATH).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(2);
	}

	@Test
	void filterWhenReplayIsRejectedTooThenReturnsTheSecond401WithoutLooping() {
		this.progeny.faults()
			.failNext(ProgenyEndpoint.API, 3, CannedResponse.accessTokenNotValid());
		ResponseEntity<String> response = get(FakeProgenyServer.PING_PATH);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getBody()).isEqualTo(TOKEN_NOT_VALID);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(2);
		assertThat(this.progeny.counters().refreshRequests()).isEqualTo(1);
	}

	@Test
	void filterWhenUserInactiveThenReturnsThe401WithItsBodyWithoutANewLogin() {
		this.provider.authorizationHeader();
		this.progeny.users().deactivate(this.progeny.username());
		ResponseEntity<String> response = get(FakeProgenyServer.PING_PATH);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getBody()).isEqualTo(USER_INACTIVE);
		assertThat(response.getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\"");
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().obtainRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().refreshRequests()).isEqualTo(0);
		assertThat(this.provider.status().phase()).isEqualTo(Phase.FRESH);
	}

	@Test
	void filterWhenUserInactiveThenTheBodyCanBeReadTwice() {
		this.provider.authorizationHeader();
		this.progeny.users().deactivate(this.progeny.username());
		String twice = this.webClient.get()
			.uri(FakeProgenyServer.PING_PATH)
			.exchangeToMono((response) -> {
				Flux<DataBuffer> body = response.bodyToFlux(DataBuffer.class);
				return body.concatWith(body).map((buffer) -> buffer.toString(StandardCharsets.UTF_8)).collectList();
			})
			.map((parts) -> String.join("", parts))
			.block(TIMEOUT);
		assertThat(twice).isEqualTo(USER_INACTIVE + USER_INACTIVE);
	}

	@Test
	void filterWhenChallengeBodyIsLargerThanTheLimitThenReturnsItWhole() {
		String large = "{\"detail\":\"" + "x".repeat(20_000) + "\"}";
		failNextApiRequest(401, large);
		ResponseEntity<String> response = get(FakeProgenyServer.PING_PATH);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getBody()).isEqualTo(large);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(1);
	}

	@Test
	void filterWhenForbiddenWithoutTokenNotValidThenReturnsItWithItsBody() {
		String forbidden = "{\"detail\":\"You do not have permission to perform this action.\"}";
		failNextApiRequest(403, forbidden);
		ResponseEntity<String> response = get(FakeProgenyServer.PING_PATH);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(response.getBody()).isEqualTo(forbidden);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().refreshRequests()).isEqualTo(0);
	}

	@Test
	void filterWhenForbiddenWithTokenNotValidThenReplays() {
		this.provider.authorizationHeader();
		failNextApiRequest(403, TOKEN_NOT_VALID);
		assertThat(get(FakeProgenyServer.PING_PATH).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.progeny.counters().refreshRequests()).isEqualTo(1);
	}

	@Test
	void filterWhenFiftyConcurrentRequestsGet401ForTheSameTokenThenExchangesOnceAndReplaysEachOnce() {
		int requests = 50;
		String first = this.provider.authorizationHeader();
		// every first attempt is held until all have arrived, then answered against the moved server clock
		this.progeny.faults().hangNext(ProgenyEndpoint.API, requests);
		expireIssuedTokensOnTheServer();
		Mono<List<String>> bodies = Flux.range(0, requests)
			.flatMap((n) -> this.webClient.post()
				.uri(FakeProgenyServer.ECHO_PATH)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"n\":" + n + "}")
				.retrieve()
				.bodyToMono(String.class), requests)
			.collectList()
			.cache();
		bodies.subscribe();
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(this.progeny.faults().hungRequests()).isEqualTo(requests));
		this.progeny.faults().releaseHung();
		Set<String> expected = IntStream.range(0, requests)
			.mapToObj((n) -> "{\"n\":" + n + "}")
			.collect(Collectors.toSet());
		assertThat(bodies.block(TIMEOUT)).hasSize(requests).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(this.progeny.counters().tokenRequests() - 1).isOne();
		assertThat(this.progeny.counters().expiredTokenRequests()).isEqualTo(requests);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(2 * requests);
		String second = issuedHeader();
		assertThat(this.seenAfterUs).filteredOn(first::equals).hasSize(requests);
		assertThat(this.seenAfterUs).filteredOn(second::equals).hasSize(requests);
	}

	@Test
	void filterWhenAppliedTwiceThenAuthenticatesOnce() {
		WebClient twice = this.webClient.mutate()
			.filter(new ProgenyAuthExchangeFilterFunction(this.provider, this.baseUrl))
			.build();
		assertThat(get(twice, FakeProgenyServer.PING_PATH).block(TIMEOUT).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().obtainRequests()).isEqualTo(1);
	}

	@Test
	void filterWhenSubscribedAfterTheTokenChangedThenSendsTheTokenCurrentAtSubscription() {
		String first = this.provider.authorizationHeader();
		Mono<ResponseEntity<String>> assembled = get(this.webClient, FakeProgenyServer.PING_PATH);
		this.provider.invalidate(first);
		String second = this.provider.authorizationHeader();
		assertThat(assembled.block(TIMEOUT).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.seenAfterUs).containsExactly(second);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(1);
	}

	@Test
	void filterWhenResubscribedThenReadsTheTokenAgain() {
		String first = this.provider.authorizationHeader();
		Mono<ResponseEntity<String>> request = get(this.webClient, FakeProgenyServer.PING_PATH);
		assertThat(request.block(TIMEOUT).getStatusCode()).isEqualTo(HttpStatus.OK);
		this.provider.invalidate(first);
		String second = this.provider.authorizationHeader();
		assertThat(request.block(TIMEOUT).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.seenAfterUs).containsExactly(first, second);
	}

	@Test
	void filterWhenOneWaitingSubscriberCancelsThenTheTokenExchangeGoesOnForTheOthers() throws Exception {
		this.progeny.faults().hangNext(ProgenyEndpoint.OBTAIN, 1);
		Disposable cancelled = get(this.webClient, FakeProgenyServer.PING_PATH).subscribe();
		await().atMost(TIMEOUT).until(() -> this.progeny.faults().hungRequests() == 1);
		Mono<ResponseEntity<String>> waiting = get(this.webClient, FakeProgenyServer.PING_PATH).cache();
		waiting.subscribe();
		cancelled.dispose();
		this.progeny.faults().releaseHung();
		assertThat(waiting.block(TIMEOUT).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.progeny.counters().obtainRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(1);
		assertThat(this.provider.status().phase()).isEqualTo(Phase.FRESH);
	}

	@Test
	void filterWhenNoTokenCanBeHadThenFailsWithTheProgenyAuthException() {
		this.progeny.users().deactivate(this.progeny.username());
		Throwable failure = catchThrowable(() -> get(FakeProgenyServer.PING_PATH));
		assertThat(failure).isInstanceOf(ProgenyCredentialsRejectedException.class);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(0);
	}

	@Test
	void filterWhenTwoHundredFiftySixSubscribeAtTheMustRefreshMarginOnOneEventLoopThenMakesOneTokenRequest() {
		int requests = 256;
		this.provider.authorizationHeader();
		this.scheduler.advance(Duration.ofSeconds(284));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.UNUSABLE);
		try (SingleEventLoop loop = new SingleEventLoop()) {
			WebClient onOneLoop = webClient(loop.httpClient()).mutate()
				.filters((filters) -> filters.add(0, loop.subscriptionRecorder()))
				.build();
			List<Integer> statuses = Flux.range(0, requests)
				.flatMap((n) -> get(onOneLoop, FakeProgenyServer.PING_PATH).map((response) -> {
					loop.assertOnLoop();
					return response.getStatusCode().value();
				}), requests)
				.subscribeOn(loop.scheduler())
				.collectList()
				.block(TIMEOUT);
			assertThat(statuses).hasSize(requests).containsOnly(200);
			assertThat(loop.subscriptionThreads()).containsOnly(loop.threadName());
		}
		assertThat(this.progeny.counters().obtainRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().refreshRequests()).as("one token request for 256 waiting requests")
			.isEqualTo(1);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(requests);
	}

	/**
	 * While the exchange thread holds the provider's lock (it installs a new token: the
	 * jitter is drawn under the lock, and this test holds it there), a request on the
	 * event loop and the provider's asynchronous calls made on the loop go on: none waits
	 * for that lock. A caller that took it with {@code lock()} would park the loop, and
	 * BlockHound would fail the call and the test.
	 */
	@Test
	void filterWhenTheExchangeThreadHoldsTheProvidersLockThenTheEventLoopNeverWaitsForIt() throws Exception {
		CountDownLatch installing = new CountDownLatch(1);
		CountDownLatch releaseInstall = new CountDownLatch(1);
		String first = this.provider.authorizationHeader();
		this.provider.setJitter(() -> {
			installing.countDown();
			awaitQuietly(releaseInstall);
			return 0;
		});
		this.scheduler.advance(Duration.ofSeconds(250));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.STALE);
		try (SingleEventLoop loop = new SingleEventLoop()) {
			WebClient onOneLoop = webClient(loop.httpClient());
			assertThat(get(onOneLoop, FakeProgenyServer.PING_PATH).block(TIMEOUT).getStatusCode())
				.as("the stale token is sent while it is renewed")
				.isEqualTo(HttpStatus.OK);
			assertThat(installing.await(10, TimeUnit.SECONDS)).as("the exchange thread holds the lock").isTrue();
			Future<OnTheLoop> calls = loop.submit(() -> {
				String stale = this.provider.authorizationHeaderAsync().getNow(null);
				boolean invalidated = this.provider.invalidate(first);
				return new OnTheLoop(stale, invalidated, this.provider.authorizationHeaderAsync());
			});
			OnTheLoop onTheLoop;
			try {
				onTheLoop = calls.get(10, TimeUnit.SECONDS);
				assertThat(BlockHoundGuard.takeViolations()).as("blocking calls on the event loop").isEmpty();
				assertThat(onTheLoop.stale()).isEqualTo(first);
				assertThat(onTheLoop.invalidated()).isTrue();
				assertThat(onTheLoop.next()).as("waits for the exchange in flight").isNotDone();
			}
			finally {
				releaseInstall.countDown();
			}
			String next = onTheLoop.next().get(10, TimeUnit.SECONDS);
			assertThat(next).startsWith("Bearer ").isNotEqualTo(first);
			assertThat(get(onOneLoop, FakeProgenyServer.PING_PATH).subscribeOn(loop.scheduler()).block(TIMEOUT)
				.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(this.seenAfterUs).last().isEqualTo(next);
		}
		assertThat(this.progeny.counters().obtainRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().refreshRequests())
			.as("one renewal for the stale and the invalidated token")
			.isEqualTo(1);
	}

	private static DataBuffer buffer(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Cycle(int cycle) {

	}

	/**
	 * What the provider answered on the event loop while its lock was held.
	 */
	record OnTheLoop(@Nullable String stale, boolean invalidated, CompletableFuture<String> next) {

	}

}
