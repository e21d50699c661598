package tech.progeny.auth.autoconfigure.security;

import java.net.URI;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.util.StringUtils;

import tech.progeny.auth.autoconfigure.InvalidProgenyAuthPropertiesException;
import tech.progeny.auth.autoconfigure.ProgenyAuthProperties;
import tech.progeny.auth.security.ProgenyClientRegistration;

/**
 * Progeny's {@link ClientRegistration}, shared by the blocking and the reactive
 * configuration, from {@code progeny.auth.base-url} and {@code progeny.auth.username}.
 */
@Configuration(proxyBeanMethods = false)
class ProgenyClientRegistrationConfiguration {

	static final String BEAN_NAME = "progenyClientRegistration";

	@Bean(BEAN_NAME)
	@ConditionalOnMissingBean(name = BEAN_NAME)
	ClientRegistration progenyClientRegistration(ProgenyAuthProperties properties) {
		return ProgenyClientRegistration.create(baseUrl(properties), properties.getUsername());
	}

	/**
	 * Read the base URL; the core auto-configuration checks it in full when it builds the
	 * token client.
	 */
	private static URI baseUrl(ProgenyAuthProperties properties) {
		String value = properties.getBaseUrl();
		try {
			if (StringUtils.hasText(value)) {
				return URI.create(value.trim());
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw new InvalidProgenyAuthPropertiesException("progeny.auth.base-url",
				StringUtils.hasText(value) ? "is '" + value + "', which is not a URL" : "is not set",
				"Set 'progeny.auth.base-url' to the base URL of the Progeny API, such as 'https://be.progeny.tech'.");
	}

}
