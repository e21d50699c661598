package tech.progeny.auth.autoconfigure.endpoint;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProgenyAuthEndpointAutoConfiguration}.
 */
class ProgenyAuthEndpointAutoConfigurationTests {

	private static FakeProgenyServer progeny;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ProgenyAuthAutoConfiguration.class, ProgenyAuthEndpointAutoConfiguration.class))
		.withPropertyValues(progeny.properties()
			.entrySet()
			.stream()
			.map((property) -> property.getKey() + "=" + property.getValue())
			.toArray(String[]::new));

	@BeforeAll
	static void startProgeny() {
		progeny = FakeProgenyServer.start();
	}

	@AfterAll
	static void stopProgeny() {
		progeny.close();
	}

	@Test
	void endpointWhenNotExposedThenAbsent() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ProgenyTokenProvider.class);
			assertThat(context).doesNotHaveBean(ProgenyTokenEndpoint.class);
		});
	}

	@Test
	void endpointWhenExposedOverTheWebThenPresentOnTheProvider() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=progeny").run((context) -> {
			assertThat(context).hasSingleBean(ProgenyTokenEndpoint.class);
			context.getBean("progenyRestClient", RestClient.class)
				.get()
				.uri(FakeProgenyServer.PING_PATH)
				.retrieve()
				.toBodilessEntity();
			assertThat(context.getBean(ProgenyTokenEndpoint.class).token().activity().logins()).isOne();
		});
	}

	@Test
	void endpointWhenAccessNoneThenAbsent() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=progeny",
					"management.endpoint.progeny.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ProgenyTokenEndpoint.class));
	}

	@Test
	void endpointWhenProgenyAuthDisabledThenAbsent() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=progeny", "progeny.auth.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ProgenyTokenSource.class);
				assertThat(context).doesNotHaveBean(ProgenyTokenEndpoint.class);
			});
	}

	@Test
	void endpointWhenUserDefinesOneThenBacksOff() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=progeny")
			.withUserConfiguration(UserEndpointConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ProgenyTokenEndpoint.class);
				assertThat(context).hasBean("userProgenyTokenEndpoint");
			});
	}

	@Test
	void autoConfigurationWhenActuatorAbsentThenStarterWorksWithoutEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=progeny")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(ProgenyTokenProvider.class);
				assertThat(context).doesNotHaveBean(ProgenyTokenEndpoint.class);
				assertThat(context.getBean("progenyRestClient", RestClient.class)
					.get()
					.uri(FakeProgenyServer.PING_PATH)
					.retrieve()
					.toBodilessEntity()
					.getStatusCode()
					.is2xxSuccessful()).isTrue();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		ProgenyTokenEndpoint userProgenyTokenEndpoint(ProgenyTokenSource tokenSource) {
			return new ProgenyTokenEndpoint(tokenSource);
		}

	}

}
