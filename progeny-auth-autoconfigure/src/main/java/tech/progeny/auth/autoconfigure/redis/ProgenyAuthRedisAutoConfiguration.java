package tech.progeny.auth.autoconfigure.redis;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.crypto.encrypt.Encryptors;

import tech.progeny.auth.autoconfigure.InvalidProgenyAuthPropertiesException;
import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.autoconfigure.ProgenyAuthProperties;
import tech.progeny.auth.client.ProgenyCredentialsSupplier;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.redis.RedisProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenStore;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of fleet mode: with {@code progeny.auth.store.type=redis}, every
 * instance of the application keeps its Progeny token in a {@link RedisProgenyTokenStore}
 * on Spring Boot's {@link RedisConnectionFactory} ({@code spring.data.redis.*}), so that
 * all of them share one token pair and make one token request at a time between them.
 * <p>
 * It runs before {@link ProgenyAuthAutoConfiguration}, whose in-memory store then backs
 * off, and backs off itself when the application defines a {@link ProgenyTokenStore}. The
 * setting fails at start-up, naming the dependency to add, when Spring Data Redis
 * ({@code spring-boot-starter-data-redis}) or {@code spring-security-crypto} is not on
 * the classpath, or when there is no {@link RedisConnectionFactory}.
 */
@AutoConfiguration(before = ProgenyAuthAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBooleanProperty(name = "progeny.auth.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = ProgenyAuthRedisAutoConfiguration.STORE_TYPE_PROPERTY, havingValue = "redis")
@EnableConfigurationProperties(ProgenyAuthProperties.class)
public final class ProgenyAuthRedisAutoConfiguration {

	static final String STORE_TYPE_PROPERTY = "progeny.auth.store.type";

	static final String TIMEOUT_PROPERTY = "progeny.auth.store.redis.timeout";

	static final String BOOT_TIMEOUT_PROPERTY = "spring.data.redis.timeout";

	static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(RedisProgenyTokenStore.DEFAULT_TIMEOUT_MILLIS);

	/**
	 * Return the timeout of each Redis call: {@code progeny.auth.store.redis.timeout}, else
	 * a positive {@code spring.data.redis.timeout} (Lettuce's command timeout), else
	 * {@link #DEFAULT_TIMEOUT}: Lettuce itself waits 60 s when Spring Boot sets none.
	 */
	static Duration timeout(ProgenyAuthProperties properties, Environment environment) {
		Duration timeout = properties.getStore().getRedis().getTimeout();
		if (timeout == null) {
			Duration bootTimeout = Binder.get(environment).bind(BOOT_TIMEOUT_PROPERTY, Duration.class).orElse(null);
			return (bootTimeout != null && !bootTimeout.isNegative() && !bootTimeout.isZero()) ? bootTimeout
					: DEFAULT_TIMEOUT;
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new InvalidProgenyAuthPropertiesException(TIMEOUT_PROPERTY,
					"is " + timeout + ", which is not positive",
					"Set '" + TIMEOUT_PROPERTY + "' to a short positive duration, such as '2s', or leave it unset "
							+ "to use '" + BOOT_TIMEOUT_PROPERTY + "' or 2 seconds.");
		}
		return timeout;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisConnectionFactory.class, Encryptors.class })
	static class RedisStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean(ProgenyTokenStore.class)
		RedisProgenyTokenStore progenyTokenStore(ObjectProvider<RedisConnectionFactory> connectionFactory,
				ProgenyTokenClient tokenClient, ProgenyCredentialsSupplier credentialsSupplier,
				ProgenyAuthProperties properties, Environment environment) {
			RedisConnectionFactory redis = connectionFactory.getIfUnique();
			if (redis == null) {
				throw new InvalidProgenyAuthPropertiesException(STORE_TYPE_PROPERTY,
						"is 'redis', but the application has no single RedisConnectionFactory",
						"Configure Redis through Spring Boot ('spring.data.redis.host' and the other "
								+ "'spring.data.redis.*' properties, with 'spring-boot-starter-data-redis' on the "
								+ "classpath), define one RedisConnectionFactory bean, or set '" + STORE_TYPE_PROPERTY
								+ "=in-memory'.");
			}
			RedisProgenyTokenStore store = new RedisProgenyTokenStore(redis, tokenClient.origin(),
					credentialsSupplier);
			store.setKeyPrefix(properties.getStore().getRedis().getKeyPrefix());
			store.setTimeout(timeout(properties, environment));
			return store;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.data.redis.connection.RedisConnectionFactory")
	static class MissingSpringDataRedisConfiguration {

		@Bean
		@ConditionalOnMissingBean(ProgenyTokenStore.class)
		ProgenyTokenStore progenyTokenStore() {
			throw missingDependency("Spring Data Redis",
					"'org.springframework.boot:spring-boot-starter-data-redis'");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisConnectionFactory.class)
	@ConditionalOnMissingClass("org.springframework.security.crypto.encrypt.Encryptors")
	static class MissingSecurityCryptoConfiguration {

		@Bean
		@ConditionalOnMissingBean(ProgenyTokenStore.class)
		ProgenyTokenStore progenyTokenStore() {
			throw missingDependency("spring-security-crypto (which encrypts the stored token)",
					"'org.springframework.security:spring-security-crypto'");
		}

	}

	private static InvalidProgenyAuthPropertiesException missingDependency(String what, String dependency) {
		return new InvalidProgenyAuthPropertiesException(STORE_TYPE_PROPERTY,
				"is 'redis', but " + what + " is not on the classpath",
				"Add the dependency " + dependency + " to the application, or set '" + STORE_TYPE_PROPERTY
						+ "=in-memory' to keep the token per instance.");
	}

}
