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
	void loadReturnsTheLatestSavedToken() {
		assertThat(this.store.load()).isNull();
		ProgenyToken first = token("first");
		ProgenyToken second = token("second");
		this.store.save(first);
		this.store.save(second);
		assertThat(this.store.load()).isSameAs(second);
	}

	@Test
	void removeOnlyRemovesTheExpectedToken() {
		ProgenyToken first = token("first");
		ProgenyToken second = token("second");
		this.store.save(second);
		assertThat(this.store.remove(first)).isFalse();
		assertThat(this.store.load()).isSameAs(second);
		assertThat(this.store.remove(second)).isTrue();
		assertThat(this.store.load()).isNull();
	}

	@Test
	void toStringShowsNoToken() {
		this.store.save(token("secret-access"));
		assertThat(this.store.toString()).doesNotContain("secret-access").doesNotContain("refresh=refresh");
	}

}
