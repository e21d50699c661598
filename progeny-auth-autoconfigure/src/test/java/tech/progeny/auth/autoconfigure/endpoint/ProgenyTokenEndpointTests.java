package tech.progeny.auth.autoconfigure.endpoint;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tech.progeny.auth.autoconfigure.endpoint.ProgenyTokenEndpoint.InvalidationDescriptor;
import tech.progeny.auth.autoconfigure.endpoint.ProgenyTokenEndpoint.ProgenyTokenDescriptor;
import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.support.ManualTaskScheduler;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;
import tech.progeny.auth.token.ProgenyTokenStatus.Phase;
import tech.progeny.auth.token.ProgenyTokenStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link ProgenyTokenEndpoint} on a real provider and the fake Progeny, with a
 * hand-driven clock and scheduler.
 */
class ProgenyTokenEndpointTests {

	private final AdjustableClock clock = AdjustableClock.at(Instant.parse("2026-12-01T10:00:00Z"));

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(this.clock);

	private FakeProgenyServer progeny;

	private ProgenyTokenProvider provider;

	private ProgenyTokenEndpoint endpoint;

	@BeforeEach
	void start() {
		this.progeny = FakeProgenyServer.builder().clock(this.clock).start();
		this.provider = provider(this.progeny.password());
		this.endpoint = new ProgenyTokenEndpoint(this.provider);
	}

	private ProgenyTokenProvider provider(String password) {
		ProgenyTokenClient client = ProgenyTokenClient.create(URI.create(this.progeny.baseUrl()),
				Duration.ofSeconds(5), Duration.ofSeconds(10));
		client.setClock(this.clock);
		ProgenyTokenProvider provider = new ProgenyTokenProvider(client,
				() -> new ProgenyCredentials(this.progeny.username(), password), new InMemoryProgenyTokenStore(),
				ProgenyTokenSettings.defaults().withMaxJitter(0));
		provider.setClock(this.clock);
		provider.setTaskScheduler(this.scheduler);
		return provider;
	}

	@AfterEach
	void stop() {
		this.provider.close();
		this.progeny.close();
	}

	@Test
	void tokenWhenNothingRequestedYetThenPhaseNoneAndNoActivity() {
		ProgenyTokenDescriptor token = this.endpoint.token();
		assertThat(token.phase()).isEqualTo(Phase.NONE);
		assertThat(token.expiresAt()).isNull();
		assertThat(token.tokenId()).isNull();
		assertThat(token.lastFailure()).isNull();
		assertThat(token.activity()).isEqualTo(ProgenyTokenStatus.Activity.NONE);
		assertThat(token.store()).isEqualTo(ProgenyTokenStatus.Store.IN_MEMORY);
		assertThat(this.progeny.counters().tokenRequests()).isZero();
	}

	@Test
	void tokenWhenLoggedInThenShowsPhaseExpiryIdAndLoginWithoutARequest() {
		this.provider.authorizationHeader();
		ProgenyTokenDescriptor token = this.endpoint.token();
		assertThat(token.phase()).isEqualTo(Phase.FRESH);
		assertThat(token.expiresAt()).isEqualTo(this.provider.status().expiresAt()).isAfter(this.clock.instant());
		assertThat(token.tokenId()).isNotBlank().isEqualTo(this.provider.token().id());
		assertThat(token.activity().logins()).isOne();
		assertThat(token.activity().refreshes()).isZero();
		assertThat(token.activity().lastLoginAt()).isEqualTo(this.clock.instant());
		assertThat(this.progeny.counters().tokenRequests()).isOne();
	}

	@Test
	void tokenWhenLoginRejectedThenLastFailureNamesItWithoutThePassword() {
		this.provider.close();
		String wrongPassword = "not-the-password-7f1e";
		this.provider = provider(wrongPassword);
		this.endpoint = new ProgenyTokenEndpoint(this.provider);
		assertThatExceptionOfType(ProgenyAuthException.class).isThrownBy(this.provider::authorizationHeader);
		ProgenyTokenDescriptor token = this.endpoint.token();
		assertThat(token.phase()).isEqualTo(Phase.NONE);
		assertThat(token.lastFailure()).isNotNull();
		assertThat(token.lastFailure().type()).isEqualTo("ProgenyCredentialsRejectedException");
		assertThat(token.lastFailure().message()).contains("No active account found")
			.doesNotContain(wrongPassword)
			.doesNotContain(this.progeny.password());
		assertThat(token.activity().failures()).isOne();
	}

	@Test
	void invalidateWhenNoTokenThenNothingInvalidatedAndNoRequest() {
		InvalidationDescriptor invalidation = this.endpoint.invalidate();
		assertThat(invalidation.invalidated()).isFalse();
		assertThat(invalidation.token().phase()).isEqualTo(Phase.NONE);
		assertThat(this.progeny.counters().tokenRequests()).isZero();
	}

	@Test
	void invalidateWhenFreshThenTokenUnusableAndNextRequestMakesOneExchange() {
		String header = this.provider.authorizationHeader();
		String tokenId = this.provider.status().tokenId();
		InvalidationDescriptor invalidation = this.endpoint.invalidate();
		assertThat(invalidation.invalidated()).isTrue();
		assertThat(invalidation.token().phase()).isEqualTo(Phase.UNUSABLE);
		assertThat(invalidation.token().activity().invalidations()).isOne();
		assertThat(this.progeny.counters().tokenRequests()).isOne();
		assertThat(this.provider.authorizationHeader()).isNotEqualTo(header);
		assertThat(this.provider.authorizationHeader()).isNotEqualTo(header);
		assertThat(this.progeny.counters().tokenRequests()).isEqualTo(2);
		assertThat(this.endpoint.token().tokenId()).isNotEqualTo(tokenId);
		assertThat(this.endpoint.token().phase()).isEqualTo(Phase.FRESH);
	}

	@Test
	void invalidateWhenStaleThenInvalidatedWithOneExchangeInAll() {
		String header = this.provider.authorizationHeader();
		// a 5-minute token turns stale 60 s before its expiry
		this.scheduler.advance(Duration.ofSeconds(241));
		assertThat(this.provider.status().phase()).isEqualTo(Phase.STALE);
		// reading a stale token starts the one refresh in the background: hold it
		this.progeny.faults().hangNext(ProgenyEndpoint.REFRESH, 1);
		InvalidationDescriptor invalidation = this.endpoint.invalidate();
		assertThat(invalidation.invalidated()).isTrue();
		assertThat(invalidation.token().phase()).isEqualTo(Phase.UNUSABLE);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.progeny.faults().hungRequests() == 1);
		this.progeny.faults().releaseHung();
		assertThat(this.provider.authorizationHeader()).isNotEqualTo(header);
		assertThat(this.endpoint.token().phase()).isEqualTo(Phase.FRESH);
		assertThat(this.progeny.counters().tokenRequests()).isEqualTo(2);
		assertThat(this.progeny.counters().refreshRequests()).isOne();
	}

	@Test
	void invalidateWhenCalledTwiceThenSecondFindsNothingToInvalidate() {
		this.provider.authorizationHeader();
		assertThat(this.endpoint.invalidate().invalidated()).isTrue();
		assertThat(this.endpoint.invalidate().invalidated()).isFalse();
		assertThat(this.endpoint.token().activity().invalidations()).isOne();
		assertThat(this.progeny.counters().tokenRequests()).isOne();
	}

}
