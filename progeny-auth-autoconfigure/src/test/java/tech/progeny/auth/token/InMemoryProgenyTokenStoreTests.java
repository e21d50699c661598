package tech.progeny.auth.token;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import tech.progeny.auth.client.ProgenyTokenResponse;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryProgenyTokenStoreTests {

	private final InMemoryProgenyTokenStore store = new InMemoryProgenyTokenStore();

	private static ProgenyToken token(String access) {
		return ProgenyToken.from(new ProgenyTokenResponse(access, "refresh", Instant.EPOCH), Duration.ofMinutes(5));
	}

	@Test
	void compareAndSaveWhenExpectedEntryIsCurrentThenStoresANewerVersion() {
		assertThat(this.store.load()).isNull();
		ProgenyStoredToken first = this.store.compareAndSave(null, token("first"));
		ProgenyStoredToken second = this.store.compareAndSave(first, token("second"));
		assertThat(second.version()).isGreaterThan(first.version());
		assertThat(this.store.load()).isSameAs(second);
	}

	@Test
	void compareAndSaveWhenAnotherEntryWasStoredThenStoresNothing() {
		ProgenyStoredToken first = this.store.compareAndSave(null, token("first"));
		ProgenyStoredToken second = this.store.compareAndSave(first, token("second"));
		assertThat(this.store.compareAndSave(first, token("third"))).isNull();
		assertThat(this.store.compareAndSave(null, token("third"))).isNull();
		assertThat(this.store.load()).isSameAs(second);
	}

	@Test
	void compareAndRemoveWhenEntryIsNotTheExpectedOneThenKeepsIt() {
		ProgenyStoredToken first = this.store.compareAndSave(null, token("first"));
		ProgenyStoredToken second = this.store.compareAndSave(first, token("second"));
		assertThat(this.store.compareAndRemove(first)).isFalse();
		assertThat(this.store.load()).isSameAs(second);
		assertThat(this.store.compareAndRemove(second)).isTrue();
		assertThat(this.store.load()).isNull();
	}

	@Test
	void compareAndSaveWhenEntryWasRemovedThenVersionsStillIncrease() {
		ProgenyStoredToken first = this.store.compareAndSave(null, token("first"));
		this.store.compareAndRemove(first);
		assertThat(this.store.compareAndSave(null, token("second")).version()).isGreaterThan(first.version());
	}

	@Test
	void tryAcquireLeaseWhenStoreIsPerProcessThenGrantsTheLocalLease() {
		assertThat(this.store.tryAcquireLease(Duration.ofSeconds(30))).isSameAs(ProgenyTokenLease.LOCAL);
		assertThat(this.store.loginHoldOff()).isEqualTo(ProgenyLoginHoldOff.NONE);
	}

	@Test
	void toStringWhenTokenIsStoredThenShowsNoSecret() {
		this.store.compareAndSave(null, token("secret-access"));
		assertThat(this.store.toString()).doesNotContain("secret-access").doesNotContain("refresh=refresh");
	}

}
