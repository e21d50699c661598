package tech.progeny.auth.reliability;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyServerUnavailableException;
import tech.progeny.auth.reliability.SecretLeakExtension.Secrets;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.IssuedAtClaim;
import tech.progeny.auth.test.ProgenyEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static tech.progeny.auth.reliability.ProviderFixture.START;

/**
 * Bursts of 5xx and 429 answers, truncated bodies and dropped connections on the token
 * endpoints: typed exceptions, no request inside the backoff or {@code Retry-After}, and
 * recovery right after it.
 */
@ExtendWith(SecretLeakExtension.class)
class ErrorBurstTests {

	private final AdjustableClock clock = AdjustableClock.at(START);

	// the timings below assume a 300 s lifetime read from exp - iat
	private final FakeProgenyServer server = FakeProgenyServer.builder()
		.clock(this.clock)
		.issuedAtClaim(IssuedAtClaim.AT_ISSUE)
		.start();

	private final ProviderFixture fixture = new ProviderFixture(this.clock, this.server.baseUrl(),
			new ProgenyCredentials(this.server.username(), this.server.password()));

	@AfterEach
	void close() {
		this.fixture.close();
		this.server.close();
	}

	private ProgenyServerUnavailableException unavailable(Secrets secrets) {
		return secrets.check(
				catchThrowableOfType(ProgenyServerUnavailableException.class, this.fixture.provider::authorizationHeader));
	}

	/**
	 * The access token of the latest pair the server minted (rotation is on, so every
	 * answer mints an access and then a refresh token, truncated answers too).
	 */
	private String latestAccessToken() {
		List<String> issued = this.server.tokens().issuedTokens();
		return "Bearer " + issued.get(issued.size() - 2);
	}

	@Test
	void serverErrorBurstOnLoginThenEachAttemptAfterTheBackoffOnlyAndSuccessAfterTheBurst(Secrets secrets) {
		secrets.watch(this.server);
		for (int status : List.of(500, 502, 503, 504)) {
			this.server.faults().failNext(ProgenyEndpoint.OBTAIN, 1, CannedResponse.of(status)
				.withJsonBody("{\"detail\":\"down for " + status + "\"}"));
		}
		long delay = 100;
		for (int status : List.of(500, 502, 503, 504)) {
			ProgenyServerUnavailableException failure = unavailable(secrets);
			assertThat(failure.getStatusCode()).isEqualTo(status);
			assertThat(failure.getMessage()).contains("down for " + status);
			for (int i = 0; i < 10; i++) {
				assertThat(catchThrowable(this.fixture.provider::authorizationHeader)).isSameAs(failure);
			}
			this.fixture.advance(Duration.ofMillis(delay - 1));
			assertThat(catchThrowable(this.fixture.provider::authorizationHeader)).isSameAs(failure);
			this.fixture.advance(Duration.ofMillis(1));
			delay *= 2;
		}
		assertThat(this.fixture.provider.authorizationHeader()).isEqualTo(latestAccessToken());
		assertThat(this.server.counters().obtainRequests()).isEqualTo(5);
		assertThat(this.server.counters().maxConcurrentTokenRequests()).isEqualTo(1);
	}

