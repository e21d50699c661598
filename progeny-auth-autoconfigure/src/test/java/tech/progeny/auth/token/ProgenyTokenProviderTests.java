package tech.progeny.auth.token;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.ExponentialBackOff;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.client.ProgenyRequestRejectedException;
import tech.progeny.auth.client.ProgenyServerUnavailableException;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.client.ProgenyTokenResponse;
import tech.progeny.auth.support.ManualTaskScheduler;
import tech.progeny.auth.support.MutableClock;
import tech.progeny.auth.support.ProgenyDispatcher;
import tech.progeny.auth.support.TestJwts;
import tech.progeny.auth.token.ProgenyTokenStatus.Phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static tech.progeny.auth.support.ProgenyDispatcher.json;
import static tech.progeny.auth.support.ProgenyDispatcher.unauthorized;

class ProgenyTokenProviderTests {

	private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	private static final String PASSWORD = "s3cret-Passw0rd";

	private static final String REFRESH_REJECTED = "{\"detail\":\"Token is invalid or expired\",\"code\":\"token_not_valid\"}";

	private final MutableClock clock = new MutableClock(START);

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(this.clock);

	private final ProgenyDispatcher progeny = new ProgenyDispatcher(this.clock);

	private final AtomicReference<ProgenyCredentials> credentials = new AtomicReference<>(
			new ProgenyCredentials("clinic", PASSWORD));

	private final InMemoryProgenyTokenStore store = new InMemoryProgenyTokenStore();

	private final MockWebServer server = new MockWebServer();

	private ProgenyTokenProvider provider;

	@BeforeEach
	void start() throws IOException {
		this.server.setDispatcher(this.progeny);
		this.server.start(InetAddress.getByName("127.0.0.1"), 0);
		this.provider = provider(settings());
	}

	@AfterEach
	void stop() {
		this.provider.close();
		this.server.close();
	}

	private static ProgenyTokenSettings settings() {
		return ProgenyTokenSettings.defaults()
			.withMaxJitter(0)
			.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
	}

	private ProgenyTokenProvider provider(ProgenyTokenSettings settings) {
		ProgenyTokenClient client = ProgenyTokenClient.create(URI.create(this.server.url("/").toString()),
				settings.connectTimeout(), settings.readTimeout());
		client.setClock(this.clock);
		ProgenyTokenProvider provider = new ProgenyTokenProvider(client, this.credentials::get, this.store, settings);
		provider.setClock(this.clock);
		provider.setTaskScheduler(this.scheduler);
		provider.setTicker(this.scheduler.ticker());
		provider.setRefreshBackOff(backOff(100, 10_000));
		provider.setLoginBackOff(backOff(1_000, 300_000));
		return provider;
	}

	private static ExponentialBackOff backOff(long initial, long max) {
		ExponentialBackOff backOff = new ExponentialBackOff(initial, 2.0);
		backOff.setMaxInterval(max);
		return backOff;
	}

	private String bearer(int index) {
		return "Bearer " + this.progeny.issuedAccessTokens.get(index);
	}

	private void advance(Duration duration) {
		this.scheduler.advance(duration);
	}

