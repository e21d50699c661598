package tech.progeny.auth.autoconfigure.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

import tech.progeny.auth.token.ProgenyTokenProvider;

/**
 * {@link MeterBinder} for the gauge {@value #REMAINING_LIFETIME}: how many seconds the
 * current access token remains usable, zero without one. Reading it makes no request.
 */
public final class ProgenyTokenMeterBinder implements MeterBinder {

	/**
	 * Name of the gauge of the access token's remaining lifetime, in seconds.
	 */
	public static final String REMAINING_LIFETIME = "progeny.auth.token.remaining";

	private final ProgenyTokenProvider tokenProvider;

	/**
	 * Create a new binder.
	 * @param tokenProvider the provider whose token to measure
	 */
	public ProgenyTokenMeterBinder(ProgenyTokenProvider tokenProvider) {
		Assert.notNull(tokenProvider, "tokenProvider cannot be null");
		this.tokenProvider = tokenProvider;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(REMAINING_LIFETIME, this.tokenProvider, (provider) -> provider.remainingLifetime().toMillis() / 1000.0)
			.description("Remaining lifetime of the current Progeny access token")
			.baseUnit("seconds")
			.strongReference(true)
			.register(registry);
	}

}
