package tech.progeny.auth.token;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.client.ProgenyCredentialsSupplier;
import tech.progeny.auth.client.ProgenyMalformedResponseException;
import tech.progeny.auth.client.ProgenyRequestRejectedException;
import tech.progeny.auth.client.ProgenyServerUnavailableException;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.client.ProgenyTokenExchangeException;
import tech.progeny.auth.client.ProgenyTokenResponse;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.IssuedAtClaim;
import tech.progeny.auth.test.IssuedTokens;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.token.ProgenyTokenStatus.Phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static tech.progeny.auth.token.LifecycleFixture.START;

/**
 * The lifecycle rules of {@code token-lifecycle.md}, one test per rule, and the failure
 * paths of issue 15, against the fake Progeny on a shared wall clock and a manual
 * monotonic ticker. With the fake's defaults (no {@code iat}, a {@code Date} header, 5
 * minute tokens) a token obtained at the start expires at +299 s, turns stale at +239 s
 * and unusable at +284 s. Every test runs against each way a server mints {@code iat}
 * ({@link IssuedAtClaim}: none, inherited on refresh, at issue): the rules hold whatever
 * the server puts there.
 */
@ParameterizedClass(name = "iat {0}")
@EnumSource(IssuedAtClaim.class)
class ProgenyTokenProviderTests {

	private static final CannedResponse REFRESH_REJECTED = CannedResponse.of(401)
		.withJsonBody("{\"detail\":\"Token is invalid or expired\",\"code\":\"token_not_valid\"}");

	private final IssuedAtClaim issuedAtClaim;

	private LifecycleFixture fixture;

	private ProgenyTokenProvider provider;

	ProgenyTokenProviderTests(IssuedAtClaim issuedAtClaim) {
		this.issuedAtClaim = issuedAtClaim;
		this.fixture = new LifecycleFixture(fake());
		this.provider = this.fixture.provider();
	}

	/**
	 * Return the settings of a fake Progeny that mints {@code iat} the way of this run.
	 */
	private FakeProgenyServer.Builder fake() {
		return FakeProgenyServer.builder().issuedAtClaim(this.issuedAtClaim);
	}

	@AfterEach
	void close() {
		this.fixture.close();
	}

	private void restart(FakeProgenyServer.Builder progeny) {
		this.fixture.close();
		this.fixture = new LifecycleFixture(progeny);
		this.provider = this.fixture.provider();
	}

	private FakeProgenyServer progeny() {
		return this.fixture.progeny;
	}

	private void advance(Duration duration) {
		this.fixture.advance(duration);
	}

	private long obtains() {
		return progeny().counters().obtainRequests();
	}

	private long refreshes() {
		return progeny().counters().refreshRequests();
	}

