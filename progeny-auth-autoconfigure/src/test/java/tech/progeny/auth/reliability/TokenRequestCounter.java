package tech.progeny.auth.reliability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import tech.progeny.auth.client.ProgenyTokenClient;

/**
 * Counts, on the client's side, the token requests that a {@link ProgenyTokenClient}
 * makes, through its observations: also those that never reach a server that is down.
 */
final class TokenRequestCounter {

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	private final AtomicInteger started = new AtomicInteger();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	TokenRequestCounter() {
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return ProgenyTokenClient.OBSERVATION_NAME.equals(context.getName());
			}

			@Override
			public void onStart(Observation.Context context) {
				TokenRequestCounter.this.started.incrementAndGet();
				TokenRequestCounter.this.maxInFlight
					.accumulateAndGet(TokenRequestCounter.this.inFlight.incrementAndGet(), Math::max);
			}

			@Override
			public void onStop(Observation.Context context) {
				TokenRequestCounter.this.inFlight.decrementAndGet();
				String kind = value(context, "kind");
				String outcome = value(context, "outcome");
				TokenRequestCounter.this.counts.computeIfAbsent(kind, (key) -> new AtomicInteger()).incrementAndGet();
				TokenRequestCounter.this.counts.computeIfAbsent(kind + ":" + outcome, (key) -> new AtomicInteger())
					.incrementAndGet();
			}

		});
	}

	private static String value(Observation.Context context, String key) {
		KeyValue value = context.getLowCardinalityKeyValue(key);
		return (value != null) ? value.getValue() : "none";
	}

	ObservationRegistry registry() {
		return this.registry;
	}

	/**
	 * Return how many requests of the given kind finished.
	 * @param kind {@code obtain} or {@code refresh}, optionally followed by
	 * {@code :outcome}
	 * @return the count
	 */
	int finished(String kind) {
		AtomicInteger count = this.counts.get(kind);
		return (count != null) ? count.get() : 0;
	}

	int finished() {
		return finished("obtain") + finished("refresh");
	}

	int started() {
		return this.started.get();
	}

	int maxInFlight() {
		return this.maxInFlight.get();
	}

}
