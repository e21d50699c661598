package tech.progeny.auth.reliability;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.springframework.util.backoff.ExponentialBackOff;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.support.ManualTaskScheduler;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;

/**
 * A token client and provider on an injected clock and a {@link ManualTaskScheduler},
 * without jitter, with the default backoffs made deterministic: refresh retries 100 ms
 * doubling to 10 s, login hold-offs 1 s doubling to 5 minutes.
 */
final class ProviderFixture implements AutoCloseable {

	static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

	static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

	final AdjustableClock clock;

	final ManualTaskScheduler scheduler;

	final TokenRequestCounter requests = new TokenRequestCounter();

	final ProgenyTokenClient client;

	final ProgenyTokenProvider provider;

	ProviderFixture(AdjustableClock clock, String baseUrl, ProgenyCredentials credentials) {
		this(clock, baseUrl, credentials, ProgenyTokenSettings.defaults()
			.withMaxJitter(0)
			.withTimeouts(CONNECT_TIMEOUT, READ_TIMEOUT));
	}

	ProviderFixture(AdjustableClock clock, String baseUrl, ProgenyCredentials credentials,
			ProgenyTokenSettings settings) {
		this.clock = clock;
		this.scheduler = new ManualTaskScheduler(clock);
		this.client = ProgenyTokenClient.create(URI.create(baseUrl), settings.connectTimeout(),
				settings.readTimeout());
		this.client.setClock(clock);
		this.client.setObservationRegistry(this.requests.registry());
		this.provider = new ProgenyTokenProvider(this.client, () -> credentials, new InMemoryProgenyTokenStore(),
				settings);
		this.provider.setClock(clock);
		this.provider.setTaskScheduler(this.scheduler);
		this.provider.setTicker(this.scheduler.ticker());
		this.provider.setJitter(() -> 0);
		this.provider.setRefreshBackOff(backOff(100, 10_000));
		this.provider.setLoginBackOff(backOff(1_000, 300_000));
	}

	static ExponentialBackOff backOff(long initial, long max) {
		ExponentialBackOff backOff = new ExponentialBackOff(initial, 2.0);
		backOff.setMaxInterval(max);
		return backOff;
	}

	/**
	 * Move the clock, running the phase timers that fall due.
	 * @param duration how far
	 */
	void advance(Duration duration) {
		this.scheduler.advance(duration);
	}

	/**
	 * Move the clock to the given instant.
	 * @param instant where to
	 */
	void advanceTo(Instant instant) {
		advance(Duration.between(this.clock.instant(), instant));
	}

	@Override
	public void close() {
		this.provider.close();
	}

}
