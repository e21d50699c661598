package tech.progeny.auth.token;

import java.time.Duration;
import java.time.Instant;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GuardedStoreTests {

	private static final ProgenyToken TOKEN = new ProgenyToken("access-secret", "refresh-secret",
			Instant.parse("2026-03-01T10:04:59Z"), Duration.ofMinutes(5), null, "abcdef12");

	private final LeasingTokenStore shared = new LeasingTokenStore(() -> 0);

	private final GuardedStore store = new GuardedStore(this.shared);

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeEach
	void captureLogs() {
		this.logs.start();
		((Logger) LoggerFactory.getLogger(GuardedStore.class)).addAppender(this.logs);
	}

	@AfterEach
	void releaseLogs() {
		((Logger) LoggerFactory.getLogger(GuardedStore.class)).detachAppender(this.logs);
	}

	@Test
	void callsWhenTheStoreAnswersThenPassThrough() {
		ProgenyStoredToken saved = this.store.compareAndSave(null, TOKEN);
		assertThat(this.store.load()).isSameAs(saved);
		assertThat(this.store.compareAndRemove(saved)).isTrue();
		assertThat(this.store.status()).isEqualTo(new ProgenyTokenStatus.Store("leasing", true, false));
	}

	@Test
	void loadWhenTheStoreFailsThenNothingAndUnreachableWithOneWarning() {
		this.shared.down(true);
		for (int renewal = 0; renewal < 3; renewal++) {
			this.store.beginRenewal();
			assertThat(this.store.load()).isNull();
			assertThat(this.store.isAvailable()).isFalse();
		}
		assertThat(this.store.status().reachable()).isFalse();
		assertThat(this.logs.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).contains("'leasing'", "failed to load", "store is down")
				.doesNotContain("secret");
		});
		assertThat(this.shared.failedCalls).hasValue(3);
	}

	@Test
	void callsWhenTheStoreFailedInThisRenewalThenItIsNotAskedAgainUntilTheNext() {
		this.shared.down(true);
		this.store.beginRenewal();
		assertThat(this.store.load()).isNull();
		assertThat(this.store.tryAcquireLease(Duration.ofSeconds(30))).isSameAs(ProgenyTokenLease.LOCAL);
		assertThat(this.store.compareAndSave(null, TOKEN)).isNull();
		assertThat(this.store.loginHoldOff()).isEqualTo(ProgenyLoginHoldOff.NONE);
		ProgenyLoginHoldOff local = new ProgenyLoginHoldOff(Duration.ofSeconds(2), 2);
		assertThat(this.store.holdOffLogins(local)).isSameAs(local);
		assertThat(this.shared.failedCalls).hasValue(1);
		this.store.beginRenewal();
		this.store.loginHoldOff();
		assertThat(this.shared.failedCalls).hasValue(2);
	}

	@Test
	void loadWhenTheStoreAnswersAgainThenReachableWithOneInfo() {
		this.shared.down(true);
		this.store.load();
		this.shared.down(false);
		this.store.beginRenewal();
		this.store.compareAndSave(null, TOKEN);
		assertThat(this.store.load()).isNotNull();
		assertThat(this.store.status().reachable()).isTrue();
		assertThat(this.logs.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.INFO);
	}

	@Test
	void tryAcquireLeaseWhenGrantedThenTheStatusShowsItUntilItIsReleased() {
		ProgenyTokenLease lease = this.store.tryAcquireLease(Duration.ofSeconds(30));
		assertThat(lease).isNotNull();
		assertThat(this.store.status().leaseHolder()).isTrue();
		assertThat(this.store.tryAcquireLease(Duration.ofSeconds(30))).isNull();
		lease.close();
		assertThat(this.store.status().leaseHolder()).isFalse();
		assertThat(this.store.tryAcquireLease(Duration.ofSeconds(30))).isNotNull();
	}

	@Test
	void closeOfALeaseWhenTheStoreFailedInTheRenewalThenStillReleasesIt() {
		ProgenyTokenLease lease = this.store.tryAcquireLease(Duration.ofSeconds(30));
		this.shared.down(true);
		this.store.load();
		this.shared.down(false);
		lease.close();
		assertThat(this.shared.tryAcquireLease(Duration.ofSeconds(30))).isNotNull();
	}

	@Test
	void tryAcquireLeaseWhenTheStoreIsOfOneProcessThenTheLocalLease() {
		GuardedStore local = new GuardedStore(new InMemoryProgenyTokenStore());
		assertThat(local.tryAcquireLease(Duration.ofSeconds(30))).isSameAs(ProgenyTokenLease.LOCAL);
		assertThat(local.status()).isEqualTo(ProgenyTokenStatus.Store.IN_MEMORY);
	}

	@Test
	void callsWhenTheStoreThrowsAnErrorThenItPropagates() {
		GuardedStore broken = new GuardedStore(new ProgenyTokenStore() {

			@Override
			public ProgenyStoredToken load() {
				throw new OutOfMemoryError("simulated");
			}

			@Override
			public ProgenyStoredToken compareAndSave(ProgenyStoredToken expected, ProgenyToken token) {
				return null;
			}

			@Override
			public boolean compareAndRemove(ProgenyStoredToken expected) {
				return false;
			}

		});
		assertThatExceptionOfType(OutOfMemoryError.class).isThrownBy(broken::load);
	}

}
