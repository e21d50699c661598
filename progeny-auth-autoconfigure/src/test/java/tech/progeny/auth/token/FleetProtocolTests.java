package tech.progeny.auth.token;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.token.ProgenyTokenStatus.Phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The fleet protocol over the store SPI: providers that share one store (with a real,
 * time-limited lease) against the fake Progeny with rotation and blacklisting, counting
 * its token requests. Tokens obtained at the start turn stale at +239 s and unusable at
 * +284 s.
 */
class FleetProtocolTests {

	private final LifecycleFixture fixture = new LifecycleFixture();

	private final LeasingTokenStore store = new LeasingTokenStore(this.fixture.time.ticker());

	@AfterEach
	void close() {
		this.fixture.close();
	}

	private FakeProgenyServer progeny() {
		return this.fixture.progeny;
	}

	private List<ProgenyTokenProvider> providers(int count) {
		List<ProgenyTokenProvider> providers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			providers.add(this.fixture.provider(LifecycleFixture.settings(), this.store));
		}
		return providers;
	}

	@ParameterizedTest(name = "{0} s after the login")
	@ValueSource(ints = { 240, 285 })
	void authorizationHeaderWhenThreeProvidersShareAStoreThenOneExchangePerExpiryAcrossThem(int renewAfter)
			throws Exception {
		List<ProgenyTokenProvider> providers = providers(3);
		assertThat(callConcurrently(providers, 4)).hasSize(1);
		for (int expiry = 1; expiry <= 4; expiry++) {
			this.fixture.advance(Duration.ofSeconds(renewAfter));
			callConcurrently(providers, 4);
			String renewed = awaitOneFreshHeader(providers);
			assertThat(this.fixture.accepted(renewed)).isTrue();
			assertThat(progeny().counters().refreshRequests()).isEqualTo(expiry);
		}
		assertThat(progeny().counters().obtainRequests()).isOne();
		assertThat(progeny().counters().rejectedRefreshRequests()).isZero();
		assertThat(progeny().counters().maxConcurrentTokenRequests()).isOne();
		assertThat(providers).allSatisfy((provider) -> assertThat(provider.status().lastFailure()).isNull());
	}

	@Test
	void authorizationHeaderWhenAnotherProviderStoredAUsableTokenThenAdoptsItInsteadOfLoggingIn() {
		List<ProgenyTokenProvider> providers = providers(2);
		String first = providers.get(0).authorizationHeader();
		this.fixture.advance(Duration.ofSeconds(100));
		assertThat(providers.get(1).authorizationHeader()).isEqualTo(first);
		assertThat(progeny().counters().tokenRequests()).isOne();
		assertThat(providers.get(1).status().activity().logins()).isZero();
		assertThat(providers.get(1).token().expiresAt()).isEqualTo(LifecycleFixture.START.plusSeconds(299));
	}

	@Test
	void authorizationHeaderWhenTheLeaseHolderStallsThenAnotherTakesOverAfterTheLeaseExpires() throws Exception {
		ProgenyTokenClient slowClient = this.fixture.client(Duration.ofSeconds(5), Duration.ofSeconds(60));
		ProgenyTokenProvider holder = this.fixture.provider(slowClient, LifecycleFixture.settings(), this.store,
				this.fixture.credentials::get);
		ProgenyTokenProvider other = this.fixture.provider(LifecycleFixture.settings(), this.store);
		String first = holder.authorizationHeader();
		assertThat(other.authorizationHeader()).isEqualTo(first);
		progeny().faults().hangNext(ProgenyEndpoint.REFRESH, 1);
		this.fixture.advance(Duration.ofSeconds(240));
		assertThat(holder.authorizationHeader()).isEqualTo(first);
		await().atMost(Duration.ofSeconds(5)).until(() -> progeny().faults().hungRequests() == 1);
		this.fixture.advance(Duration.ofSeconds(45));
		CompletableFuture<String> waiting = other.authorizationHeaderAsync();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.leasesRefused.get() > 0);
		assertThat(waiting).isNotDone();
		// the holder's lease lasts 2 x (5 + 60) + 1 + 5 = 136 s
		this.fixture.advance(Duration.ofSeconds(136));
		String renewed = waiting.get(10, TimeUnit.SECONDS);
		assertThat(renewed).isNotEqualTo(first);
		assertThat(this.fixture.accepted(renewed)).isTrue();
		progeny().faults().releaseHung();
		await().atMost(Duration.ofSeconds(10)).until(() -> renewed.equals(holder.freshAuthorizationHeader()));
		assertThat(progeny().counters().refreshRequests()).isEqualTo(2);
		assertThat(progeny().counters().rejectedRefreshRequests()).isOne();
		assertThat(progeny().counters().obtainRequests()).isOne();
	}

	@Test
	void authorizationHeaderWhenTheHolderRefreshedButNeverStoredThenTheNextHolderLogsInOnce() {
		ProgenyTokenProvider crashing = this.fixture.provider(LifecycleFixture.settings(),
				this.store.withFailingSaves());
		ProgenyTokenProvider other = this.fixture.provider(LifecycleFixture.settings(), this.store);
		String first = other.authorizationHeader();
		assertThat(crashing.authorizationHeader()).isEqualTo(first);
		this.fixture.advance(Duration.ofSeconds(285));
		assertThat(crashing.authorizationHeader()).isNotEqualTo(first);
		assertThat(progeny().counters().refreshRequests()).isOne();
		String recovered = other.authorizationHeader();
		assertThat(this.fixture.accepted(recovered)).isTrue();
		assertThat(progeny().counters().rejectedRefreshRequests()).isOne();
		assertThat(progeny().counters().obtainRequests()).isEqualTo(2);
		this.fixture.advance(Duration.ofSeconds(285));
		assertThat(this.fixture.accepted(other.authorizationHeader())).isTrue();
		assertThat(progeny().counters().obtainRequests()).isEqualTo(2);
		assertThat(progeny().counters().rejectedRefreshRequests()).isOne();
	}

	@Test
	void authorizationHeaderWhenTheStoreIsDownThenEachProviderGoesOnAloneWarnsOnceAndSharesAgainLater() {
		List<ProgenyTokenProvider> providers = providers(2);
		String first = providers.get(0).authorizationHeader();
		assertThat(providers.get(1).authorizationHeader()).isEqualTo(first);
		ListAppender<ILoggingEvent> logs = captureLogs(GuardedStore.class);
		try {
			this.store.down(true);
			for (int expiry = 1; expiry <= 3; expiry++) {
				this.fixture.advance(Duration.ofSeconds(285));
				for (ProgenyTokenProvider provider : providers) {
					assertThat(this.fixture.accepted(provider.authorizationHeader())).isTrue();
				}
			}
			assertThat(providers).allSatisfy((provider) -> {
				assertThat(provider.status().store().reachable()).isFalse();
				assertThat(provider.status().lastFailure()).isNull();
			});
			assertThat(logs.list).filteredOn((event) -> event.getLevel() == Level.WARN).hasSize(2);
			this.store.down(false);
			this.fixture.advance(Duration.ofSeconds(285));
			String shared = providers.get(0).authorizationHeader();
			assertThat(this.store.load().token().accessToken()).isEqualTo(shared.substring("Bearer ".length()));
			assertThat(providers.get(1).authorizationHeader()).isEqualTo(shared);
			assertThat(providers).allSatisfy((provider) -> assertThat(provider.status().store().reachable()).isTrue());
			assertThat(logs.list).filteredOn((event) -> event.getLevel() == Level.INFO).hasSize(2);
		}
		finally {
			releaseLogs(logs, GuardedStore.class);
		}
	}

	@Test
	void authorizationHeaderWhenTheCredentialsAreRejectedThenLoginsAreHeldOffAcrossTheFleet() {
		this.fixture.credentials.set(new ProgenyCredentials(progeny().username(), "wrong-password"));
		List<ProgenyTokenProvider> providers = providers(2);
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(providers.get(0)::authorizationHeader);
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(providers.get(1)::authorizationHeader)
			.withMessageContaining("another instance");
		assertThat(progeny().counters().obtainRequests()).isOne();
		this.fixture.advance(Duration.ofMillis(999));
		assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
			.isThrownBy(providers.get(1)::authorizationHeader);
		assertThat(progeny().counters().obtainRequests()).isOne();
		this.fixture.credentials.set(new ProgenyCredentials(progeny().username(), progeny().password()));
		this.fixture.advance(Duration.ofMillis(1));
		assertThat(this.fixture.accepted(providers.get(1).authorizationHeader())).isTrue();
		assertThat(this.store.loginHoldOff()).isEqualTo(ProgenyLoginHoldOff.NONE);
		assertThat(providers.get(0).authorizationHeader()).isEqualTo(providers.get(1).authorizationHeader());
		assertThat(progeny().counters().obtainRequests()).isEqualTo(2);
	}

	@Test
	void invalidateWhenTheSharedEntryStillHoldsTheRejectedTokenThenOneExchangeAcrossTheFleet() {
		List<ProgenyTokenProvider> providers = providers(3);
		String rejected = providers.get(0).authorizationHeader();
		providers.forEach(ProgenyTokenProvider::authorizationHeader);
		for (ProgenyTokenProvider provider : providers) {
			assertThat(provider.invalidate(rejected)).isTrue();
			String replacement = provider.authorizationHeader();
			assertThat(replacement).isNotEqualTo(rejected);
			assertThat(this.fixture.accepted(replacement)).isTrue();
		}
		assertThat(providers.get(1).authorizationHeader()).isEqualTo(providers.get(0).authorizationHeader());
		assertThat(providers.get(2).authorizationHeader()).isEqualTo(providers.get(0).authorizationHeader());
		assertThat(progeny().counters().tokenRequests()).isEqualTo(2);
	}

	@Test
	void statusWhenAProviderHoldsTheLeaseThenSaysSo() {
		ProgenyTokenProvider provider = providers(1).get(0);
		progeny().faults().hangNext(ProgenyEndpoint.OBTAIN, 1);
		provider.authorizationHeaderAsync();
		await().atMost(Duration.ofSeconds(5)).until(() -> progeny().faults().hungRequests() == 1);
		assertThat(provider.status().store()).isEqualTo(new ProgenyTokenStatus.Store("leasing", true, true));
		progeny().faults().releaseHung();
		await().atMost(Duration.ofSeconds(5)).until(() -> provider.status().phase() == Phase.FRESH);
		assertThat(provider.status().store().leaseHolder()).isFalse();
	}

	/**
	 * Call every provider from the given number of threads each, all at once.
	 * @return the headers the calls returned
	 */
	private static Set<String> callConcurrently(List<ProgenyTokenProvider> providers, int threadsEach)
			throws Exception {
		int threads = providers.size() * threadsEach;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CyclicBarrier start = new CyclicBarrier(threads);
			List<Future<String>> calls = new ArrayList<>();
			for (ProgenyTokenProvider provider : providers) {
				for (int i = 0; i < threadsEach; i++) {
					calls.add(executor.submit(() -> {
						start.await();
						return provider.authorizationHeader();
					}));
				}
			}
			Set<String> headers = ConcurrentHashMap.newKeySet();
			for (Future<String> call : calls) {
				headers.add(call.get(30, TimeUnit.SECONDS));
			}
			return headers;
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * Wait until every provider holds the same fresh token.
	 * @return its header
	 */
	private static String awaitOneFreshHeader(List<ProgenyTokenProvider> providers) {
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			Set<String> fresh = ConcurrentHashMap.newKeySet();
			for (ProgenyTokenProvider provider : providers) {
				String header = provider.freshAuthorizationHeader();
				if (header == null) {
					return false;
				}
				fresh.add(header);
			}
			return fresh.size() == 1;
		});
		return providers.get(0).authorizationHeader();
	}

	private static ListAppender<ILoggingEvent> captureLogs(Class<?> source) {
		Logger logger = (Logger) LoggerFactory.getLogger(source);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		return appender;
	}

	private static void releaseLogs(ListAppender<ILoggingEvent> appender, Class<?> source) {
		((Logger) LoggerFactory.getLogger(source)).detachAppender(appender);
	}

}
