package tech.progeny.auth.autoconfigure.endpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.token.ProgenyTokenSource;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link ProgenyTokenEndpoint progeny} actuator endpoint,
 * when Spring Boot Actuator is present, the endpoint is available (exposed and not
 * switched off) and progeny-auth configured a {@link ProgenyTokenSource}.
 */
@AutoConfiguration(after = ProgenyAuthAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
public final class ProgenyAuthEndpointAutoConfiguration {

	// Nested: the condition below cannot even be read without the actuator's jars
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(ProgenyTokenEndpoint.class)
	static class AvailableEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(ProgenyTokenSource.class)
		ProgenyTokenEndpoint progenyTokenEndpoint(ProgenyTokenSource tokenSource) {
			return new ProgenyTokenEndpoint(tokenSource);
		}

	}

}
