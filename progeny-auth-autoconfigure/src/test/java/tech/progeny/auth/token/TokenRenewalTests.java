package tech.progeny.auth.token;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.ExponentialBackOff;

import tech.progeny.auth.client.ProgenyServerUnavailableException;
import tech.progeny.auth.client.ProgenyTokenResponse;
import tech.progeny.auth.test.FakeProgenyCounters;
import tech.progeny.auth.test.IssuedTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class TokenRenewalTests {

	private static final Duration TTL = Duration.ofSeconds(26);

	private final LifecycleFixture fixture = new LifecycleFixture();

	private final LeasingTokenStore store = new LeasingTokenStore(this.fixture.time.ticker());

	private final List<ProgenyToken> refused = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	private TokenRenewal renewal(ProgenyTokenStore store) {
		LifecycleTime time = new LifecycleTime();
		time.setClock(this.fixture.clock);
		time.setTicker(this.fixture.time.ticker());
		GuardedStore guarded = new GuardedStore(store);
		TokenExchange exchange = new TokenExchange(this.fixture.client(Duration.ofSeconds(5), Duration.ofSeconds(5)),
				this.fixture.credentials::get, LifecycleFixture.settings(),
				new LoginHoldOff(new ExponentialBackOff(1_000, 2.0)), guarded, time, new LifecycleActivity());
		return new TokenRenewal(guarded, exchange, LifecycleFixture.settings(), time, this.refused::add);
	}

	private ProgenyToken renew(@Nullable ProgenyToken current, @Nullable ProgenyToken rejected) {
		return renewal(this.store).renew(current, rejected, TTL);
	}

	private CompletableFuture<ProgenyToken> renewInBackground(@Nullable ProgenyToken current, Duration ttl) {
		TokenRenewal renewal = renewal(this.store);
		return CompletableFuture.supplyAsync(() -> renewal.renew(current, null, ttl));
	}

	private ProgenyToken issued() {
		IssuedTokens tokens = this.fixture.progeny.tokens().issue(this.fixture.progeny.username());
		return ProgenyToken.from(new ProgenyTokenResponse(tokens.access(), tokens.refresh(), this.fixture.clock.instant(),
				this.fixture.clock.instant()), Duration.ofMinutes(5));
	}

	private FakeProgenyCounters counters() {
		return this.fixture.progeny.counters();
	}

	@Test
	void renewWhenNothingIsStoredThenLogsInUnderTheLeaseAndStoresTheToken() {
		ProgenyToken token = renew(null, null);
		assertThat(this.store.load().token()).isSameAs(token);
		assertThat(counters().obtainRequests()).isOne();
		assertThat(this.store.leasesGranted).hasValue(1);
		assertThat(this.store.tryAcquireLease(TTL)).isNotNull();
	}

	@Test
	void renewWhenTheStoreHoldsAUsableTokenThenAdoptsItWithoutARequest() {
		ProgenyToken stored = issued();
		this.store.compareAndSave(null, stored);
		assertThat(renew(null, null)).isSameAs(stored);
		this.fixture.advance(Duration.ofSeconds(10));
		ProgenyToken newer = issued();
		this.store.compareAndSave(this.store.load(), newer);
		assertThat(renew(stored, null)).isSameAs(newer);
		assertThat(counters().tokenRequests()).isZero();
		assertThat(this.store.leasesGranted).hasValue(0);
	}

	@Test
	void renewWhenTheStoreHoldsTheCurrentTokenThenRefreshesWithItsRefreshToken() {
		ProgenyToken current = renew(null, null);
		this.fixture.advance(Duration.ofSeconds(240));
		ProgenyToken refreshed = renew(current, null);
		assertThat(refreshed.accessToken()).isNotEqualTo(current.accessToken());
		assertThat(this.fixture.lastTokenRequestBody()).contains(current.refreshToken());
		assertThat(this.store.load().token()).isSameAs(refreshed);
		assertThat(counters().refreshRequests()).isOne();
	}

	@Test
	void renewWhenAnotherProviderHoldsTheLeaseThenWaitsForItsTokenAndAdoptsIt() throws Exception {
		ProgenyToken current = renew(null, null);
		this.fixture.advance(Duration.ofSeconds(285));
		ProgenyTokenLease holder = this.store.tryAcquireLease(TTL);
		CompletableFuture<ProgenyToken> waiting = renewInBackground(current, TTL);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.leasesRefused.get() >= 2);
		assertThat(waiting).isNotDone();
		ProgenyToken holders = issued();
		this.store.compareAndSave(this.store.load(), holders);
		holder.close();
		assertThat(waiting.get(5, TimeUnit.SECONDS)).isSameAs(holders);
		assertThat(counters().tokenRequests()).isOne();
	}

	@Test
	void renewWhenTheHoldersLeaseExpiresThenTakesItAndRefreshes() throws Exception {
		ProgenyToken current = renew(null, null);
		this.fixture.advance(Duration.ofSeconds(285));
		this.store.tryAcquireLease(Duration.ofSeconds(10));
		CompletableFuture<ProgenyToken> waiting = renewInBackground(current, TTL);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.leasesRefused.get() >= 1);
		this.fixture.advance(Duration.ofSeconds(10));
		ProgenyToken refreshed = waiting.get(5, TimeUnit.SECONDS);
		assertThat(refreshed.accessToken()).isNotEqualTo(current.accessToken());
		assertThat(this.store.load().token()).isSameAs(refreshed);
		assertThat(counters().refreshRequests()).isOne();
	}

	@Test
	void renewWhenTheLeaseStaysHeldForTwiceTheTimeToLiveThenFails() {
		ProgenyToken current = renew(null, null);
		this.store.tryAcquireLease(Duration.ofHours(1));
		CompletableFuture<ProgenyToken> waiting = renewInBackground(current, Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.leasesRefused.get() >= 1);
		this.fixture.advance(Duration.ofSeconds(2));
		assertThat(waiting).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.withCauseInstanceOf(ProgenyServerUnavailableException.class)
			.withMessageContaining("twice");
	}

	@Test
	void renewWhenTheStoreHoldsTheRejectedTokenThenRemovesItAndRefreshes() {
		ProgenyToken rejected = renew(null, null);
		ProgenyToken renewed = renew(rejected, rejected);
		assertThat(renewed.accessToken()).isNotEqualTo(rejected.accessToken());
		assertThat(this.store.load().token()).isSameAs(renewed);
		assertThat(counters().refreshRequests()).isOne();
		assertThat(counters().obtainRequests()).isOne();
	}

	@Test
	void renewWhenTheRefreshTokenIsRefusedThenForgetsItAndLogsInOnce() {
		ProgenyToken current = renew(null, null);
		this.fixture.progeny.tokens().blacklist(current.refreshToken());
		ProgenyToken renewed = renew(current, null);
		assertThat(this.refused).containsExactly(current);
		assertThat(counters().rejectedRefreshRequests()).isOne();
		assertThat(counters().obtainRequests()).isEqualTo(2);
		assertThat(this.store.load().token()).isSameAs(renewed);
	}

	@Test
	void renewWhenTheSaveLosesARaceThenAdoptsTheTokenThatWon() {
		ProgenyToken current = renew(null, null);
		this.fixture.advance(Duration.ofSeconds(285));
		ProgenyToken winner = issued();
		ProgenyTokenStore racing = this.store.withSaves((expected, token) -> {
			this.store.compareAndSave(this.store.load(), winner);
			return this.store.compareAndSave(expected, token);
		});
		assertThat(renewal(racing).renew(current, null, TTL)).isSameAs(winner);
		assertThat(counters().refreshRequests()).isOne();
	}

	@Test
	void renewWhenTheStoreIsDownThenRenewsOnItsOwn() {
		ProgenyToken current = renew(null, null);
		this.store.down(true);
		this.fixture.advance(Duration.ofSeconds(285));
		ProgenyToken refreshed = renew(current, null);
		assertThat(refreshed.accessToken()).isNotEqualTo(current.accessToken());
		assertThat(this.store.failedCalls).hasValue(1);
		this.store.down(false);
		assertThat(this.store.load().token()).isSameAs(current);
	}

}