	/**
	 * Wait for the renewal in the background to install a token other than the given
	 * one.
	 */
	private String awaitRenewalOf(String header) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.provider.status().phase() == Phase.FRESH
					&& !header.equals(this.provider.freshAuthorizationHeader()));
		return this.provider.authorizationHeader();
	}

	// Rule 9: lazy

	@Test
	void authorizationHeaderWhenFirstCalledThenLogsInAndNotBefore() {
		assertThat(progeny().counters().tokenRequests()).isZero();
		assertThat(this.provider.status().phase()).isEqualTo(Phase.NONE);
		String header = this.provider.authorizationHeader();
		assertThat(this.fixture.accepted(header)).isTrue();
		assertThat(obtains()).isOne();
		assertThat(this.provider.status().activity().logins()).isOne();
	}

	// Rule 1: expiry from the token, on the server's clock

	@Test
	void tokenWhenLoggedInOrRefreshedThenExpiresOneSecondBeforeTheServersExp() {
		ProgenyToken first = this.provider.token();
		assertThat(first.expiresAt()).isEqualTo(START.plusSeconds(299));
		assertThat(first.lifetime()).isEqualTo(Duration.ofMinutes(5));
		advance(Duration.ofSeconds(284));
		ProgenyToken refreshed = this.provider.token();
		assertThat(refreshes()).isOne();
		assertThat(refreshed.expiresAt()).isEqualTo(START.plusSeconds(284 + 299));
		assertThat(progeny().tokens().expiresAt(refreshed.accessToken())).isEqualTo(START.plusSeconds(284 + 300));
	}

	@Test
	void tokenWhenTheServersClockIsAheadThenExpiresOnTheServersClock() {
		restart(fake().clock(Clock.offset(this.fixture.clock, Duration.ofSeconds(30))));
		assertThat(this.provider.token().expiresAt()).isEqualTo(START.plusSeconds(299));
	}

	@Test
	void tokenWhenNoDateHeaderAndNoIatThenExpLessOneSecondOnTheLocalClock() {
		restart(fake().sendDateHeader(false));
		advance(Duration.ofMillis(500));
		ProgenyToken token = this.provider.token();
		assertThat(token.expiresAt()).isEqualTo(START.plusSeconds(299));
		assertThat(token.lifetime()).isEqualTo(Duration.ofMillis(299_500));
	}

	@Test
	void tokenWhenTheAccessTokenIsNotAJwtThenLivesForTheFallbackLifetime() {
		this.provider = this.fixture.provider(LifecycleFixture.settings().withFallbackLifetime(Duration.ofMinutes(2)));
		progeny().faults()
			.failNext(ProgenyEndpoint.OBTAIN, 1,
					CannedResponse.of(200).withJsonBody("{\"access\":\"opaque-access\",\"refresh\":\"opaque-refresh\"}"));
		ProgenyToken token = this.provider.token();
		assertThat(token.expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(2)));
		assertThat(this.provider.authorizationHeader()).isEqualTo("Bearer opaque-access");
	}

	@Test
	void authorizationHeaderWhenTheTokenExpiresBeforeItCanBeUsedThenMalformedResponse() {
		restart(fake().accessTokenLifetime(Duration.ofSeconds(1)));
		assertThatExceptionOfType(ProgenyMalformedResponseException.class)
			.isThrownBy(this.provider::authorizationHeader)
			.withMessageContaining("expires before it can be used");
	}

	// Rule 2: three phases, scaled to the lifetime

	@Test
	void authorizationHeaderWhenTheTokenTurnsStaleThenOneRefreshRunsInTheBackground() {
		String first = this.provider.authorizationHeader();
		advance(Duration.ofSeconds(238));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.FRESH);
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		assertThat(refreshes()).isZero();
		advance(Duration.ofSeconds(1));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.STALE);
		assertThat(this.provider.freshAuthorizationHeader()).isNull();
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		String second = awaitRenewalOf(first);
		assertThat(this.fixture.accepted(second)).isTrue();
		assertThat(refreshes()).isOne();
		assertThat(obtains()).isOne();
	}

	@Test
	void statusWhenTheLifetimeIsShortThenWindowAndMarginAreAFifthAndATenthOfIt() {
		restart(fake().accessTokenLifetime(Duration.ofSeconds(4)));
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
	void statusWhenJitterIsAtItsLargestThenTheWindowIsLongerByTheConfiguredShare() {
		this.provider = this.fixture.provider(LifecycleFixture.settings().withMaxJitter(0.2));
		this.provider.setJitter(() -> 1.0);
		this.provider.authorizationHeader();
		// 60 s window + 20 % = 72 s before the expiry at +299 s
		advance(Duration.ofSeconds(226));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.FRESH);
		advance(Duration.ofSeconds(1));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.STALE);
	}

	@Test
	void authorizationHeaderWhenStaleThenServedWithoutWaitingWhileTheRefreshRuns() {
		String first = this.provider.authorizationHeader();
		progeny().faults().hangNext(ProgenyEndpoint.REFRESH, 1);
		advance(Duration.ofSeconds(240));
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			for (int i = 0; i < 100; i++) {
				assertThat(this.provider.authorizationHeader()).isEqualTo(first);
			}
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> progeny().faults().hungRequests() == 1);
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		progeny().faults().releaseHung();
		awaitRenewalOf(first);
		assertThat(refreshes()).isOne();
	}

	@Test
	void authorizationHeaderWhenInsideTheMustRefreshMarginThenWaitsForTheRefresh() {
		String first = this.provider.authorizationHeader();
		advance(Duration.ofSeconds(284));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.UNUSABLE);
		String second = this.provider.authorizationHeader();
		assertThat(second).isNotEqualTo(first);
		assertThat(this.fixture.accepted(second)).isTrue();
		assertThat(refreshes()).isOne();
	}

	@Test
	void authorizationHeaderWhenTheTokenIsPastItsExpiryThenNeverSendsIt() {
		this.provider.authorizationHeader();
		progeny().faults().failNext(ProgenyEndpoint.REFRESH, 5, 503);
		advance(Duration.ofSeconds(300));
		assertThatExceptionOfType(ProgenyServerUnavailableException.class)
			.isThrownBy(this.provider::authorizationHeader);
		assertThatExceptionOfType(ProgenyServerUnavailableException.class)
			.isThrownBy(this.provider::authorizationHeader);
		assertThat(refreshes()).isOne();
	}

	// Rule 3: single flight

	@Test
	void authorizationHeaderWhenManyThreadsReachTheMarginThenExactlyOneRefresh() throws Exception {
		int threads = 64;
		this.provider.authorizationHeader();
		progeny().faults().delay(ProgenyEndpoint.REFRESH, Duration.ofMillis(200));
		advance(Duration.ofSeconds(285));
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CyclicBarrier start = new CyclicBarrier(threads);
			List<Future<String>> headers = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				headers.add(executor.submit(() -> {
					start.await();
					return this.provider.authorizationHeader();
				}));
			}
			Set<String> seen = headers.stream().map(ProgenyTokenProviderTests::get).collect(Collectors.toSet());
			assertThat(seen).hasSize(1);
			assertThat(refreshes()).isOne();
			assertThat(obtains()).isOne();
			assertThat(progeny().counters().maxConcurrentTokenRequests()).isOne();
		}
		finally {
			executor.shutdownNow();
		}
	}

	// Rule 4: rotation

	@Test
	void authorizationHeaderWhenRefreshRotatesThenTheNewRefreshTokenIsStoredAndSent() {
		InMemoryProgenyTokenStore store = new InMemoryProgenyTokenStore();
		this.provider = this.fixture.provider(LifecycleFixture.settings(), store);
		this.provider.authorizationHeader();
		String original = store.load().token().refreshToken();
		advance(Duration.ofSeconds(285));
		this.provider.authorizationHeader();
		String rotated = store.load().token().refreshToken();
		assertThat(rotated).isNotEqualTo(original);
		assertThat(progeny().tokens().isBlacklisted(original)).isTrue();
		advance(Duration.ofSeconds(285));
		this.provider.authorizationHeader();
		assertThat(this.fixture.lastTokenRequestBody()).contains(rotated);
		assertThat(progeny().counters().rejectedRefreshRequests()).isZero();
		assertThat(refreshes()).isEqualTo(2);
	}

	@Test
	void authorizationHeaderWhenRefreshDoesNotRotateThenKeepsTheOldRefreshToken() {
		restart(fake().rotateRefreshTokens(false));
		InMemoryProgenyTokenStore store = new InMemoryProgenyTokenStore();
		this.provider = this.fixture.provider(LifecycleFixture.settings(), store);
		this.provider.authorizationHeader();
		String original = store.load().token().refreshToken();
		advance(Duration.ofSeconds(285));
		this.provider.authorizationHeader();
		assertThat(store.load().token().refreshToken()).isEqualTo(original);
		advance(Duration.ofSeconds(285));
		this.provider.authorizationHeader();
		assertThat(this.fixture.lastTokenRequestBody()).contains(original);
		assertThat(refreshes()).isEqualTo(2);
	}

	// Rule 5: fallbacks

	@Test
	void authorizationHeaderWhenTheRefreshTokenIsRejectedThenLogsInOnceWithTheCredentials() {
		this.provider.authorizationHeader();
		progeny().faults().failNext(ProgenyEndpoint.REFRESH, 1, REFRESH_REJECTED);
		advance(Duration.ofSeconds(285));
		assertThat(this.fixture.accepted(this.provider.authorizationHeader())).isTrue();
		assertThat(refreshes()).isOne();
		assertThat(obtains()).isEqualTo(2);
		assertThat(this.fixture.lastTokenRequestBody()).contains("\"password\":\"" + progeny().password() + "\"");
	}

	@Test
	void authorizationHeaderWhenTheRefreshTokenIsRejectedWhileStaleThenKeepsServingAndLogsInOnce() {
		String first = this.provider.authorizationHeader();
		progeny().faults().failNext(ProgenyEndpoint.REFRESH, 1, REFRESH_REJECTED);
		progeny().faults().failNext(ProgenyEndpoint.OBTAIN, 1, 503);
		advance(Duration.ofSeconds(240));
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.provider.status().lastFailure() != null);
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		advance(Duration.ofMillis(100));
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		awaitRenewalOf(first);
		assertThat(refreshes()).isOne();
		assertThat(obtains()).isEqualTo(3);
	}

	@Test
	void authorizationHeaderWhenTheRefreshTokenIsPastItsOwnExpiryThenLogsInWithoutARefresh() {
		restart(fake().refreshTokenLifetime(Duration.ofSeconds(200)));
		this.provider.authorizationHeader();
		advance(Duration.ofSeconds(285));
		assertThat(this.fixture.accepted(this.provider.authorizationHeader())).isTrue();
		assertThat(refreshes()).isZero();
		assertThat(obtains()).isEqualTo(2);
	}

	// Rule 6: failures

	@Test
	void authorizationHeaderWhenARefreshFailsWhileUsableThenKeepsServingAndRetriesWithBackoff() {
		String first = this.provider.authorizationHeader();
		progeny().faults().failNext(ProgenyEndpoint.REFRESH, 2, 502);
		advance(Duration.ofSeconds(240));
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.provider.status().lastFailure() != null);
		ProgenyAuthException firstFailure = this.provider.status().lastFailure();
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		assertThat(refreshes()).isOne();
		advance(Duration.ofMillis(100));
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.provider.status().lastFailure() != firstFailure);
		assertThat(refreshes()).isEqualTo(2);
		advance(Duration.ofMillis(150));
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		assertThat(refreshes()).isEqualTo(2);
		advance(Duration.ofMillis(50));
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		awaitRenewalOf(first);
		assertThat(refreshes()).isEqualTo(3);
		assertThat(this.provider.status().lastFailure()).isNull();
		assertThat(this.provider.status().activity().failures()).isEqualTo(2);
	}

	@Test
	void authorizationHeaderWhenARefreshTimesOutWhileUsableThenKeepsServing() {
		this.provider = this.fixture
			.provider(LifecycleFixture.settings().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500)));
		String first = this.provider.authorizationHeader();
		progeny().faults().hangNext(ProgenyEndpoint.REFRESH, 1);
		advance(Duration.ofSeconds(240));
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.provider.status().lastFailure() instanceof ProgenyServerUnavailableException);
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		advance(Duration.ofMillis(100));
		// past the backoff, callers start the retry; one that finds the failed exchange
		// still landing goes on with the stale token and leaves the retry to the next
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !first.equals(this.provider.authorizationHeader())
					&& this.provider.status().phase() == Phase.FRESH);
		assertThat(refreshes()).isEqualTo(2);
	}

	@Test
	void authorizationHeaderWhenTheServerIsUnreachableThenTypedExceptionAtOnce() {
		progeny().close();
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			assertThatExceptionOfType(ProgenyServerUnavailableException.class)
				.isThrownBy(this.provider::authorizationHeader);
			assertThatExceptionOfType(ProgenyServerUnavailableException.class)
				.isThrownBy(this.provider::authorizationHeader);
		});
	}

	@Test
	void authorizationHeaderWhenTheServerHangsThenTypedExceptionWithinTheReadTimeout() {
		this.provider = this.fixture
			.provider(LifecycleFixture.settings().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500)));
		progeny().faults().hangNext(ProgenyEndpoint.OBTAIN, 1);
		assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
			assertThatExceptionOfType(ProgenyServerUnavailableException.class)
				.isThrownBy(this.provider::authorizationHeader);
			assertThatExceptionOfType(ProgenyServerUnavailableException.class)
				.isThrownBy(this.provider::authorizationHeader);
		});
		assertThat(obtains()).isOne();
	}

	@Test
	void authorizationHeaderWhenTheServerIsBackAfterAnOutageThenSucceedsAfterTheBackoff() {
		progeny().faults().failNext(ProgenyEndpoint.OBTAIN, 1, CannedResponse.of(503)
			.withJsonBody("{\"detail\":\"maintenance\"}"));
		assertThatExceptionOfType(ProgenyServerUnavailableException.class)
			.isThrownBy(this.provider::authorizationHeader)
			.withMessageContaining("maintenance");
		advance(Duration.ofMillis(99));
		assertThatExceptionOfType(ProgenyServerUnavailableException.class)
			.isThrownBy(this.provider::authorizationHeader);
		assertThat(obtains()).isOne();
		advance(Duration.ofMillis(1));
		assertThat(this.fixture.accepted(this.provider.authorizationHeader())).isTrue();
	}

	@Test
	void authorizationHeaderWhenTooManyRequestsThenRetryAfterWinsOverTheBackoff() {
		String first = this.provider.authorizationHeader();
		progeny().faults().failNext(ProgenyEndpoint.REFRESH, 1, CannedResponse.of(429)
			.withHeader("Retry-After", "30")
			.withJsonBody("{\"detail\":\"Request was throttled.\"}"));
		advance(Duration.ofSeconds(240));
		this.provider.authorizationHeader();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.provider.status().lastFailure() != null);
		advance(Duration.ofSeconds(29));
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		assertThat(refreshes()).isOne();
		advance(Duration.ofSeconds(1));
		this.provider.authorizationHeader();
		awaitRenewalOf(first);
		assertThat(refreshes()).isEqualTo(2);
	}

	@Test
	void authorizationHeaderWhenThePasswordIsWrongThenCredentialsRejectedWithTheDetailAndLoginsHeldOff() {
		this.fixture.credentials.set(new ProgenyCredentials(progeny().username(), "wrong-password"));
		for (int i = 0; i < 20; i++) {
			assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
				.isThrownBy(this.provider::authorizationHeader)
				.satisfies((ex) -> assertThat(ex.getDetail())
					.isEqualTo("No active account found with the given credentials"));
		}
		assertThat(obtains()).isOne();
		assertThat(this.provider.status().lastFailure()).isInstanceOf(ProgenyCredentialsRejectedException.class);
	}

	@Test
	void authorizationHeaderWhenLoginsAreHeldOffThenTheHoldOffDoubles() {
		this.fixture.credentials.set(new ProgenyCredentials(progeny().username(), "wrong-password"));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(this.provider::authorizationHeader);
		advance(Duration.ofMillis(999));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(this.provider::authorizationHeader);
		assertThat(obtains()).isOne();
		advance(Duration.ofMillis(1));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(this.provider::authorizationHeader);
		assertThat(obtains()).isEqualTo(2);
		advance(Duration.ofMillis(1999));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(this.provider::authorizationHeader);
		assertThat(obtains()).isEqualTo(2);
	}

	@Test
	void authorizationHeaderWhenTheLoginIsABadRequestThenRequestRejectedWithTheFieldMessages() {
		progeny().faults()
			.failNext(ProgenyEndpoint.OBTAIN, 1,
					CannedResponse.of(400).withJsonBody("{\"password\":[\"This field is required.\"]}"));
		assertThatExceptionOfType(ProgenyRequestRejectedException.class).isThrownBy(this.provider::authorizationHeader)
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsEntry("password",
					List.of("This field is required.")));
	}

	// Rule 12: credentials from a supplier

	@Test
	void authorizationHeaderWhenThePasswordIsRotatedThenTheNextLoginUsesItAndClearsTheHoldOff() {
		progeny().users().changePassword(progeny().username(), "new-Passw0rd");
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(this.provider::authorizationHeader);
		this.fixture.credentials.set(new ProgenyCredentials(progeny().username(), "new-Passw0rd"));
		assertThat(this.fixture.accepted(this.provider.authorizationHeader())).isTrue();
		assertThat(obtains()).isEqualTo(2);
	}

	// Rule 7 (provider side): compare-and-invalidate

	@Test
	void invalidateWhenTheHeaderIsStillCurrentThenReplacesTheTokenOnce() {
		String first = this.provider.authorizationHeader();
		assertThat(this.provider.invalidate("Bearer some-other-token")).isFalse();
		assertThat(this.provider.invalidate(first)).isTrue();
		assertThat(this.provider.invalidate(first)).isFalse();
		String second = this.provider.authorizationHeader();
		assertThat(second).isNotEqualTo(first);
		assertThat(this.provider.invalidate(first)).isFalse();
		assertThat(this.provider.authorizationHeader()).isEqualTo(second);
		assertThat(refreshes()).isOne();
		assertThat(obtains()).isOne();
		assertThat(this.provider.status().activity().invalidations()).isOne();
	}

	// Store

	@Test
	void authorizationHeaderWhenTheStoreHoldsAUsableTokenThenUsesItWithoutALogin() {
		InMemoryProgenyTokenStore store = new InMemoryProgenyTokenStore();
		IssuedTokens issued = progeny().tokens().issue(progeny().username());
		store.compareAndSave(null, ProgenyToken.from(
				new ProgenyTokenResponse(issued.access(), issued.refresh(), START, START), Duration.ofMinutes(5)));
		this.provider = this.fixture.provider(LifecycleFixture.settings(), store);
		assertThat(this.provider.authorizationHeader()).isEqualTo("Bearer " + issued.access());
		assertThat(progeny().counters().tokenRequests()).isZero();
	}

	@Test
	void authorizationHeaderWhenRenewedThenTheStoreHoldsTheLatestToken() {
		InMemoryProgenyTokenStore store = new InMemoryProgenyTokenStore();
		this.provider = this.fixture.provider(LifecycleFixture.settings(), store);
		String first = this.provider.authorizationHeader();
		assertThat("Bearer " + store.load().token().accessToken()).isEqualTo(first);
		advance(Duration.ofSeconds(285));
		String second = this.provider.authorizationHeader();
		assertThat("Bearer " + store.load().token().accessToken()).isEqualTo(second);
		assertThat(this.provider.status().store()).isEqualTo(ProgenyTokenStatus.Store.IN_MEMORY);
	}

	// Rule 13: one process

	@Test
	void authorizationHeaderWhenProvidersHaveTheirOwnInMemoryStoresThenEachLogsIn() {
		ProgenyTokenProvider other = this.fixture.provider();
		String first = this.provider.authorizationHeader();
		String second = other.authorizationHeader();
		assertThat(second).isNotEqualTo(first);
		assertThat(obtains()).isEqualTo(2);
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
	}

	// Time: a monotonic ticker for durations, the wall clock only for expiry

	@Test
	void authorizationHeaderWhenTheWallClockStepsBackDuringABackoffThenRecoversAfterTheBackoff() {
		progeny().faults().failNext(ProgenyEndpoint.OBTAIN, 1, 503);
		assertThatExceptionOfType(ProgenyServerUnavailableException.class)
			.isThrownBy(this.provider::authorizationHeader);
		this.fixture.clock.advance(Duration.ofHours(-1));
		advance(Duration.ofMillis(100));
		assertThat(this.fixture.accepted(this.provider.authorizationHeader())).isTrue();
		assertThat(obtains()).isEqualTo(2);
	}

	@Test
	void statusWhenTheWallClockStepsBackThenPhasesStillMoveOnTime() {
		this.provider.authorizationHeader();
		this.fixture.clock.advance(Duration.ofHours(-1));
		advance(Duration.ofSeconds(238));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.FRESH);
		advance(Duration.ofSeconds(1));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.STALE);
	}

	@Test
	void authorizationHeaderWhenTheSystemWasSuspendedLongerThanTheTokensLifeThenRenewsInsteadOfSendingIt() {
		String first = this.provider.authorizationHeader();
		advance(Duration.ofSeconds(10));
		// a suspend: the wall clock moves on, the monotonic clock (and every timer) does not
		this.fixture.clock.advance(Duration.ofMinutes(10));
		assertThat(this.fixture.accepted(first)).isFalse();
		advance(PhaseTimer.CHECK_INTERVAL);
		assertThat(this.provider.status().phase()).isEqualTo(Phase.UNUSABLE);
		String second = this.provider.authorizationHeader();
		assertThat(second).isNotEqualTo(first);
		assertThat(this.fixture.accepted(second)).isTrue();
	}

	// Failure paths: every throwable ends the flight; nothing is installed after close

	@Test
	void authorizationHeaderWhenTheCredentialsSupplierThrowsAnErrorThenFailsAtOnceAndRecovers() {
		AtomicInteger failures = new AtomicInteger(1);
		this.provider = credentialsSupplierProvider(() -> {
			if (failures.getAndDecrement() > 0) {
				throw new AssertionError("supplier broke");
			}
			return this.fixture.credentials.get();
		});
		assertTimeoutPreemptively(Duration.ofSeconds(3), () -> assertThatExceptionOfType(
				ProgenyTokenExchangeException.class)
			.isThrownBy(this.provider::authorizationHeader)
			.withCauseInstanceOf(AssertionError.class));
		assertRecoversAndRefreshesAhead();
	}

	@Test
	void authorizationHeaderWhenTheCredentialsSupplierThrowsACheckedExceptionThenFailsAtOnceAndRecovers() {
		AtomicInteger failures = new AtomicInteger(1);
		this.provider = credentialsSupplierProvider(() -> {
			if (failures.getAndDecrement() > 0) {
				throw ProgenyTokenProviderTests.<RuntimeException>sneaky(new IOException("vault down"));
			}
			return this.fixture.credentials.get();
		});
		assertTimeoutPreemptively(Duration.ofSeconds(3), () -> assertThatExceptionOfType(
				ProgenyTokenExchangeException.class)
			.isThrownBy(this.provider::authorizationHeader)
			.withCauseInstanceOf(IOException.class));
		assertRecoversAndRefreshesAhead();
	}

	@Test
	void authorizationHeaderWhenTheStoreThrowsAnErrorThenFailsAtOnceAndRecovers() {
		AtomicInteger failures = new AtomicInteger(1);
		InMemoryProgenyTokenStore delegate = new InMemoryProgenyTokenStore();
		ProgenyTokenStore store = new ProgenyTokenStore() {

			@Override
			public ProgenyStoredToken load() {
				if (failures.getAndDecrement() > 0) {
					throw new StackOverflowError("store broke");
				}
				return delegate.load();
			}

			@Override
			public ProgenyStoredToken compareAndSave(ProgenyStoredToken expected, ProgenyToken token) {
				return delegate.compareAndSave(expected, token);
			}

			@Override
			public boolean compareAndRemove(ProgenyStoredToken expected) {
				return delegate.compareAndRemove(expected);
			}

		};
		this.provider = this.fixture
			.provider(LifecycleFixture.settings().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)), store);
		assertTimeoutPreemptively(Duration.ofSeconds(3), () -> assertThatExceptionOfType(
				ProgenyTokenExchangeException.class)
			.isThrownBy(this.provider::authorizationHeader)
			.withCauseInstanceOf(StackOverflowError.class));
		assertRecoversAndRefreshesAhead();
	}

	private ProgenyTokenProvider credentialsSupplierProvider(ProgenyCredentialsSupplier supplier) {
		ProgenyTokenSettings settings = LifecycleFixture.settings()
			.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
		return this.fixture.provider(this.fixture.client(Duration.ofSeconds(1), Duration.ofSeconds(1)), settings,
				new InMemoryProgenyTokenStore(), supplier);
	}

	private void assertRecoversAndRefreshesAhead() {
		assertThat(this.provider.status().lastFailure()).isInstanceOf(ProgenyTokenExchangeException.class);
		assertThat(this.provider.status().activity().failures()).isOne();
		assertThatExceptionOfType(ProgenyTokenExchangeException.class).isThrownBy(this.provider::authorizationHeader);
		advance(Duration.ofMillis(100));
		String first = this.provider.authorizationHeader();
		assertThat(this.fixture.accepted(first)).isTrue();
		advance(Duration.ofSeconds(240));
		assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		awaitRenewalOf(first);
		assertThat(refreshes()).isOne();
	}

	@Test
	void authorizationHeaderWhenTheCredentialsSupplierThrowsThenTheFailureIsRecordedAndBackedOff() {
		AtomicInteger calls = new AtomicInteger();
		this.provider = credentialsSupplierProvider(() -> {
			calls.incrementAndGet();
			throw new IllegalStateException("no credentials yet");
		});
		for (int i = 0; i < 20; i++) {
			assertThatExceptionOfType(ProgenyTokenExchangeException.class)
				.isThrownBy(this.provider::authorizationHeader);
		}
		assertThat(calls).hasValue(1);
		assertThat(this.provider.status().lastFailure()).isInstanceOf(ProgenyTokenExchangeException.class)
			.hasCauseInstanceOf(IllegalStateException.class);
		assertThat(this.provider.status().activity().failures()).isOne();
		advance(Duration.ofMillis(100));
		assertThatExceptionOfType(ProgenyTokenExchangeException.class).isThrownBy(this.provider::authorizationHeader);
		assertThat(calls).hasValue(2);
	}

	@Test
	void authorizationHeaderWhenTheStoreFailsToSaveThenServesTheTokenAndLogsInOnce() {
		InMemoryProgenyTokenStore delegate = new InMemoryProgenyTokenStore();
		ProgenyTokenStore store = new ProgenyTokenStore() {

			@Override
			public ProgenyStoredToken load() {
				return delegate.load();
			}

			@Override
			public ProgenyStoredToken compareAndSave(ProgenyStoredToken expected, ProgenyToken token) {
				throw new IllegalStateException("store is read-only");
			}

			@Override
			public boolean compareAndRemove(ProgenyStoredToken expected) {
				return delegate.compareAndRemove(expected);
			}

		};
		this.provider = this.fixture.provider(LifecycleFixture.settings(), store);
		String first = this.provider.authorizationHeader();
		for (int i = 0; i < 20; i++) {
			assertThat(this.provider.authorizationHeader()).isEqualTo(first);
		}
		assertThat(obtains()).isOne();
		assertThat(this.provider.status().store().reachable()).isFalse();
		assertThat(this.fixture.accepted(first)).isTrue();
	}

	@Test
	void tokenWhenTheProviderIsClosedAsTheTokenArrivesThenReturnsTheTokenItWaitedFor() throws Exception {
		progeny().faults().hangNext(ProgenyEndpoint.OBTAIN, 1);
		AtomicReference<Object> result = new AtomicReference<>();
		Thread caller = new Thread(() -> {
			try {
				result.set(this.provider.token());
			}
			catch (RuntimeException ex) {
				result.set(ex);
			}
		});
		caller.start();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> progeny().faults().hungRequests() == 1 && caller.getState() == Thread.State.TIMED_WAITING);
		// runs on the exchange thread as the flight completes, before the caller wakes up
		this.provider.authorizationHeaderAsync().thenRun(this.provider::close);
		progeny().faults().releaseHung();
		caller.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(result.get()).isInstanceOf(ProgenyToken.class);
		assertThat(this.fixture.accepted("Bearer " + ((ProgenyToken) result.get()).accessToken())).isTrue();
	}

	@Test
	void closeWhenATokenArrivesAfterwardsThenItIsNotInstalledAndNothingIsLoggedAboveDebug() throws Exception {
		CountDownLatch asked = new CountDownLatch(1);
		CountDownLatch answer = new CountDownLatch(1);
		this.provider = credentialsSupplierProvider(() -> {
			asked.countDown();
			awaitUninterruptibly(answer);
			return this.fixture.credentials.get();
		});
		ListAppender<ILoggingEvent> logs = captureLogs();
		try {
			CompletableFuture<String> header = this.provider.authorizationHeaderAsync();
			assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();
			this.provider.close();
			assertThat(header).failsWithin(Duration.ofSeconds(5));
			answer.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> logs.list.stream()
				.anyMatch((event) -> event.getLoggerName().equals(ProgenyTokenProvider.class.getName())));
			assertThat(obtains()).isOne();
			assertThat(this.provider.status().phase()).isEqualTo(Phase.NONE);
			assertThat(logs.list).noneMatch((event) -> event.getLevel().isGreaterOrEqual(Level.WARN));
		}
		finally {
			releaseLogs(logs);
		}
	}

	@Test
	void authorizationHeaderWhenTheClientHasLongerTimeoutsThanTheSettingsThenWaitsAsLongAsTheClient() {
		ProgenyTokenSettings settings = LifecycleFixture.settings()
			.withTimeouts(Duration.ofMillis(100), Duration.ofMillis(100));
		ProgenyTokenClient client = this.fixture.client(Duration.ofSeconds(1), Duration.ofSeconds(3));
		this.provider = this.fixture.provider(client, settings, new InMemoryProgenyTokenStore(),
				this.fixture.credentials::get);
		// the settings alone would give up after 2 x (0.1 + 0.1) + 1 = 1.4 s
		progeny().faults().delay(ProgenyEndpoint.OBTAIN, Duration.ofSeconds(2));
		assertThat(this.fixture.accepted(this.provider.authorizationHeader())).isTrue();
	}

	// The seam: the hot path and the asynchronous header

	@Test
	void freshAuthorizationHeaderWhenFreshThenTheHeaderElseNull() {
		assertThat(this.provider.freshAuthorizationHeader()).isNull();
		String header = this.provider.authorizationHeader();
		assertThat(this.provider.freshAuthorizationHeader()).isSameAs(header);
		advance(Duration.ofSeconds(239));
		assertThat(this.provider.freshAuthorizationHeader()).isNull();
	}

	@Test
	void authorizationHeaderAsyncWhenNoTokenThenNeverBlocksAndCancellingLeavesTheFlightAlone() {
		progeny().faults().hangNext(ProgenyEndpoint.OBTAIN, 1);
		CompletableFuture<String> cancelled = assertTimeoutPreemptively(Duration.ofSeconds(1),
				() -> this.provider.authorizationHeaderAsync());
		CompletableFuture<String> other = assertTimeoutPreemptively(Duration.ofSeconds(1),
				() -> this.provider.authorizationHeaderAsync());
		await().atMost(Duration.ofSeconds(5)).until(() -> progeny().faults().hungRequests() == 1);
		assertThat(cancelled.cancel(true)).isTrue();
		assertThat(other).isNotDone();
		progeny().faults().releaseHung();
		String header = other.join();
		assertThat(this.fixture.accepted(header)).isTrue();
		assertThat(this.provider.authorizationHeader()).isEqualTo(header);
		assertThat(obtains()).isOne();
	}

	@Test
	void tokenAsyncWhenNoTokenThenSharesTheFlightWithTheHeaderAndCancellingLeavesItAlone() {
		progeny().faults().hangNext(ProgenyEndpoint.OBTAIN, 1);
		CompletableFuture<ProgenyToken> cancelled = assertTimeoutPreemptively(Duration.ofSeconds(1),
				() -> this.provider.tokenAsync());
		CompletableFuture<ProgenyToken> token = assertTimeoutPreemptively(Duration.ofSeconds(1),
				() -> this.provider.tokenAsync());
		CompletableFuture<String> header = this.provider.authorizationHeaderAsync();
		await().atMost(Duration.ofSeconds(5)).until(() -> progeny().faults().hungRequests() == 1);
		assertThat(cancelled.cancel(true)).isTrue();
		assertThat(token).isNotDone();
		progeny().faults().releaseHung();
		assertThat("Bearer " + token.join().accessToken()).isEqualTo(header.join());
		assertThat(this.provider.tokenAsync()).isCompletedWithValue(this.provider.token());
		assertThat(obtains()).isOne();
	}

	@Test
	void authorizationHeaderAsyncWhenBackingOffThenFailsAtOnce() {
		progeny().faults().failNext(ProgenyEndpoint.OBTAIN, 1, 503);
		assertThat(this.provider.authorizationHeaderAsync()).failsWithin(Duration.ofSeconds(5));
		assertThat(this.provider.authorizationHeaderAsync()).isCompletedExceptionally();
		assertThat(obtains()).isOne();
	}

	// Lifecycle

	@Test
	void closeThenTheProvidersOwnThreadsStop() {
		Set<Thread> before = progenyThreads();
		ProgenyTokenClient client = this.fixture.client(Duration.ofSeconds(1), Duration.ofSeconds(1));
		ProgenyTokenProvider provider = new ProgenyTokenProvider(client, this.fixture.credentials::get,
				new InMemoryProgenyTokenStore(), ProgenyTokenSettings.defaults());
		provider.setClock(this.fixture.clock);
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

	private static ListAppender<ILoggingEvent> captureLogs() {
		Logger logger = (Logger) LoggerFactory.getLogger("tech.progeny.auth");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		logger.setLevel(Level.DEBUG);
		return appender;
	}

	private static void releaseLogs(ListAppender<ILoggingEvent> appender) {
		Logger logger = (Logger) LoggerFactory.getLogger("tech.progeny.auth");
		logger.detachAppender(appender);
		logger.setLevel(null);
	}

	private static <T> T get(Future<T> future) {
		try {
			return future.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitUninterruptibly(CountDownLatch latch) {
		boolean interrupted = false;
		while (true) {
			try {
				latch.await();
				break;
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			// a supplier that swallows the interrupt, as some blocking clients do
			Thread.interrupted();
		}
	}

	@SuppressWarnings("unchecked")
	private static <E extends Throwable> E sneaky(Throwable ex) throws E {
		throw (E) ex;
	}

}
