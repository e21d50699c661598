package tech.progeny.auth.autoconfigure.endpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.test.FakeProgenyExtension;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSource;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.progeny.auth.support.DemoPing.ping;

/**
 * Tests for {@link ProgenyAuthEndpointAutoConfiguration}.
 */
class ProgenyAuthEndpointAutoConfigurationTests {

	@RegisterExtension
	static final FakeProgenyExtension progeny = new FakeProgenyExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ProgenyAuthAutoConfiguration.class, ProgenyAuthEndpointAutoConfiguration.class))
		.withInitializer((context) -> TestPropertyValues.of(progeny.server().properties()).applyTo(context));

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
			ping(context.getBean("progenyRestClient", RestClient.class));
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
				assertThat(ping(context.getBean("progenyRestClient", RestClient.class)).is2xxSuccessful()).isTrue();
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