	@Test
	void serverErrorBurstOnRefreshWhileTheTokenIsUsableThenItIsServedThroughoutAndRefreshedAfterTheBurst(
			Secrets secrets) {
		secrets.watch(this.server);
		String first = this.fixture.provider.authorizationHeader();
		this.server.faults().failNext(ProgenyEndpoint.REFRESH, 3, 503);
		this.fixture.advance(Duration.ofSeconds(239));
		long delay = 100;
		for (int attempt = 1; attempt <= 3; attempt++) {
			int finished = this.fixture.requests.finished();
			for (int i = 0; i < 50; i++) {
				assertThat(this.fixture.provider.authorizationHeader()).isEqualTo(first);
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> this.fixture.requests.finished() == finished + 1);
			assertThat(this.server.counters().refreshRequests()).isEqualTo(attempt);
			this.fixture.advance(Duration.ofMillis(delay - 1));
			assertThat(this.fixture.provider.authorizationHeader()).isEqualTo(first);
			this.fixture.advance(Duration.ofMillis(1));
			delay *= 2;
		}
		assertThat(this.fixture.provider.authorizationHeader()).isEqualTo(first);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.fixture.provider.authorizationHeader()).isNotEqualTo(first));
		assertThat(this.fixture.provider.authorizationHeader()).isEqualTo(latestAccessToken());
		assertThat(this.server.counters().refreshRequests()).isEqualTo(4);
		assertThat(this.server.counters().obtainRequests()).isEqualTo(1);
		assertThat(this.fixture.requests.finished("refresh:server_unavailable")).isEqualTo(3);
	}

	@Test
	void tooManyRequestsWithRetryAfterInSecondsThenNoRequestBeforeItElapses(Secrets secrets) {
		secrets.watch(this.server);
		this.server.faults().failNext(ProgenyEndpoint.OBTAIN, 1, CannedResponse.of(429).withHeader("Retry-After", "30"));
		ProgenyServerUnavailableException failure = unavailable(secrets);
		assertThat(failure.getStatusCode()).isEqualTo(429);
		assertThat(failure.getRetryAfter()).isEqualTo(Duration.ofSeconds(30));
		assertRetriedAfter(Duration.ofSeconds(30), failure);
	}

	@Test
	void tooManyRequestsWithRetryAfterAsADateThenNoRequestBeforeThatDate(Secrets secrets) {
		secrets.watch(this.server);
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(START.plusSeconds(20).atOffset(ZoneOffset.UTC));
		this.server.faults().failNext(ProgenyEndpoint.OBTAIN, 1, CannedResponse.of(429).withHeader("Retry-After", date));
		ProgenyServerUnavailableException failure = unavailable(secrets);
		assertThat(failure.getRetryAfter()).isEqualTo(Duration.ofSeconds(20));
		assertRetriedAfter(Duration.ofSeconds(20), failure);
	}

	@Test
	void tooManyRequestsWithoutRetryAfterThenTheBackoffApplies(Secrets secrets) {
		secrets.watch(this.server);
		this.server.faults().failNext(ProgenyEndpoint.OBTAIN, 1, 429);
		ProgenyServerUnavailableException failure = unavailable(secrets);
		assertThat(failure.getRetryAfter()).isNull();
		assertRetriedAfter(Duration.ofMillis(100), failure);
	}

	@Test
	void retryAfterLongerThanFiveMinutesIsCappedAtFiveMinutes(Secrets secrets) {
		secrets.watch(this.server);
		this.server.faults()
			.failNext(ProgenyEndpoint.OBTAIN, 1, CannedResponse.of(503).withHeader("Retry-After", "86400"));
		ProgenyServerUnavailableException failure = unavailable(secrets);
		assertRetriedAfter(Duration.ofMinutes(5), failure);
	}

	@Test
	void tooManyRequestsOnRefreshWhileTheTokenIsUsableThenServedAndRefreshedAfterRetryAfter(Secrets secrets) {
		secrets.watch(this.server);
		String first = this.fixture.provider.authorizationHeader();
		this.server.faults()
			.failNext(ProgenyEndpoint.REFRESH, 1, CannedResponse.of(429).withHeader("Retry-After", "20"));
		this.fixture.advance(Duration.ofSeconds(239));
		assertThat(this.fixture.provider.authorizationHeader()).isEqualTo(first);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.fixture.requests.finished() == 2);
		for (int second = 1; second < 20; second++) {
			this.fixture.advance(Duration.ofSeconds(1));
			assertThat(this.fixture.provider.authorizationHeader()).isEqualTo(first);
		}
		assertThat(this.server.counters().refreshRequests()).isEqualTo(1);
		this.fixture.advance(Duration.ofSeconds(1));
		assertThat(this.fixture.provider.authorizationHeader()).isEqualTo(first);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.fixture.provider.authorizationHeader()).isEqualTo(latestAccessToken()));
		assertThat(this.server.counters().refreshRequests()).isEqualTo(2);
	}

	@Test
	void truncatedTokenResponseThenTypedExceptionAndRecoveryAfterTheBackoff(Secrets secrets) {
		secrets.watch(this.server);
		this.server.faults().truncateNext(ProgenyEndpoint.OBTAIN, 1);
		ProgenyServerUnavailableException failure = unavailable(secrets);
		assertRetriedAfter(Duration.ofMillis(100), failure);
		assertThat(this.server.counters().obtainRequests()).isEqualTo(2);
	}

	@Test
	void droppedConnectionThenTypedExceptionAndRecoveryAfterTheBackoff(Secrets secrets) {
		secrets.watch(this.server);
		this.server.faults().dropNext(ProgenyEndpoint.OBTAIN, 1);
		ProgenyServerUnavailableException failure = unavailable(secrets);
		assertThat(failure.getStatusCode()).isZero();
		assertRetriedAfter(Duration.ofMillis(100), failure);
		assertThat(this.server.counters().obtainRequests()).isEqualTo(2);
	}

	@Test
	void truncatedAndDroppedRefreshesWhileTheTokenIsUsableThenItIsServedAndALostRotationCostsOneLogin(Secrets secrets) {
		secrets.watch(this.server);
		String first = this.fixture.provider.authorizationHeader();
		this.server.faults().truncateNext(ProgenyEndpoint.REFRESH, 1).dropNext(ProgenyEndpoint.REFRESH, 1);
		this.fixture.advance(Duration.ofSeconds(239));
		for (int attempt = 1; attempt <= 2; attempt++) {
			int finished = this.fixture.requests.finished();
			assertThat(this.fixture.provider.authorizationHeader()).isEqualTo(first);
			await().atMost(Duration.ofSeconds(5)).until(() -> this.fixture.requests.finished() == finished + 1);
			this.fixture.advance(Duration.ofMillis(100L * attempt));
		}
		assertThat(this.fixture.provider.authorizationHeader()).isEqualTo(first);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.fixture.provider.authorizationHeader()).isEqualTo(latestAccessToken()));
		assertThat(this.fixture.requests.finished("refresh:server_unavailable")).isEqualTo(2);
		assertThat(this.server.counters().refreshRequests()).isEqualTo(3);
		// the truncated answer was a completed rotation: the server blacklisted the old refresh
		// token, so the third refresh is rejected and costs exactly one login
		assertThat(this.server.counters().rejectedRefreshRequests()).isEqualTo(1);
		assertThat(this.server.counters().obtainRequests()).isEqualTo(2);
		assertThat(this.server.counters().maxConcurrentTokenRequests()).isEqualTo(1);
	}

	/**
	 * No request at all until the given delay has passed, then one that succeeds.
	 */
	private void assertRetriedAfter(Duration delay, ProgenyServerUnavailableException failure) {
		long before = this.server.counters().tokenRequests();
		this.fixture.advance(delay.minusMillis(1));
		for (int i = 0; i < 10; i++) {
			assertThat(catchThrowable(this.fixture.provider::authorizationHeader)).isSameAs(failure);
		}
		assertThat(this.server.counters().tokenRequests()).isEqualTo(before);
		this.fixture.advance(Duration.ofMillis(1));
		assertThat(this.fixture.provider.authorizationHeader()).isEqualTo(latestAccessToken());
		assertThat(this.server.counters().tokenRequests()).isEqualTo(before + 1);
	}

}
