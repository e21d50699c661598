package tech.progeny.auth.autoconfigure.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.ProgenyTokenProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProgenyAuthMetricsAutoConfiguration}.
 */
class ProgenyAuthMetricsAutoConfigurationTests {

	private final FakeProgenyServer progeny = FakeProgenyServer.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class,
				ProgenyAuthMetricsAutoConfiguration.class))
		.withPropertyValues(this.progeny.properties()
			.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new));

	@AfterEach
	void close() {
		this.progeny.close();
	}

	@Test
	void meterBinderWhenStarterIsEnabledThenIsDefined() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ProgenyTokenMeterBinder.class)
			.hasBean("progenyTokenMeterBinder"));
	}

	@Test
	void meterBinderWhenMicrometerIsAbsentThenStarterStillWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(MeterBinder.class);
			assertThat(context).hasSingleBean(ProgenyTokenProvider.class);
		});
	}

	@Test
	void meterBinderWhenStarterIsDisabledThenIsNotDefined() {
		this.contextRunner.withPropertyValues("progeny.auth.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ProgenyTokenMeterBinder.class));
	}

	@Test
	void gaugeWhenTokenIsHeldThenReportsItsRemainingLifetime() {
		this.contextRunner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(ProgenyTokenMeterBinder.class).bindTo(registry);
			assertThat(registry.get(ProgenyTokenMeterBinder.REMAINING_LIFETIME).gauge().value()).isZero();
			context.getBean("progenyRestClient", RestClient.class)
				.get()
				.uri(FakeProgenyServer.PING_PATH)
				.retrieve()
				.toBodilessEntity();
			assertThat(registry.get(ProgenyTokenMeterBinder.REMAINING_LIFETIME).gauge().value()).isBetween(250.0,
					300.0);
		});
	}

}
