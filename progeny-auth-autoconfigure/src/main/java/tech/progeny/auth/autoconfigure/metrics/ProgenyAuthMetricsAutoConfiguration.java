package tech.progeny.auth.autoconfigure.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.token.ProgenyTokenProvider;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the Progeny token's Micrometer gauge, with Micrometer on the class
 * path.
 */
@AutoConfiguration(after = ProgenyAuthAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(ProgenyTokenProvider.class)
public final class ProgenyAuthMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "progenyTokenMeterBinder")
	ProgenyTokenMeterBinder progenyTokenMeterBinder(ProgenyTokenProvider tokenProvider) {
		return new ProgenyTokenMeterBinder(tokenProvider);
	}

}
