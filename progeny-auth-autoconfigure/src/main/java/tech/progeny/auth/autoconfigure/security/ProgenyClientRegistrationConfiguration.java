package tech.progeny.auth.autoconfigure.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;

import tech.progeny.auth.autoconfigure.ProgenyAuthProperties;
import tech.progeny.auth.security.ProgenyClientRegistration;
import tech.progeny.auth.token.ProgenyTokenProvider;

/**
 * Progeny's {@link ClientRegistration}, shared by the blocking and the reactive
 * configuration, on the token client's base URL (where the tokens belong) and
 * {@code progeny.auth.username}.
 */
@Configuration(proxyBeanMethods = false)
class ProgenyClientRegistrationConfiguration {

	static final String BEAN_NAME = "progenyClientRegistration";

	@Bean(BEAN_NAME)
	@ConditionalOnMissingBean(name = BEAN_NAME)
	ClientRegistration progenyClientRegistration(ProgenyTokenProvider tokenProvider,
			ProgenyAuthProperties properties) {
		return ProgenyClientRegistration.create(tokenProvider.client().baseUrl(), properties.getUsername());
	}

}
