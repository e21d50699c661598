package tech.progeny.auth.token;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.util.backoff.ExponentialBackOff;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsSupplier;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.support.ManualTaskScheduler;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.test.FakeProgenyServer;

/**
 * A fake Progeny and the time of the lifecycles under test: a wall clock that the fake
 * and the providers share, and a {@link ManualTaskScheduler} whose ticker measures their
 * durations. Providers run without jitter and with the default backoffs made
 * deterministic (refresh retries 100 ms doubling to 10 s, login hold-offs 1 s doubling
 * to 5 minutes). Time moves only by {@link #advance(Duration)}, or by moving the wall
 * clock alone.
 */
final class LifecycleFixture implements AutoCloseable {

	static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	final AdjustableClock clock = AdjustableClock.at(START);

	final ManualTaskScheduler time = new ManualTaskScheduler(this.clock);

	final FakeProgenyServer progeny;

	final AtomicReference<ProgenyCredentials> credentials;

	private final List<ProgenyTokenProvider> providers = new ArrayList<>();

	private final HttpClient http = HttpClient.newHttpClient();

	LifecycleFixture() {
		this(FakeProgenyServer.builder());
	}

	/**
	 * Start the fake on the fixture's wall clock.
	 * @param progeny the fake's settings
	 */
	LifecycleFixture(FakeProgenyServer.Builder progeny) {
		this.progeny = progeny.clock(this.clock).start();
		this.credentials = new AtomicReference<>(
				new ProgenyCredentials(this.progeny.username(), this.progeny.password()));
	}

	/**
	 * Return the settings of the tests: the defaults without jitter, with 5 s timeouts.
	 * @return the settings
	 */
	static ProgenyTokenSettings settings() {
		return ProgenyTokenSettings.defaults()
			.withMaxJitter(0)
			.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
	}

	ProgenyTokenClient client(Duration connectTimeout, Duration readTimeout) {
		ProgenyTokenClient client = ProgenyTokenClient.create(URI.create(this.progeny.baseUrl()), connectTimeout,
				readTimeout);
		client.setClock(this.clock);
		return client;
	}

	ProgenyTokenProvider provider() {
		return provider(settings());
	}

	ProgenyTokenProvider provider(ProgenyTokenSettings settings) {
		return provider(settings, new InMemoryProgenyTokenStore());
	}

	ProgenyTokenProvider provider(ProgenyTokenSettings settings, ProgenyTokenStore store) {
		return provider(client(settings.connectTimeout(), settings.readTimeout()), settings, store,
				this.credentials::get);
	}

	/**
	 * Create a provider on the fixture's time, closed with the fixture.
	 */
	ProgenyTokenProvider provider(ProgenyTokenClient client, ProgenyTokenSettings settings, ProgenyTokenStore store,
			ProgenyCredentialsSupplier credentials) {
		ProgenyTokenProvider provider = new ProgenyTokenProvider(client, credentials, store, settings);
		provider.setClock(this.clock);
		provider.setTicker(this.time.ticker());
		provider.setTaskScheduler(this.time);
		provider.setJitter(() -> 0);
		provider.setRefreshBackOff(backOff(100, 10_000));
		provider.setLoginBackOff(backOff(1_000, 300_000));
		this.providers.add(provider);
		return provider;
	}

	private static ExponentialBackOff backOff(long initial, long max) {
		ExponentialBackOff backOff = new ExponentialBackOff(initial, 2.0);
		backOff.setMaxInterval(max);
		return backOff;
	}

	/**
	 * Move the wall clock and the ticker on together, running the timers that fall due.
	 * @param duration how far
	 */
	void advance(Duration duration) {
		this.time.advance(duration);
	}

	/**
	 * Return whether the fake's API accepts the given {@code Authorization} value now.
	 * @param authorization the header value
	 * @return {@code true} if the API answers 200
	 */
	boolean accepted(String authorization) {
		HttpRequest request = HttpRequest.newBuilder(this.progeny.url(FakeProgenyServer.PING_PATH))
			.header("Authorization", authorization)
			.header("Accept", "application/json")
			.build();
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the body of the latest request to a token endpoint (it holds secrets).
	 * @return the body
	 */
	String lastTokenRequestBody() {
		var requests = this.progeny.counters().recordedTokenRequests();
		return requests.get(requests.size() - 1).body();
	}

	@Override
	public void close() {
		this.providers.forEach(ProgenyTokenProvider::close);
		this.progeny.close();
	}

}
