package tech.progeny.auth.autoconfigure.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

import tech.progeny.auth.token.ProgenyTokenProvider;

/**
 * {@link MeterBinder} for the gauge {@value #REMAINING_LIFETIME}: how many seconds the
 * current access token remains usable, zero without one; and for the store's gauges
 * {@value #STORE_REACHABLE} and {@value #STORE_LEASE_HOLDER}, tagged with the store's
 * {@code type}. Reading them makes no request.
 */
public final class ProgenyTokenMeterBinder implements MeterBinder {

	/**
	 * Name of the gauge of the access token's remaining lifetime, in seconds.
	 */
	public static final String REMAINING_LIFETIME = "progeny.auth.token.remaining";

	/**
	 * Name of the gauge that is 1 while the token store answered its latest call, else 0.
	 */
	public static final String STORE_REACHABLE = "progeny.auth.store.reachable";

	/**
	 * Name of the gauge that is 1 while this instance holds the lease for the one token
	 * request in flight across the store's instances, else 0.
	 */
	public static final String STORE_LEASE_HOLDER = "progeny.auth.store.lease.holder";

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
		String storeType = this.tokenProvider.status().store().type();
		Gauge.builder(STORE_REACHABLE, this.tokenProvider, (provider) -> provider.status().store().reachable() ? 1 : 0)
			.description("Whether the Progeny token store answered its latest call")
			.tag("type", storeType)
			.strongReference(true)
			.register(registry);
		Gauge
			.builder(STORE_LEASE_HOLDER, this.tokenProvider,
					(provider) -> provider.status().store().leaseHolder() ? 1 : 0)
			.description("Whether this instance holds the lease for the one Progeny token request in flight")
			.tag("type", storeType)
			.strongReference(true)
			.register(registry);
	}

}