	private void awaitToken(int index) {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.progeny.issuedAccessTokens.size() > index
				&& this.provider.status().phase().isUsable() && this.provider.authorizationHeader().equals(bearer(index)));
	}

	// Rule 9: lazy

	@Test
	void noRequestIsMadeBeforeTheFirstCall() {
		assertThat(this.server.getRequestCount()).isZero();
		assertThat(this.provider.status().phase()).isEqualTo(Phase.NONE);
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		assertThat(this.progeny.obtains).hasValue(1);
	}

	// Rule 1: expiry from the token

	@Test
	void expiryIsRequestTimePlusTheTokensLifetimeLessOneSecond() {
		ProgenyToken token = this.provider.token();
		assertThat(token.expiresAt()).isEqualTo(START.plusSeconds(299));
		assertThat(token.lifetime()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void expiryWithoutIatIsExpLessOneSecond() {
		String access = TestJwts.jwt("access", START.minusSeconds(100), Duration.ofMinutes(5), false);
		this.progeny.onObtain((request) -> json(200, TestJwts.pair(access, "refresh")));
		assertThat(this.provider.token().expiresAt()).isEqualTo(START.plusSeconds(199));
	}

	@Test
	void accessTokenThatIsNotAJwtLivesForTheFallbackLifetime() {
		this.provider.close();
		this.provider = provider(settings().withFallbackLifetime(Duration.ofMinutes(2)));
		this.progeny.onObtain((request) -> json(200, TestJwts.pair("opaque-access-token", "opaque-refresh")));
		ProgenyToken token = this.provider.token();
		assertThat(token.expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(2)));
		assertThat(this.provider.authorizationHeader()).isEqualTo("Bearer opaque-access-token");
	}

	// Rule 2: three phases, scaled to the lifetime

	@Test
	void freshTokenTurnsStaleAtTheRefreshAheadWindowAndIsRefreshedInTheBackground() {
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		advance(Duration.ofSeconds(238));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.FRESH);
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		assertThat(this.progeny.refreshes).hasValue(0);
		advance(Duration.ofSeconds(1));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.STALE);
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		awaitToken(1);
		assertThat(this.progeny.refreshes).hasValue(1);
		assertThat(this.progeny.obtains).hasValue(1);
	}

	@Test
	void windowAndMarginAreCappedByAFifthAndATenthOfAShortLifetime() {
		this.progeny.accessLifetime(Duration.ofSeconds(4));
		this.provider.authorizationHeader();
		// expires at +3 s; stale from 3 - 0.8 = 2.2 s; unusable from 3 - 0.4 = 2.6 s
		advance(Duration.ofMillis(2199));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.FRESH);
		advance(Duration.ofMillis(1));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.STALE);
		advance(Duration.ofMillis(399));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.STALE);
		advance(Duration.ofMillis(1));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.UNUSABLE);
	}

	@Test
	void jitterLengthensTheRefreshAheadWindowByAtMostTheConfiguredShare() {
		this.provider.close();
		this.provider = provider(settings().withMaxJitter(0.2));
		this.provider.setJitter(() -> 1.0);
		this.provider.authorizationHeader();
		// 60 s window + 20 % = 72 s before the expiry at +299 s
		advance(Duration.ofSeconds(226));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.FRESH);
		advance(Duration.ofSeconds(1));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.STALE);
	}

	@Test
	void staleTokenIsServedWithoutWaitingWhileOneRefreshRuns() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		this.progeny.onRefresh((request) -> {
			awaitQuietly(release);
			return this.progeny.issue(true);
		});
		this.provider.authorizationHeader();
		advance(Duration.ofSeconds(240));
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			for (int i = 0; i < 100; i++) {
				assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
			}
		});
		await().atMost(Duration.ofSeconds(5)).untilAtomic(this.progeny.refreshes, org.hamcrest.Matchers.is(1));
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		release.countDown();
		awaitToken(1);
		assertThat(this.progeny.refreshes).hasValue(1);
	}

	@Test
	void callersWaitForTheRefreshInsideTheMustRefreshMargin() {
		this.provider.authorizationHeader();
		advance(Duration.ofSeconds(284));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.UNUSABLE);
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(1));
		assertThat(this.progeny.refreshes).hasValue(1);
	}

	@Test
	void tokenPastItsExpiryIsNeverSent() {
		this.provider.authorizationHeader();
		this.progeny.onRefresh((request) -> json(503, "{\"detail\":\"down\"}"));
		advance(Duration.ofSeconds(300));
		assertThatExceptionOfType(ProgenyServerUnavailableException.class)
			.isThrownBy(this.provider::authorizationHeader);
		assertThatExceptionOfType(ProgenyServerUnavailableException.class)
			.isThrownBy(this.provider::authorizationHeader);
		assertThat(this.progeny.refreshes).hasValue(1);
	}

	// Rule 3: single flight

	@Test
	void manyThreadsAtTheMustRefreshMarginCauseExactlyOneRefresh() throws Exception {
		int threads = 64;
		this.provider.authorizationHeader();
		this.progeny.onRefresh((request) -> {
			sleepQuietly(Duration.ofMillis(200));
			return this.progeny.issue(true);
		});
		advance(Duration.ofSeconds(285));
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CyclicBarrier start = new CyclicBarrier(threads);
			List<Future<String>> headers = new java.util.ArrayList<>();
			for (int i = 0; i < threads; i++) {
				headers.add(executor.submit(() -> {
					start.await();
					return this.provider.authorizationHeader();
				}));
			}
			Set<String> seen = headers.stream().map(ProgenyTokenProviderTests::get).collect(Collectors.toSet());
			assertThat(this.progeny.refreshes).hasValue(1);
			assertThat(this.progeny.obtains).hasValue(1);
			assertThat(this.progeny.maxTokenRequestsInFlight).hasValue(1);
			assertThat(seen).containsExactly(bearer(1));
		}
		finally {
			executor.shutdownNow();
		}
	}

	// Rule 4: rotation

	@Test
	void refreshWithRotationStoresTheNewRefreshToken() throws InterruptedException {
		this.provider.authorizationHeader();
		advance(Duration.ofSeconds(285));
		this.provider.authorizationHeader();
		assertThat(this.store.load().token().refreshToken()).isEqualTo(this.progeny.issuedRefreshTokens.get(1));
		advance(Duration.ofSeconds(285));
		this.provider.authorizationHeader();
		assertThat(this.progeny.tokenRequests.get(2).getBody().utf8())
			.contains(this.progeny.issuedRefreshTokens.get(1));
	}

	@Test
	void refreshWithoutRotationKeepsTheOldRefreshToken() {
		this.progeny.rotate(false);
		this.provider.authorizationHeader();
		String original = this.progeny.issuedRefreshTokens.get(0);
		advance(Duration.ofSeconds(285));
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(1));
		assertThat(this.store.load().token().refreshToken()).isEqualTo(original);
		advance(Duration.ofSeconds(285));
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(2));
		assertThat(this.progeny.tokenRequests.get(2).getBody().utf8()).contains(original);
		assertThat(this.progeny.issuedRefreshTokens).hasSize(1);
	}

	// Rule 5: fallbacks

	@Test
	void rejectedRefreshTokenLeadsToOneLoginWithTheCredentials() {
		this.provider.authorizationHeader();
		this.progeny.onRefresh((request) -> unauthorized(REFRESH_REJECTED));
		advance(Duration.ofSeconds(285));
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(1));
		assertThat(this.progeny.refreshes).hasValue(1);
		assertThat(this.progeny.obtains).hasValue(2);
		assertThat(this.progeny.tokenRequests.get(2).getBody().utf8()).contains("\"password\":\"" + PASSWORD + "\"");
	}

	@Test
	void refreshTokenPastItsOwnExpiryLeadsToALoginWithoutARefresh() {
		this.progeny.refreshLifetime(Duration.ofSeconds(200));
		this.provider.authorizationHeader();
		advance(Duration.ofSeconds(285));
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(1));
		assertThat(this.progeny.refreshes).hasValue(0);
		assertThat(this.progeny.obtains).hasValue(2);
	}

	// Rule 6: failures

	@Test
	void transientRefreshFailureWhileTheTokenIsUsableKeepsServingItAndRetriesWithBackoff() {
		AtomicInteger failures = new AtomicInteger(2);
		this.progeny.onRefresh((request) -> (failures.getAndDecrement() > 0) ? json(502, "{\"detail\":\"bad gateway\"}")
				: this.progeny.issue(true));
		this.provider.authorizationHeader();
		advance(Duration.ofSeconds(240));
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.provider.status().lastFailure() != null);
		ProgenyAuthException firstFailure = this.provider.status().lastFailure();
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		assertThat(this.progeny.refreshes).hasValue(1);
		advance(Duration.ofMillis(100));
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.provider.status().lastFailure() != firstFailure);
		assertThat(this.progeny.refreshes).hasValue(2);
		advance(Duration.ofMillis(150));
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		assertThat(this.progeny.refreshes).hasValue(2);
		advance(Duration.ofMillis(50));
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		awaitToken(1);
		assertThat(this.progeny.refreshes).hasValue(3);
		assertThat(this.provider.status().lastFailure()).isNull();
	}

	@Test
	void refreshTimingOutWhileTheTokenIsUsableKeepsServingIt() {
		this.provider.close();
		this.provider = provider(settings().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500)));
		this.provider.authorizationHeader();
		this.progeny.onRefresh((request) -> new MockResponse.Builder().headersDelay(10, TimeUnit.SECONDS)
			.body("{}").build());
		advance(Duration.ofSeconds(240));
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.provider.status().lastFailure() instanceof ProgenyServerUnavailableException);
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		this.progeny.onRefresh((request) -> this.progeny.issue(true));
		advance(Duration.ofMillis(100));
		this.provider.authorizationHeader();
		awaitToken(1);
	}

	@Test
	void noUsableTokenAndServerUnreachableThenTypedExceptionAtOnceAfterwards() {
		this.server.close();
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			assertThatExceptionOfType(ProgenyServerUnavailableException.class)
				.isThrownBy(this.provider::authorizationHeader);
			assertThatExceptionOfType(ProgenyServerUnavailableException.class)
				.isThrownBy(this.provider::authorizationHeader);
		});
	}

	@Test
	void noUsableTokenAndServerHangingThenTypedExceptionWithinTheReadTimeout() {
		this.provider.close();
		this.provider = provider(settings().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500)));
		this.progeny.onObtain((request) -> new MockResponse.Builder().headersDelay(10, TimeUnit.SECONDS)
			.body("{}").build());
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			assertThatExceptionOfType(ProgenyServerUnavailableException.class)
				.isThrownBy(this.provider::authorizationHeader);
			assertThatExceptionOfType(ProgenyServerUnavailableException.class)
				.isThrownBy(this.provider::authorizationHeader);
		});
		assertThat(this.progeny.obtains).hasValue(1);
	}

	@Test
	void serverBackAfterAnOutageThenTheNextCallAfterTheBackoffSucceeds() {
		this.progeny.onObtain((request) -> json(503, "{\"detail\":\"maintenance\"}"));
		assertThatExceptionOfType(ProgenyServerUnavailableException.class)
			.isThrownBy(this.provider::authorizationHeader)
			.withMessageContaining("maintenance");
		this.progeny.onObtain((request) -> this.progeny.issue(true));
		advance(Duration.ofMillis(100));
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
	}

	@Test
	void tooManyRequestsRetryAfterWinsOverTheBackoff() {
		this.provider.authorizationHeader();
		this.progeny.onRefresh((request) -> new MockResponse.Builder().code(429).setHeader("Retry-After", "30")
			.body("{\"detail\":\"Request was throttled.\"}").build());
		advance(Duration.ofSeconds(240));
		this.provider.authorizationHeader();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.provider.status().lastFailure() != null);
		this.progeny.onRefresh((request) -> this.progeny.issue(true));
		advance(Duration.ofSeconds(29));
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		assertThat(this.progeny.refreshes).hasValue(1);
		advance(Duration.ofSeconds(1));
		this.provider.authorizationHeader();
		awaitToken(1);
		assertThat(this.progeny.refreshes).hasValue(2);
	}

	@Test
	void wrongPasswordThenCredentialsRejectedWithTheDetailAndLoginsHeldOff() {
		this.progeny.onObtain(
				(request) -> unauthorized("{\"detail\":\"No active account found with the given credentials\"}"));
		for (int i = 0; i < 20; i++) {
			assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
				.isThrownBy(this.provider::authorizationHeader)
				.satisfies((ex) -> assertThat(ex.getDetail())
					.isEqualTo("No active account found with the given credentials"));
		}
		assertThat(this.progeny.obtains.get()).isBetween(1, 2);
		assertThat(this.provider.status().lastFailure()).isInstanceOf(ProgenyCredentialsRejectedException.class);
	}

	@Test
	void loginHoldOffDoublesAndThenAllowsAnotherLogin() {
		this.progeny.onObtain((request) -> unauthorized("{\"detail\":\"No active account\"}"));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(this.provider::authorizationHeader);
		advance(Duration.ofMillis(999));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(this.provider::authorizationHeader);
		assertThat(this.progeny.obtains).hasValue(1);
		advance(Duration.ofMillis(1));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(this.provider::authorizationHeader);
		assertThat(this.progeny.obtains).hasValue(2);
		advance(Duration.ofMillis(1999));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(this.provider::authorizationHeader);
		assertThat(this.progeny.obtains).hasValue(2);
	}

	// Rule 12: credentials from a supplier

	@Test
	void rotatedPasswordTakesEffectAtTheNextLoginAndClearsTheHoldOff() {
		this.progeny.onObtain((request) -> request.getBody().utf8().contains("new-Passw0rd") ? this.progeny.issue(true)
				: unauthorized("{\"detail\":\"No active account found with the given credentials\"}"));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(this.provider::authorizationHeader);
		this.credentials.set(new ProgenyCredentials("clinic", "new-Passw0rd"));
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		assertThat(this.progeny.obtains).hasValue(2);
	}

	@Test
	void badRequestOnObtainThenRequestRejectedWithTheFieldMessages() {
		this.progeny.onObtain((request) -> json(400, "{\"password\":[\"This field is required.\"]}"));
		assertThatExceptionOfType(ProgenyRequestRejectedException.class).isThrownBy(this.provider::authorizationHeader)
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsEntry("password",
					List.of("This field is required.")));
	}

	// Rule 7 (provider side): compare-and-invalidate

	@Test
	void invalidateReplacesOnlyTheTokenThatWasSent() {
		String first = this.provider.authorizationHeader();
		assertThat(this.provider.invalidate("Bearer some-other-token")).isFalse();
		assertThat(this.provider.invalidate(first)).isTrue();
		assertThat(this.provider.invalidate(first)).isFalse();
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(1));
		assertThat(this.provider.invalidate(first)).isFalse();
		assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(1));
		assertThat(this.progeny.refreshes).hasValue(1);
		assertThat(this.progeny.obtains).hasValue(1);
	}

	// Store

	@Test
	void storedTokenIsUsedOnFirstUseWithoutALogin() {
		String access = TestJwts.access(START, Duration.ofMinutes(5));
		this.store.compareAndSave(null,
				ProgenyToken.from(new ProgenyTokenResponse(access, "refresh", START), Duration.ofMinutes(5)));
		assertThat(this.provider.authorizationHeader()).isEqualTo("Bearer " + access);
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void storeHoldsTheLatestToken() {
		this.provider.authorizationHeader();
		assertThat(this.store.load().token().accessToken()).isEqualTo(this.progeny.issuedAccessTokens.get(0));
		advance(Duration.ofSeconds(285));
		this.provider.authorizationHeader();
		assertThat(this.store.load().token().accessToken()).isEqualTo(this.progeny.issuedAccessTokens.get(1));
	}

	@Test
	void freshTokenThatExpiresBeforeItCanBeUsedIsNotAccepted() {
		String access = TestJwts.access(START, Duration.ofSeconds(1));
		this.progeny.onObtain((request) -> json(200, TestJwts.pair(access, "r")));
		assertThatExceptionOfType(tech.progeny.auth.client.ProgenyMalformedResponseException.class)
			.isThrownBy(this.provider::authorizationHeader);
	}

	// Rule 13: one process

	@Test
	void providersWithTheirOwnInMemoryStoresEachLogInOnTheirOwn() {
		ProgenyTokenProvider other = provider(settings());
		try {
			this.provider.authorizationHeader();
			assertThat(this.progeny.obtains).hasValue(1);
			this.store.compareAndRemove(this.store.load());
		}
		finally {
			other.close();
		}
		InMemoryProgenyTokenStore otherStore = new InMemoryProgenyTokenStore();
		ProgenyTokenClient client = ProgenyTokenClient.create(URI.create(this.server.url("/").toString()),
				Duration.ofSeconds(1), Duration.ofSeconds(1));
		try (ProgenyTokenProvider instance = new ProgenyTokenProvider(client, this.credentials::get, otherStore,
				settings())) {
			assertThat(instance.authorizationHeader()).isEqualTo(bearer(1));
			assertThat(this.progeny.obtains).hasValue(2);
			assertThat(this.provider.authorizationHeader()).isEqualTo(bearer(0));
		}
	}

	// Lifecycle

	@Test
	void closeStopsTheProvidersOwnThreads() {
		Set<Thread> before = progenyThreads();
		ProgenyTokenClient client = ProgenyTokenClient.create(URI.create(this.server.url("/").toString()),
				Duration.ofSeconds(1), Duration.ofSeconds(1));
		ProgenyTokenProvider provider = new ProgenyTokenProvider(client, this.credentials::get,
				new InMemoryProgenyTokenStore(), ProgenyTokenSettings.defaults());
		provider.authorizationHeader();
		Set<Thread> started = progenyThreads();
		started.removeAll(before);
		assertThat(started).extracting(Thread::getName)
			.anyMatch((name) -> name.startsWith("progeny-auth-timer-"))
			.anyMatch((name) -> name.startsWith("progeny-auth-exchange-"));
		provider.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> started.stream().noneMatch(Thread::isAlive));
		assertThatIllegalStateException().isThrownBy(provider::authorizationHeader);
	}

	private static Set<Thread> progenyThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> thread.getName().startsWith("progeny-auth-"))
			.collect(Collectors.toSet());
	}

	private static <T> T get(Future<T> future) {
		try {
			return future.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
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

	private static void sleepQuietly(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
