package tech.progeny.auth.autoconfigure.health;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.ProgenyTokenProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ProgenyAuthHealthAutoConfiguration}.
 */
class ProgenyAuthHealthAutoConfigurationTests {

	private final FakeProgenyServer progeny = FakeProgenyServer.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class,
				ProgenyAuthHealthAutoConfiguration.class))
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
	void healthIndicatorWhenStarterIsEnabledThenIsDefined() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ProgenyAuthHealthIndicator.class)
			.hasBean("progenyHealthIndicator"));
	}

	@Test
	void healthIndicatorWhenActuatorIsAbsentThenStarterStillWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(HealthIndicator.class);
				assertThat(context).hasSingleBean(ProgenyTokenProvider.class);
			});
	}

	@Test
	void healthIndicatorWhenDisabledThenIsNotDefined() {
		this.contextRunner.withPropertyValues("management.health.progeny.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ProgenyAuthHealthIndicator.class));
	}

	@Test
	void healthIndicatorWhenStarterIsDisabledThenIsNotDefined() {
		this.contextRunner.withPropertyValues("progeny.auth.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ProgenyAuthHealthIndicator.class));
	}

	@Test
	void healthIndicatorWhenUserDefinesOneThenBacksOff() {
		this.contextRunner.withBean("progenyHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> assertThat(context).doesNotHaveBean(ProgenyAuthHealthIndicator.class));
	}

	@Test
	void healthWhenNoTokenWasRequestedThenUnknown() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean(ProgenyAuthHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
			assertThat(health.getDetails()).containsEntry("phase", "NONE");
		});
	}

	@Test
	void healthWhenTokenIsHeldThenUpWithoutTheToken() {
		this.contextRunner.run((context) -> {
			context.getBean("progenyRestClient", RestClient.class)
				.get()
				.uri(FakeProgenyServer.PING_PATH)
				.retrieve()
				.toBodilessEntity();
			Health health = context.getBean(ProgenyAuthHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("phase", "FRESH").containsKeys("expiresAt", "tokenId");
			assertThat(health.toString()).doesNotContain(this.progeny.password());
		});
	}

	@Test
	void healthWhenCredentialsWereRejectedThenDownWithTheReason() {
		this.contextRunner.withPropertyValues("progeny.auth.password=wrong-Pa55").run((context) -> {
			RestClient restClient = context.getBean("progenyRestClient", RestClient.class);
			assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
				.isThrownBy(() -> restClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity());
			Health health = context.getBean(ProgenyAuthHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("failure", "ProgenyCredentialsRejectedException");
			assertThat(health.getDetails().get("reason").toString())
				.contains("No active account found with the given credentials");
			assertThat(health.toString()).doesNotContain("wrong-Pa55");
		});
	}

}
