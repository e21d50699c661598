package tech.progeny.auth.sample;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedFakeProgenyTests {

	private final EmbeddedFakeProgeny postProcessor = new EmbeddedFakeProgeny(Supplier::get);

	private final SpringApplication application = new SpringApplication();

	@Test
	void startsAFakeAndPointsProgenyPropertiesAtItWhenNoBaseUrlIsSet() {
		MockEnvironment environment = new MockEnvironment();
		FakeProgenyServer server = runContext(environment);
		assertThat(environment.getProperty("progeny.auth.base-url")).isEqualTo(server.baseUrl())
			.startsWith("http://");
		assertThat(environment.getProperty("progeny.auth.username")).isEqualTo(server.username());
		assertThat(environment.getProperty("progeny.auth.password")).isEqualTo(server.password());
		assertThat(server.tokens().accessTokenLifetime()).isEqualTo(Duration.ofSeconds(20));
		assertThat(server.isClosed()).isTrue();
	}

	@Test
	void startsAFakeWhenTheBaseUrlPlaceholderResolvesToNothing() {
		MockEnvironment environment = new MockEnvironment().withProperty("progeny.auth.base-url",
				"${PROGENY_AUTH_BASE_URL_THAT_IS_NOT_SET:}");
		FakeProgenyServer server = runContext(environment);
		assertThat(environment.getProperty("progeny.auth.base-url")).isEqualTo(server.baseUrl());
	}

	@Test
	void appliesTheConfiguredAccessTokenLifetime() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("sample.fake-progeny.access-token-lifetime", "7s");
		FakeProgenyServer server = runContext(environment);
		assertThat(server.tokens().accessTokenLifetime()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void leavesTheEnvironmentAloneWhenABaseUrlIsSet() {
		MockEnvironment environment = new MockEnvironment().withProperty("progeny.auth.base-url",
				"https://be.progeny.tech");
		Set<ApplicationContextInitializer<?>> initializers = new HashSet<>(this.application.getInitializers());
		this.postProcessor.postProcessEnvironment(environment, this.application);
		assertThat(environment.getPropertySources().contains(EmbeddedFakeProgeny.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(this.application.getInitializers()).isEqualTo(initializers);
	}

	@Test
	void leavesTheEnvironmentAloneWhenTheFakeIsDisabled() {
		MockEnvironment environment = new MockEnvironment().withProperty("sample.fake-progeny.enabled", "false");
		this.postProcessor.postProcessEnvironment(environment, this.application);
		assertThat(environment.getPropertySources().contains(EmbeddedFakeProgeny.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(environment.getProperty("progeny.auth.base-url")).isNull();
	}

	/**
	 * Post-processes the environment, then runs a context with the initializers that the
	 * post-processor added, and closes it.
	 * @return the server the context held, closed by now
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private FakeProgenyServer runContext(MockEnvironment environment) {
		Set<ApplicationContextInitializer<?>> initializers = new HashSet<>(this.application.getInitializers());
		this.postProcessor.postProcessEnvironment(environment, this.application);
		FakeProgenyServer server;
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			for (ApplicationContextInitializer initializer : this.application.getInitializers()) {
				if (!initializers.contains(initializer)) {
					initializer.initialize((ConfigurableApplicationContext) context);
				}
			}
			context.refresh();
			server = context.getBean(EmbeddedFakeProgeny.BEAN_NAME, FakeProgenyServer.class);
			assertThat(server.isClosed()).isFalse();
		}
		assertThat(server.isClosed()).isTrue();
		return server;
	}

}
