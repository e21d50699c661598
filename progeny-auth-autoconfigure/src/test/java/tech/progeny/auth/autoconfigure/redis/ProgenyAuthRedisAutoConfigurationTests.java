package tech.progeny.auth.autoconfigure.redis;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.support.TestPropertySourceUtils;

import tech.progeny.auth.autoconfigure.InvalidProgenyAuthPropertiesException;
import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.autoconfigure.health.ProgenyAuthHealthAutoConfiguration;
import tech.progeny.auth.autoconfigure.metrics.ProgenyAuthMetricsAutoConfiguration;
import tech.progeny.auth.autoconfigure.ProgenyAuthProperties;
import tech.progeny.auth.autoconfigure.health.ProgenyAuthHealthAutoConfiguration;
import tech.progeny.auth.autoconfigure.metrics.ProgenyAuthMetricsAutoConfiguration;
import tech.progeny.auth.redis.RedisProgenyTokenKeys;
import tech.progeny.auth.redis.RedisProgenyTokenStore;
import tech.progeny.auth.support.LocalRedis;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyToken;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProgenyAuthRedisAutoConfiguration}, against a real {@code redis-server}.
 */
class ProgenyAuthRedisAutoConfigurationTests {

	@RegisterExtension
	static final LocalRedis redis = new LocalRedis();

