package tech.progeny.auth.token;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.ExponentialBackOff;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.client.ProgenyMalformedResponseException;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenExchangeTests {

	private LifecycleFixture fixture = new LifecycleFixture();

	private final LeasingTokenStore store = new LeasingTokenStore(this.fixture.time.ticker());

	private final LifecycleActivity activity = new LifecycleActivity();

	private TokenExchange exchange = exchange();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	private TokenExchange exchange() {
		return exchange(this.store);
	}

	private TokenExchange exchange(ProgenyTokenStore store) {
		LifecycleTime time = new LifecycleTime();
		time.setClock(this.fixture.clock);
		time.setTicker(this.fixture.time.ticker());
		return new TokenExchange(this.fixture.client(Duration.ofSeconds(5), Duration.ofSeconds(5)),
				this.fixture.credentials::get, LifecycleFixture.settings(),
				new LoginHoldOff(new ExponentialBackOff(1_000, 2.0)), new GuardedStore(store), time,
				this.activity);
	}

	private void restart(FakeProgenyServer.Builder progeny) {
		this.fixture.close();
		this.fixture = new LifecycleFixture(progeny);
		this.exchange = exchange();
	}

	@Test
	void loginThenATokenOnTheServersClockAndOneLoginCounted() {
		ProgenyToken token = this.exchange.login();
		assertThat(token.expiresAt()).isEqualTo(LifecycleFixture.START.plusSeconds(299));
		assertThat(token.refreshToken()).isNotNull();
		assertThat(this.activity.snapshot().logins()).isOne();
		assertThat(this.activity.snapshot().lastLoginAt()).isEqualTo(LifecycleFixture.START);
	}

	@Test
	void refreshWhenRotatedThenTheNewRefreshToken() {
		ProgenyToken token = this.exchange.login();
		ProgenyToken refreshed = this.exchange.refresh(token);
		assertThat(refreshed.refreshToken()).isNotNull().isNotEqualTo(token.refreshToken());
		assertThat(this.activity.snapshot().refreshes()).isOne();
	}

	@Test
	void refreshWhenNotRotatedThenKeepsTheRefreshTokenAndItsExpiry() {
		restart(FakeProgenyServer.builder().rotateRefreshTokens(false));
		ProgenyToken token = this.exchange.login();
		ProgenyToken refreshed = this.exchange.refresh(token);
		assertThat(refreshed.accessToken()).isNotEqualTo(token.accessToken());
		assertThat(refreshed.refreshToken()).isEqualTo(token.refreshToken());
		assertThat(refreshed.refreshExpiresAt()).isEqualTo(token.refreshExpiresAt());
	}

	@Test
	void refreshWhenTheRefreshTokenIsRefusedThenNull() {
		ProgenyToken token = this.exchange.login();
		this.exchange.refresh(token);
		assertThat(this.exchange.refresh(token)).isNull();
		assertThat(this.fixture.progeny.counters().rejectedRefreshRequests()).isOne();
	}

	@Test
	void canRefreshWhenTheRefreshTokenExpiredThenFalse() {
		restart(FakeProgenyServer.builder().refreshTokenLifetime(Duration.ofSeconds(60)));
		ProgenyToken token = this.exchange.login();
		assertThat(this.exchange.canRefresh(token)).isTrue();
		this.fixture.advance(Duration.ofSeconds(59));
		assertThat(this.exchange.canRefresh(token)).isFalse();
	}

	@Test
	void loginWhenRefusedThenHoldsLoginsOffHereAndAcrossTheFleet() {
		this.fixture.credentials.set(new ProgenyCredentials(this.fixture.progeny.username(), "wrong"));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class).isThrownBy(this.exchange::login);
		assertThat(this.store.loginHoldOff()).isEqualTo(new ProgenyLoginHoldOff(Duration.ofSeconds(1), 1));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class).isThrownBy(this.exchange::login)
			.withMessageContaining("No active account");
		assertThat(this.fixture.progeny.counters().obtainRequests()).isOne();
	}

	@Test
	void loginWhenRefusedAfterTheFleetsHoldOffElapsedThenHoldsTheFleetOffForItsNextStep() {
		this.fixture.credentials.set(new ProgenyCredentials(this.fixture.progeny.username(), "wrong"));
		// another instance was refused twice: its second hold-off (2 s) has just elapsed
		this.store.holdOffLogins(new ProgenyLoginHoldOff(Duration.ZERO, 2));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class).isThrownBy(this.exchange::login)
			.withMessageContaining("No active account");
		assertThat(this.store.loginHoldOff()).isEqualTo(new ProgenyLoginHoldOff(Duration.ofSeconds(4), 3));
		this.fixture.advance(Duration.ofMillis(3_999));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class).isThrownBy(this.exchange::login);
		assertThat(this.fixture.progeny.counters().obtainRequests()).isOne();
	}

	@Test
	void loginWhenAnotherInstanceRecordedTheSameRefusalFirstThenItsHoldOffStands() {
		this.fixture.credentials.set(new ProgenyCredentials(this.fixture.progeny.username(), "wrong"));
		LeasingTokenStore shared = this.store;
		ProgenyLoginHoldOff othersRefusal = new ProgenyLoginHoldOff(Duration.ofSeconds(3), 1);
		// another instance is refused in the same attempt window, and records it first
		this.exchange = exchange(shared.withRefusalAfterEachRead(othersRefusal));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class).isThrownBy(this.exchange::login)
			.withMessageContaining("No active account");
		// one step for the two refusals, and this instance keeps to the other's hold-off
		assertThat(shared.loginHoldOff()).isEqualTo(othersRefusal);
		assertThat(shared.holdOffs).containsExactly(othersRefusal, new ProgenyLoginHoldOff(Duration.ofSeconds(1), 1));
		this.fixture.advance(Duration.ofMillis(2_999));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class).isThrownBy(this.exchange::login);
		assertThat(this.fixture.progeny.counters().obtainRequests()).isOne();
	}

	@Test
	void loginWhenTheFleetHoldsLoginsOffThenRefusedWithoutARequest() {
		this.store.holdOffLogins(new ProgenyLoginHoldOff(Duration.ofSeconds(4), 1));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class).isThrownBy(this.exchange::login)
			.withMessageContaining("another instance");
		assertThat(this.fixture.progeny.counters().obtainRequests()).isZero();
		this.fixture.advance(Duration.ofSeconds(4));
		assertThat(this.exchange.login()).isNotNull();
	}

	@Test
	void loginWhenItSucceedsAfterARefusalThenClearsTheFleetsHoldOff() {
		this.fixture.credentials.set(new ProgenyCredentials(this.fixture.progeny.username(), "wrong"));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class).isThrownBy(this.exchange::login);
		this.fixture.advance(Duration.ofSeconds(1));
		this.fixture.credentials
			.set(new ProgenyCredentials(this.fixture.progeny.username(), this.fixture.progeny.password()));
		this.exchange.login();
		this.exchange.login();
		assertThat(this.store.holdOffs).containsExactly(new ProgenyLoginHoldOff(Duration.ofSeconds(1), 1),
				ProgenyLoginHoldOff.NONE);
	}

	@Test
	void loginWhenTheTokenExpiresBeforeItCanBeUsedThenMalformedResponse() {
		String expired = this.fixture.progeny.tokens()
			.issue(this.fixture.progeny.username(), LifecycleFixture.START.minusSeconds(3600))
			.access();
		this.fixture.progeny.faults()
			.failNext(ProgenyEndpoint.OBTAIN, 1,
					CannedResponse.of(200).withJsonBody("{\"access\":\"" + expired + "\",\"refresh\":\"r\"}"));
		assertThatExceptionOfType(ProgenyMalformedResponseException.class).isThrownBy(this.exchange::login)
			.withMessageContaining("expires before it can be used");
		assertThat(this.activity.snapshot().logins()).isZero();
	}

}
