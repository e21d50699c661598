package tech.progeny.auth.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class FakeProgenyFaultsTests {

	// before the server: threads of servers other test classes keep (a cached Spring context's) stay out of the check
	private final Set<Thread> threadsBeforeTheServer = serverThreads();

	private final FakeProgenyServer server = FakeProgenyServer.start();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void failNextWhenSetForRefreshThenAnswersTheStatusThatManyTimesThenRecovers() {
		this.server.faults().failNext(ProgenyEndpoint.REFRESH, 2, 503);
		String refresh = this.server.tokens().refresh(FakeProgenyServer.DEFAULT_USERNAME);
		assertThat(obtain().statusCode()).isEqualTo(200);
		assertThat(refresh(refresh).statusCode()).isEqualTo(503);
		assertThat(refresh(refresh).body()).isEmpty();
		assertThat(refresh(refresh).statusCode()).isEqualTo(200);
		assertThat(this.server.counters().refreshRequests()).isEqualTo(3);
	}

	@Test
	void failNextWhenCannedResponseThenAnswersItsHeadersAndBody() {
		this.server.faults()
			.failNext(1, CannedResponse.of(429).withHeader("Retry-After", "7").withJsonBody("{\"detail\":\"slow down\"}"));
		HttpResponse<String> response = obtain();
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.body()).isEqualTo("{\"detail\":\"slow down\"}");
		assertThat(obtain().statusCode()).isEqualTo(200);
	}

	@Test
	void failNextWhenAccessTokenNotValidThenAnswersAsTheServerAnswersATokenItRejects() {
		HttpResponse<String> rejected = Http.get(this.server.url(FakeProgenyServer.PING_PATH), "Authorization",
				"Bearer garbage");
		this.server.faults().failNext(ProgenyEndpoint.API, 1, CannedResponse.accessTokenNotValid());
		HttpResponse<String> canned = Http.get(this.server.url(FakeProgenyServer.PING_PATH), "Authorization",
				"Bearer " + this.server.tokens().access(FakeProgenyServer.DEFAULT_USERNAME));
		assertThat(canned.statusCode()).isEqualTo(rejected.statusCode()).isEqualTo(401);
		assertThat(canned.body()).isEqualTo(rejected.body()).contains("\"code\":\"token_not_valid\"");
		for (String header : new String[] { "WWW-Authenticate", "Content-Type" }) {
			assertThat(canned.headers().firstValue(header)).as(header)
				.isPresent()
				.isEqualTo(rejected.headers().firstValue(header));
		}
	}

	@Test
	void failNextWhenForTokenEndpointsThenLeavesTheApiAlone() {
		this.server.faults().failNext(1, 500);
		HttpResponse<String> ping = Http.get(this.server.url(FakeProgenyServer.PING_PATH), "Authorization",
				"Bearer " + this.server.tokens().access(FakeProgenyServer.DEFAULT_USERNAME));
		assertThat(ping.statusCode()).isEqualTo(200);
		assertThat(obtain().statusCode()).isEqualTo(500);
	}

	@Test
	void dropNextThenTheClientSeesAnIoErrorThenRecovers() {
		this.server.faults().dropNext(ProgenyEndpoint.OBTAIN, 1);
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(this::obtain)
			.withCauseInstanceOf(IOException.class);
		assertThat(obtain().statusCode()).isEqualTo(200);
		assertThat(this.server.counters().obtainRequests()).isEqualTo(2);
	}

	@Test
	void truncateNextThenTheClientSeesAnIoErrorThenRecovers() {
		this.server.faults().truncateNext(1);
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(this::obtain)
			.withCauseInstanceOf(IOException.class);
		assertThat(obtain().statusCode()).isEqualTo(200);
	}

	@Test
	void hangNextThenHoldsTheRequestUntilReleased() throws Exception {
		this.server.faults().hangNext(1);
		CompletableFuture<HttpResponse<String>> hung = obtainAsync();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.server.faults().hungRequests() == 1);
		assertThat(hung).isNotDone();
		assertThat(obtain().statusCode()).isEqualTo(200);
		this.server.faults().releaseHung();
		assertThat(hung.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	@Test
	void closeWhenRequestsHangOrWaitThenReturnsPromptlyAndDropsThem() {
		this.server.faults().hangNext(ProgenyEndpoint.OBTAIN, 1).delay(ProgenyEndpoint.REFRESH, Duration.ofMinutes(5));
		CompletableFuture<HttpResponse<String>> hung = obtainAsync();
		CompletableFuture<HttpResponse<String>> delayed = Http.CLIENT.sendAsync(refreshRequest("x"),
				HttpResponse.BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.server.faults().hungRequests() == 1 && this.server.counters().refreshRequests() == 1);
		Set<Thread> started = serverThreads();
		started.removeAll(this.threadsBeforeTheServer);
		assertThat(started).as("the server's accept and connection threads").hasSizeGreaterThanOrEqualTo(3);
		long start = System.nanoTime();
		this.server.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(hung).failsWithin(Duration.ofSeconds(5));
		assertThat(delayed).failsWithin(Duration.ofSeconds(5));
		// MockWebServer's idle workers end right after close() returns
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(started).noneMatch(Thread::isAlive));
	}

	@Test
	void threadsWhenEveryOneIsHeldByAHangThenTheNextRequestWaitsUntilReleased() throws Exception {
		try (FakeProgenyServer single = FakeProgenyServer.builder().threads(1).start()) {
			single.faults().hangNext(ProgenyEndpoint.OBTAIN, 1);
			CompletableFuture<HttpResponse<String>> hung = obtainAsync(single);
			await().atMost(Duration.ofSeconds(5)).until(() -> single.faults().hungRequests() == 1);
			CompletableFuture<HttpResponse<String>> waiting = obtainAsync(single);
			// without the bound the second request is answered at once; it stays unanswered for as long as we look
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
			assertThat(single.counters().obtainRequests()).isEqualTo(1);
			single.faults().releaseHung();
			assertThat(hung.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			assertThat(waiting.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			assertThat(single.counters().obtainRequests()).isEqualTo(2);
		}
	}

	@Test
	void closeWhenRequestsWaitForAThreadThenDropsThem() {
		FakeProgenyServer single = FakeProgenyServer.builder().threads(1).start();
		single.faults().hangNext(ProgenyEndpoint.OBTAIN, 1);
		CompletableFuture<HttpResponse<String>> hung = obtainAsync(single);
		await().atMost(Duration.ofSeconds(5)).until(() -> single.faults().hungRequests() == 1);
		CompletableFuture<HttpResponse<String>> waiting = obtainAsync(single);
		long start = System.nanoTime();
		single.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(hung).failsWithin(Duration.ofSeconds(5));
		assertThat(waiting).failsWithin(Duration.ofSeconds(5));
		assertThat(single.counters().obtainRequests()).isEqualTo(1);
	}

	@Test
	void delayThenAnswersAfterIt() {
		this.server.faults().delay(Duration.ofMillis(200));
		long start = System.nanoTime();
		assertThat(obtain().statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		this.server.faults().reset();
		start = System.nanoTime();
		obtain();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
	}

	@Test
	void countersWhenTokenRequestsOverlapThenRecordTheHighestConcurrency() {
		this.server.faults().delay(ProgenyEndpoint.TOKEN, Duration.ofMillis(300));
		CompletableFuture<?> all = CompletableFuture.allOf(obtainAsync(), obtainAsync(), obtainAsync());
		all.join();
		assertThat(this.server.counters().maxConcurrentTokenRequests()).isEqualTo(3);
		assertThat(this.server.counters().obtainRequests()).isEqualTo(3);
		this.server.counters().reset();
		this.server.faults().reset();
		obtain();
		assertThat(this.server.counters().maxConcurrentTokenRequests()).isEqualTo(1);
		assertThat(this.server.counters().recordedTokenRequests()).singleElement().satisfies((request) -> {
			assertThat(request.endpoint()).isEqualTo(ProgenyEndpoint.OBTAIN);
			assertThat(request.body()).isEqualTo(Http.credentials("progeny-demo", "demo-password"));
			assertThat(request.contentType()).isEqualTo("application/json");
			assertThat(request.toString()).doesNotContain("demo-password");
		});
	}

	@Test
	void resetWhenCalledThenClearsFaultsUsersAndBlacklist() {
		String refresh = this.server.tokens().refresh(FakeProgenyServer.DEFAULT_USERNAME);
		this.server.tokens().blacklist(refresh);
		this.server.users().changePassword(FakeProgenyServer.DEFAULT_USERNAME, "other");
		this.server.faults().failNext(5, 500);
		this.server.reset();
		assertThat(obtain().statusCode()).isEqualTo(200);
		assertThat(refresh(refresh).statusCode()).isEqualTo(200);
		assertThat(this.server.counters().tokenRequests()).isEqualTo(2);
	}

	/**
	 * Live threads of MockWebServer, the fake's server, in this JVM.
	 */
	private static Set<Thread> serverThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> thread.getName().startsWith("MockWebServer"))
			.collect(Collectors.toSet());
	}

	private HttpResponse<String> obtain() {
		return Http.postJson(this.server.url(FakeProgenyServer.OBTAIN_PATH),
				Http.credentials(this.server.username(), this.server.password()));
	}

	private CompletableFuture<HttpResponse<String>> obtainAsync() {
		return obtainAsync(this.server);
	}

	private static CompletableFuture<HttpResponse<String>> obtainAsync(FakeProgenyServer server) {
		HttpRequest request = HttpRequest.newBuilder(server.url(FakeProgenyServer.OBTAIN_PATH))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(Http.credentials(server.username(), server.password())))
			.build();
		return Http.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> refresh(String token) {
		return Http.postJson(this.server.url(FakeProgenyServer.REFRESH_PATH), "{\"refresh\":\"" + token + "\"}");
	}

	private HttpRequest refreshRequest(String token) {
		return HttpRequest.newBuilder(this.server.url(FakeProgenyServer.REFRESH_PATH))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"refresh\":\"" + token + "\"}"))
			.build();
	}

}
