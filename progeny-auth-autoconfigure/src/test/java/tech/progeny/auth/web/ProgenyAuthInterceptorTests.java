package tech.progeny.auth.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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
import tech.progeny.auth.support.ProgenyDispatcher;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.progeny.auth.support.ProgenyDispatcher.unauthorized;

class ProgenyAuthInterceptorTests {

	private final AdjustableClock clock = AdjustableClock.at(Instant.parse("2026-03-01T10:00:00Z"));

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(this.clock);

	private final ProgenyDispatcher progeny = new ProgenyDispatcher(this.clock);

	private final MockWebServer server = new MockWebServer();

	private final MockWebServer otherServer = new MockWebServer();

	private final List<String> seenAfterUs = new CopyOnWriteArrayList<>();

	private ProgenyTokenProvider provider;

	private RestClient restClient;

	@BeforeEach
	void start() throws IOException {
		this.server.setDispatcher(this.progeny);
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
		this.otherServer.start(InetAddress.getByName("127.0.0.1"), 0);
		URI baseUrl = URI.create(this.server.url("/").toString());
		ProgenyTokenClient client = ProgenyTokenClient.create(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(5));
		client.setClock(this.clock);
		this.provider = new ProgenyTokenProvider(client, () -> new ProgenyCredentials("clinic", "s3cret-Passw0rd"),
				new InMemoryProgenyTokenStore(), ProgenyTokenSettings.defaults().withMaxJitter(0));
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

	private static JdkClientHttpRequestFactory requestFactory() {
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory();
		requestFactory.setReadTimeout(Duration.ofSeconds(10));
		return requestFactory;
	}

	@AfterEach
	void stop() {
		this.provider.close();
		this.server.close();
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

	@Test
	void interceptWhenRequestToProgenyThenSendsTheBearerToken() throws InterruptedException {
		assertThat(get("/api/v3/demo/ping/").getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.progeny.apiCalls).hasValue(1);
		assertThat(this.seenAfterUs).containsExactly("Bearer " + this.progeny.latestAccessToken() + " ");
	}

	@Test
	void interceptWhenRequestToAnotherOriginThenSendsNoAuthorization() throws InterruptedException {
		this.otherServer.enqueue(ProgenyDispatcher.json(200, "{}"));
		this.restClient.get().uri(this.otherServer.url("/api/v3/demo/ping/").toString()).retrieve().toBodilessEntity();
		RecordedRequest request = this.otherServer.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request.getHeaders().get("Authorization")).isNull();
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void interceptWhenCallerSetAuthorizationThenLeavesItAlone() {
		ResponseEntity<String> response = this.restClient.get()
			.uri("/api/v3/demo/ping/")
			.header(HttpHeaders.AUTHORIZATION, "Basic Y2FsbGVyOm93bg==")
			.retrieve()
			.onStatus((status) -> true, (request, resp) -> {
			})
			.toEntity(String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(this.seenAfterUs).containsExactly("Basic Y2FsbGVyOm93bg== ");
		assertThat(this.progeny.obtains).hasValue(0);
	}

	@Test
	void interceptWhenCallerSetAuthorizationAndAFreshTokenIsHeldThenLeavesItAlone() {
		this.provider.authorizationHeader();
		this.restClient.get()
			.uri("/api/v3/demo/ping/")
			.header(HttpHeaders.AUTHORIZATION, "Bearer caller-own-token")
			.retrieve()
			.onStatus((status) -> true, (request, resp) -> {
			})
			.toBodilessEntity();
		assertThat(this.seenAfterUs).containsExactly("Bearer caller-own-token ");
		assertThat(this.progeny.obtains).hasValue(1);
	}

	@Test
	void interceptWhenTokenStaleThenReplaysThePostBodyOnceWithANewToken() {
		String first = this.provider.authorizationHeader();
		this.progeny.onApi((request) -> {
			String authorization = request.getHeaders().get("Authorization");
			return first.equals(authorization) ? unauthorized(ProgenyDispatcher.TOKEN_NOT_VALID)
					: ProgenyDispatcher.json(200, "{\"echo\":" + request.getBody().utf8() + "}");
		});
		ResponseEntity<String> response = post("/api/v3/demo/echo/", "{\"cycle\":7}");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo("{\"echo\":{\"cycle\":7}}");
		assertThat(this.seenAfterUs).containsExactly(first + " {\"cycle\":7}",
				"Bearer " + this.progeny.latestAccessToken() + " {\"cycle\":7}");
		assertThat(this.progeny.refreshes).hasValue(1);
		assertThat(this.progeny.obtains).hasValue(1);
	}

	@Test
	void interceptWhenUnauthorizedWithoutCodeThenTreatsTheTokenAsStale() {
		String first = this.provider.authorizationHeader();
		this.progeny.onApi((request) -> first.equals(request.getHeaders().get("Authorization"))
				? unauthorized("{\"detail\":\"Authentication credentials were not provided.\"}")
				: ProgenyDispatcher.json(200, "{}"));
		assertThat(get("/api/v3/demo/ping/").getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.progeny.apiCalls).hasValue(2);
	}

	@Test
	void interceptWhenReplayIsRejectedToThenReturnsTheSecond401WithoutLooping() {
		this.progeny.onApi((request) -> unauthorized(ProgenyDispatcher.TOKEN_NOT_VALID));
		ResponseEntity<String> response = get("/api/v3/demo/ping/");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getBody()).contains("token_not_valid");
		assertThat(this.progeny.apiCalls).hasValue(2);
		assertThat(this.progeny.refreshes).hasValue(1);
	}

	@Test
	void interceptWhenUserInactiveThenReturnsThe401UntouchedWithoutANewLogin() {
		this.progeny.onApi((request) -> unauthorized("{\"detail\":\"User is inactive\",\"code\":\"user_inactive\"}"));
		ResponseEntity<String> response = get("/api/v3/demo/ping/");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getBody()).isEqualTo("{\"detail\":\"User is inactive\",\"code\":\"user_inactive\"}");
		assertThat(response.getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\"");
		assertThat(this.progeny.apiCalls).hasValue(1);
		assertThat(this.progeny.obtains).hasValue(1);
		assertThat(this.progeny.refreshes).hasValue(0);
	}

	@Test
	void interceptWhenForbiddenWithoutTokenNotValidThenReturnsItUntouched() {
		this.progeny.onApi((request) -> ProgenyDispatcher.json(403,
				"{\"detail\":\"You do not have permission to perform this action.\"}"));
		ResponseEntity<String> response = get("/api/v3/demo/ping/");
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(response.getBody()).contains("permission");
		assertThat(this.progeny.apiCalls).hasValue(1);
		assertThat(this.progeny.refreshes).hasValue(0);
	}

	@Test
	void interceptWhenForbiddenWithTokenNotValidThenReplays() {
		String first = this.provider.authorizationHeader();
		this.progeny.onApi((request) -> first.equals(request.getHeaders().get("Authorization"))
				? ProgenyDispatcher.json(403, ProgenyDispatcher.TOKEN_NOT_VALID) : ProgenyDispatcher.json(200, "{}"));
		assertThat(get("/api/v3/demo/ping/").getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.progeny.refreshes).hasValue(1);
	}

	@Test
	void fiftyConcurrent401sForTheSameTokenCauseOneRefreshAndOneReplayEach() throws Exception {
		int threads = 50;
		String first = this.provider.authorizationHeader();
		CountDownLatch allRejectedRequestsArrived = new CountDownLatch(threads);
		this.progeny.onApi((request) -> {
			if (first.equals(request.getHeaders().get("Authorization"))) {
				allRejectedRequestsArrived.countDown();
				awaitQuietly(allRejectedRequestsArrived);
				return unauthorized(ProgenyDispatcher.TOKEN_NOT_VALID);
			}
			return ProgenyDispatcher.json(200, "{}");
		});
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CyclicBarrier start = new CyclicBarrier(threads);
			List<Future<ResponseEntity<String>>> responses = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				int n = i;
				responses.add(executor.submit(() -> {
					start.await();
					return post("/api/v3/demo/echo/", "{\"n\":" + n + "}");
				}));
			}
			for (Future<ResponseEntity<String>> response : responses) {
				assertThat(response.get(20, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.OK);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.progeny.refreshes.get() + this.progeny.obtains.get() - 1).isOne();
		assertThat(this.progeny.apiCalls).hasValue(2 * threads);
		String second = "Bearer " + this.progeny.latestAccessToken();
		assertThat(this.seenAfterUs).filteredOn((seen) -> seen.startsWith(first)).hasSize(threads);
		assertThat(this.seenAfterUs).filteredOn((seen) -> seen.startsWith(second)).hasSize(threads);
		for (int n = 0; n < threads; n++) {
			assertThat(this.seenAfterUs).contains(second + " {\"n\":" + n + "}");
		}
	}

	@Test
	void interceptorAppliedTwiceAuthenticatesOnce() {
		URI baseUrl = URI.create(this.server.url("/").toString());
		RestClient twice = this.restClient.mutate()
			.requestInterceptor(new ProgenyAuthInterceptor(this.provider, baseUrl))
			.build();
		assertThat(twice.get().uri("/api/v3/demo/ping/").retrieve().toEntity(String.class).getStatusCode())
			.isEqualTo(HttpStatus.OK);
		assertThat(this.progeny.apiCalls).hasValue(1);
		assertThat(this.progeny.obtains).hasValue(1);
	}

	@Test
	void tokenClientBuiltOnAnInterceptedBuilderDoesNotWaitOnItself() {
		URI baseUrl = URI.create(this.server.url("/").toString());
		ProgenyTokenClient intercepted = new ProgenyTokenClient(this.restClient, baseUrl);
		intercepted.setClock(this.clock);
		ProgenyTokenProvider provider = new ProgenyTokenProvider(intercepted,
				() -> new ProgenyCredentials("clinic", "s3cret-Passw0rd"), new InMemoryProgenyTokenStore(),
				ProgenyTokenSettings.defaults());
		provider.setClock(this.clock);
		try {
			assertThat(provider.authorizationHeader()).isEqualTo("Bearer " + this.progeny.latestAccessToken());
			assertThat(this.seenAfterUs).containsExactly("null {\"username\":\"clinic\",\"password\":\"s3cret-Passw0rd\"}");
		}
		finally {
			provider.close();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
