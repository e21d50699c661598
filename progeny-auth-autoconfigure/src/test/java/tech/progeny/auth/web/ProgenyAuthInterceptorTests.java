package tech.progeny.auth.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.support.ManualTaskScheduler;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link ProgenyAuthInterceptor} against a fake Progeny. The fake reads time from its own clock: moving it
 * one access token lifetime ahead makes the token the client holds (still fresh on the client's clock) stale, so
 * the fake answers it 401 {@code token_not_valid} as Progeny does.
 */
class ProgenyAuthInterceptorTests {

	private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");


	private final AdjustableClock clock = AdjustableClock.at(START);

	private final AdjustableClock serverClock = AdjustableClock.at(START);

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(this.clock);

	private final MockWebServer otherServer = new MockWebServer();

	private final List<String> seenAfterUs = new CopyOnWriteArrayList<>();

	private FakeProgenyServer progeny;

	private ProgenyTokenProvider provider;

	private RestClient restClient;

	@BeforeEach
	void start() throws IOException {
		this.progeny = FakeProgenyServer.builder().clock(this.serverClock).threads(64).start();
		this.otherServer.start(InetAddress.getLoopbackAddress(), 0);
		URI baseUrl = URI.create(this.progeny.baseUrl());
		ProgenyTokenClient client = ProgenyTokenClient.create(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(5));
		client.setClock(this.clock);
		this.provider = new ProgenyTokenProvider(client, this::credentials, new InMemoryProgenyTokenStore(),
				ProgenyTokenSettings.defaults().withMaxJitter(0));
		this.provider.setClock(this.clock);
		this.provider.setTaskScheduler(this.scheduler);
		this.provider.setTicker(this.scheduler.ticker());
		ClientHttpRequestInterceptor recorder = (request, body, execution) -> {
			this.seenAfterUs.add(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION) + " " + new String(body));
			return execution.execute(request, body);
		};
		this.restClient = RestClient.builder()
			.baseUrl(baseUrl.toString())
			.requestFactory(requestFactory())
			.requestInterceptor(new ProgenyAuthInterceptor(this.provider, baseUrl))
			.requestInterceptor(recorder)
			.build();
	}

	private ProgenyCredentials credentials() {
		return new ProgenyCredentials(this.progeny.username(), this.progeny.password());
	}

	private static JdkClientHttpRequestFactory requestFactory() {
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory();
		requestFactory.setReadTimeout(Duration.ofSeconds(10));
		return requestFactory;
	}

	@AfterEach
	void stop() {
		this.provider.close();
		this.progeny.close();
		this.otherServer.close();
	}

	private ResponseEntity<String> get(String path) {
		return this.restClient.get().uri(path).retrieve().onStatus((status) -> true, (request, response) -> {
		}).toEntity(String.class);
	}

	private ResponseEntity<String> post(String path, String body) {
		return this.restClient.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.onStatus((status) -> true, (request, response) -> {
			})
			.toEntity(String.class);
	}

	/**
	 * Makes every access token issued so far stale on the server's clock only.
	 */
	private void expireIssuedTokensOnTheServer() {
		this.serverClock.advance(FakeProgenyServer.DEFAULT_ACCESS_TOKEN_LIFETIME);
	}

	private String issuedHeader() {
		String header = this.provider.authorizationHeader();
		assertThat(this.progeny.tokens().issuedTokens()).contains(header.substring("Bearer ".length()));
		return header;
	}

	@Test
	void interceptWhenRequestToProgenyThenSendsTheBearerToken() {
		assertThat(get(FakeProgenyServer.PING_PATH).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(1);
		assertThat(this.seenAfterUs).containsExactly(issuedHeader() + " ");
	}

	@Test
	void interceptWhenRequestToAnotherOriginThenSendsNoAuthorization() throws InterruptedException {
		this.otherServer.enqueue(new MockResponse.Builder().code(200).body("{}").build());
		this.restClient.get()
			.uri(this.otherServer.url(FakeProgenyServer.PING_PATH).toString())
			.retrieve()
			.toBodilessEntity();
		RecordedRequest request = this.otherServer.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request.getHeaders().get("Authorization")).isNull();
		assertThat(this.progeny.counters().tokenRequests() + this.progeny.counters().apiRequests()).isZero();
	}

	@Test
	void interceptWhenCallerSetAuthorizationThenLeavesItAlone() {
		ResponseEntity<String> response = this.restClient.get()
			.uri(FakeProgenyServer.PING_PATH)
			.header(HttpHeaders.AUTHORIZATION, "Basic Y2FsbGVyOm93bg==")
			.retrieve()
			.onStatus((status) -> true, (request, resp) -> {
			})
			.toEntity(String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getBody()).contains("Authentication credentials were not provided.");
		assertThat(this.seenAfterUs).containsExactly("Basic Y2FsbGVyOm93bg== ");
		assertThat(this.progeny.counters().obtainRequests()).isZero();
	}

	@Test
	void interceptWhenCallerSetAuthorizationAndAFreshTokenIsHeldThenLeavesItAlone() {
		this.provider.authorizationHeader();
		this.restClient.get()
			.uri(FakeProgenyServer.PING_PATH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer caller-own-token")
			.retrieve()
			.onStatus((status) -> true, (request, resp) -> {
			})
			.toBodilessEntity();
		assertThat(this.seenAfterUs).containsExactly("Bearer caller-own-token ");
		assertThat(this.progeny.counters().obtainRequests()).isEqualTo(1);
	}

	@Test
	void interceptWhenTokenStaleThenReplaysThePostBodyOnceWithANewToken() {
		String first = this.provider.authorizationHeader();
		expireIssuedTokensOnTheServer();
		ResponseEntity<String> response = post(FakeProgenyServer.ECHO_PATH, "{\"cycle\":7}");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo("{\"cycle\":7}");
		String second = issuedHeader();
		assertThat(second).isNotEqualTo(first);
		assertThat(this.seenAfterUs).containsExactly(first + " {\"cycle\":7}", second + " {\"cycle\":7}");
		assertThat(this.progeny.counters().expiredTokenRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().refreshRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().obtainRequests()).isEqualTo(1);
	}

	@Test
	void interceptWhenUnauthorizedWithoutCodeThenTreatsTheTokenAsStale() {
		this.provider.authorizationHeader();
		this.progeny.faults()
			.failNext(ProgenyEndpoint.API, 1, CannedResponse.of(401)
				.withJsonBody("{\"detail\":\"Authentication credentials were not provided.\"}"));
		assertThat(get(FakeProgenyServer.PING_PATH).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(2);
		assertThat(this.progeny.counters().refreshRequests()).isEqualTo(1);
	}

	@Test
	void interceptWhenReplayIsRejectedTooThenReturnsTheSecond401WithoutLooping() {
		this.progeny.faults()
			.failNext(ProgenyEndpoint.API, 3, CannedResponse.accessTokenNotValid());
		ResponseEntity<String> response = get(FakeProgenyServer.PING_PATH);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getBody()).contains("token_not_valid");
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(2);
		assertThat(this.progeny.counters().refreshRequests()).isEqualTo(1);
	}

	@Test
	void interceptWhenUserInactiveThenReturnsThe401UntouchedWithoutANewLogin() {
		this.provider.authorizationHeader();
		this.progeny.users().deactivate(this.progeny.username());
		ResponseEntity<String> response = get(FakeProgenyServer.PING_PATH);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getBody()).isEqualTo("{\"detail\":\"User is inactive\",\"code\":\"user_inactive\"}");
		assertThat(response.getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\"");
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().obtainRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().refreshRequests()).isZero();
	}

	@Test
	void interceptWhenForbiddenWithoutTokenNotValidThenReturnsItUntouched() {
		this.progeny.faults()
			.failNext(ProgenyEndpoint.API, 1, CannedResponse.of(403)
				.withJsonBody("{\"detail\":\"You do not have permission to perform this action.\"}"));
		ResponseEntity<String> response = get(FakeProgenyServer.PING_PATH);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(response.getBody()).contains("permission");
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().refreshRequests()).isZero();
	}

	@Test
	void interceptWhenForbiddenWithTokenNotValidThenReplays() {
		this.provider.authorizationHeader();
		this.progeny.faults()
			.failNext(ProgenyEndpoint.API, 1,
					CannedResponse.of(403).withJsonBody(CannedResponse.accessTokenNotValid().body()));
		assertThat(get(FakeProgenyServer.PING_PATH).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.progeny.counters().refreshRequests()).isEqualTo(1);
	}

	@Test
	void interceptWhenFiftyConcurrentRequestsGet401ForTheSameTokenThenRefreshesOnceAndReplaysEachOnce()
			throws Exception {
		int threads = 50;
		String first = this.provider.authorizationHeader();
		// every first attempt is held until all have arrived, then answered against the moved server clock
		this.progeny.faults().hangNext(ProgenyEndpoint.API, threads);
		expireIssuedTokensOnTheServer();
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CyclicBarrier start = new CyclicBarrier(threads);
			List<Future<ResponseEntity<String>>> responses = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				int n = i;
				responses.add(executor.submit(() -> {
					start.await();
					return post(FakeProgenyServer.ECHO_PATH, "{\"n\":" + n + "}");
				}));
			}
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(this.progeny.faults().hungRequests()).isEqualTo(threads));
			this.progeny.faults().releaseHung();
			for (Future<ResponseEntity<String>> response : responses) {
				assertThat(response.get(20, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.OK);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.progeny.counters().tokenRequests() - 1).isOne();
		assertThat(this.progeny.counters().expiredTokenRequests()).isEqualTo(threads);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(2 * threads);
		String second = issuedHeader();
		assertThat(this.seenAfterUs).filteredOn((seen) -> seen.startsWith(first)).hasSize(threads);
		assertThat(this.seenAfterUs).filteredOn((seen) -> seen.startsWith(second)).hasSize(threads);
		for (int n = 0; n < threads; n++) {
			assertThat(this.seenAfterUs).contains(second + " {\"n\":" + n + "}");
		}
	}

	@Test
	void interceptWhenAppliedTwiceThenAuthenticatesOnce() {
		URI baseUrl = URI.create(this.progeny.baseUrl());
		RestClient twice = this.restClient.mutate()
			.requestInterceptor(new ProgenyAuthInterceptor(this.provider, baseUrl))
			.build();
		assertThat(twice.get().uri(FakeProgenyServer.PING_PATH).retrieve().toEntity(String.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(1);
		assertThat(this.progeny.counters().obtainRequests()).isEqualTo(1);
	}

	@Test
	void obtainWhenTokenClientIsBuiltOnAnInterceptedClientThenDoesNotWaitOnItself() {
		URI baseUrl = URI.create(this.progeny.baseUrl());
		ProgenyTokenClient intercepted = new ProgenyTokenClient(this.restClient, baseUrl);
		intercepted.setClock(this.clock);
		ProgenyTokenProvider provider = new ProgenyTokenProvider(intercepted, this::credentials,
				new InMemoryProgenyTokenStore(), ProgenyTokenSettings.defaults());
		provider.setClock(this.clock);
		try {
			String header = provider.authorizationHeader();
			assertThat(this.progeny.tokens().issuedTokens()).contains(header.substring("Bearer ".length()));
			assertThat(this.seenAfterUs).containsExactly("null {\"username\":\"" + this.progeny.username()
					+ "\",\"password\":\"" + this.progeny.password() + "\"}");
		}
		finally {
			provider.close();
		}
	}

}
