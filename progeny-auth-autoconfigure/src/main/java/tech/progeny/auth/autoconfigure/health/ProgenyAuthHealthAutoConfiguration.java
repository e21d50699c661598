package tech.progeny.auth.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.token.ProgenyTokenSource;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code progeny} health indicator, with Spring Boot's health
 * support on the class path and unless {@code management.health.progeny.enabled} is
 * {@code false}.
 */
@AutoConfiguration(after = ProgenyAuthAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ProgenyTokenSource.class)
public final class ProgenyAuthHealthAutoConfiguration {

	// Nested: the condition below cannot even be read without spring-boot-health
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("progeny")
	static class EnabledHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "progenyHealthIndicator")
		ProgenyAuthHealthIndicator progenyHealthIndicator(ProgenyTokenSource tokenSource) {
			return new ProgenyAuthHealthIndicator(tokenSource);
		}

	}

}