	private static FakeProgenyServer progeny;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				ProgenyAuthRedisAutoConfiguration.class, ProgenyAuthAutoConfiguration.class,
				ProgenyAuthHealthAutoConfiguration.class, ProgenyAuthMetricsAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, ProgenyAuthHealthAutoConfiguration.class,
				ProgenyAuthMetricsAutoConfiguration.class))
		.withPropertyValues(progenyProperties())
		.withPropertyValues(redis.propertyValues());

	@BeforeAll
	static void startProgeny() {
		progeny = FakeProgenyServer.start();
	}

	@AfterAll
	static void stopProgeny() {
		progeny.close();
	}

	private static String[] progenyProperties() {
		return progeny.properties()
			.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

	@Test
	void storeWhenTypeIsNotSetThenInMemoryEvenWithRedisOnTheClasspath() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ProgenyTokenStore.class);
			assertThat(context).getBean(ProgenyTokenStore.class).isInstanceOf(InMemoryProgenyTokenStore.class);
			assertThat(context).doesNotHaveBean(RedisProgenyTokenStore.class);
		});
	}

	@Test
	void storeWhenTypeIsRedisThenRedisStoreOnBootsConnectionFactorySharesTheToken() {
		this.contextRunner.withPropertyValues("progeny.auth.store.type=redis").run((context) -> {
			assertThat(context).hasSingleBean(ProgenyTokenStore.class);
			assertThat(context).getBean(ProgenyTokenStore.class).isInstanceOf(RedisProgenyTokenStore.class);
			RedisProgenyTokenStore store = context.getBean(RedisProgenyTokenStore.class);
			assertThat(store.keys().entry()).startsWith(RedisProgenyTokenKeys.DEFAULT_PREFIX + "{");
			ProgenyToken token = context.getBean(ProgenyTokenProvider.class).token();
			assertThat(redis.admin().hasKey(store.keys().entry())).isTrue();
			assertThat(store.load().token().accessToken()).isEqualTo(token.accessToken());
			assertThat(store.status().type()).isEqualTo("redis");
			assertThat(store.status().reachable()).isTrue();
		});
	}

	@Test
	void healthAndMetricsWhenTypeIsRedisThenShowTheStoreAndNoSecret() {
		this.contextRunner.withPropertyValues("progeny.auth.store.type=redis").run((context) -> {
			ProgenyToken token = context.getBean(ProgenyTokenProvider.class).token();
			Health health = context.getBean("progenyHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getDetails()).containsEntry("store",
					Map.of("type", "redis", "reachable", true, "leaseHolder", false));
			assertThat(health.toString()).doesNotContain(token.accessToken(), token.refreshToken(),
					progeny.password(), progeny.username());
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(MeterBinder.class).bindTo(registry);
			assertThat(registry.get("progeny.auth.store.reachable").tag("type", "redis").gauge().value()).isOne();
			assertThat(registry.get("progeny.auth.store.lease.holder").tag("type", "redis").gauge().value()).isZero();
		});
	}

	@Test
	void storeWhenTypeIsRedisInUpperCaseThenRedisStore() {
		this.contextRunner.withPropertyValues("progeny.auth.store.type=REDIS")
			.run((context) -> assertThat(context).hasSingleBean(RedisProgenyTokenStore.class));
	}

	@Test
	void storeWhenTypeIsInMemoryThenInMemory() {
		this.contextRunner.withPropertyValues("progeny.auth.store.type=in-memory").run((context) -> {
			assertThat(context).hasSingleBean(InMemoryProgenyTokenStore.class);
			assertThat(context.getBean(ProgenyAuthProperties.class).getStore().getType())
				.isEqualTo(ProgenyAuthProperties.StoreType.IN_MEMORY);
		});
	}

	@Test
	void storeWhenKeyPrefixIsSetThenKeysUseIt() {
		this.contextRunner.withPropertyValues("progeny.auth.store.type=redis", "progeny.auth.store.redis.key-prefix=app-a:")
			.run((context) -> {
				RedisProgenyTokenStore store = context.getBean(RedisProgenyTokenStore.class);
				assertThat(store.keys().entry()).startsWith("app-a:{");
				context.getBean(ProgenyTokenProvider.class).token();
				Set<String> keys = redis.admin().keys("*");
				assertThat(keys).isNotEmpty().allSatisfy((key) -> assertThat(key).startsWith("app-a:{")
					.doesNotContain(progeny.username()));
			});
	}

	@Test
	void storeWhenUserDefinesATokenStoreThenBacksOff() {
		this.contextRunner.withPropertyValues("progeny.auth.store.type=redis")
			.withBean("myStore", ProgenyTokenStore.class, InMemoryProgenyTokenStore::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(ProgenyTokenStore.class);
				assertThat(context).hasBean("myStore");
				assertThat(context).doesNotHaveBean(RedisProgenyTokenStore.class);
			});
	}

	@Test
	void storeWhenProgenyAuthIsDisabledThenNoStore() {
		this.contextRunner.withPropertyValues("progeny.auth.store.type=redis", "progeny.auth.enabled=false")
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ProgenyTokenStore.class);
			});
	}

	@Test
	void storeWhenTypeIsRedisWithoutSpringDataRedisThenFailsNamingTheStarter() {
		this.contextRunner.withPropertyValues("progeny.auth.store.type=redis")
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.run((context) -> {
				InvalidProgenyAuthPropertiesException failure = invalidProperty(context);
				assertThat(failure.getProperty()).isEqualTo("progeny.auth.store.type");
				assertThat(failure.getReason()).contains("Spring Data Redis is not on the classpath");
				assertThat(failure.getAction())
					.contains("'org.springframework.boot:spring-boot-starter-data-redis'")
					.contains("progeny.auth.store.type=in-memory");
			});
	}

	@Test
	void storeWhenTypeIsRedisWithoutSecurityCryptoThenFailsNamingTheDependency() {
		this.contextRunner.withPropertyValues("progeny.auth.store.type=redis")
			.withClassLoader(new FilteredClassLoader("org.springframework.security.crypto"))
			.run((context) -> {
				InvalidProgenyAuthPropertiesException failure = invalidProperty(context);
				assertThat(failure.getReason()).contains("spring-security-crypto");
				assertThat(failure.getAction()).contains("'org.springframework.security:spring-security-crypto'");
			});
	}

	@Test
	void storeWhenTypeIsRedisWithoutAConnectionFactoryThenFailsNamingTheSettings() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ProgenyAuthRedisAutoConfiguration.class,
					ProgenyAuthAutoConfiguration.class))
			.withPropertyValues(progenyProperties())
			.withPropertyValues("progeny.auth.store.type=redis")
			.run((context) -> {
				InvalidProgenyAuthPropertiesException failure = invalidProperty(context);
				assertThat(failure.getReason()).contains("no single RedisConnectionFactory");
				assertThat(failure.getAction()).contains("spring.data.redis.host");
			});
	}

	@Test
	void starterWhenSpringDataRedisAndSecurityCryptoAreMissingThenWorksInMemory() {
		this.contextRunner
			.withClassLoader(
					new FilteredClassLoader("org.springframework.data.redis", "org.springframework.security.crypto"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(InMemoryProgenyTokenStore.class);
				assertThat(context.getBean(ProgenyTokenProvider.class).token()).isNotNull();
			});
	}

	@Test
	void timeoutWhenNothingIsSetThenTwoSeconds() {
		assertThat(timeout()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void timeoutWhenOnlyBootsRedisTimeoutIsSetThenBoots() {
		assertThat(timeout("spring.data.redis.timeout=750ms")).isEqualTo(Duration.ofMillis(750));
	}

	@Test
	void timeoutWhenSetThenItWinsOverBoots() {
		assertThat(timeout("spring.data.redis.timeout=30s", "progeny.auth.store.redis.timeout=1s"))
			.isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void storeWhenTimeoutIsNotPositiveThenFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("progeny.auth.store.type=redis", "progeny.auth.store.redis.timeout=0s")
			.run((context) -> {
				InvalidProgenyAuthPropertiesException failure = invalidProperty(context);
				assertThat(failure.getProperty()).isEqualTo("progeny.auth.store.redis.timeout");
				assertThat(failure.getReason()).contains("not positive");
			});
	}

	private static Duration timeout(String... properties) {
		StandardEnvironment environment = new StandardEnvironment();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(environment, properties);
		ProgenyAuthProperties progenyProperties = new ProgenyAuthProperties();
		Binder.get(environment).bind("progeny.auth", Bindable.ofInstance(progenyProperties));
		return ProgenyAuthRedisAutoConfiguration.timeout(progenyProperties, environment);
	}

	private static InvalidProgenyAuthPropertiesException invalidProperty(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof InvalidProgenyAuthPropertiesException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("startup failure caused by InvalidProgenyAuthPropertiesException")
			.isInstanceOf(InvalidProgenyAuthPropertiesException.class);
		return (InvalidProgenyAuthPropertiesException) failure;
	}

}
