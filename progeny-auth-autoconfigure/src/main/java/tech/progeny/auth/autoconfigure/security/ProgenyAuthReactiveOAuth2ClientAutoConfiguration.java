package tech.progeny.auth.autoconfigure.security;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.DelegatingReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.RefreshTokenReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.security.ProgenyReactiveClientRegistrationRepository;
import tech.progeny.auth.security.ProgenyReactiveOAuth2AuthorizationFailureHandler;
import tech.progeny.auth.security.ProgenyReactiveOAuth2AuthorizedClientProvider;
import tech.progeny.auth.token.ProgenyTokenSource;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that makes Progeny one more registration of Spring Security's
 * reactive OAuth2 client, in applications that are not servlet web applications:
 * requests with {@code clientRegistrationId("progeny")} through
 * {@code ServerOAuth2AuthorizedClientExchangeFilterFunction} get the token lifecycle's
 * tokens, without blocking. Like its blocking twin,
 * {@link ProgenyAuthOAuth2ClientAutoConfiguration}, it switches nothing of web security
 * on.
 * <ul>
 * <li>Progeny's {@link ClientRegistration} joins the application's
 * {@link ReactiveClientRegistrationRepository} beans, or, without one, an
 * {@link InMemoryReactiveClientRegistrationRepository} holding only Progeny's is
 * defined, with an {@link InMemoryReactiveOAuth2AuthorizedClientService} if the
 * application has no {@link ReactiveOAuth2AuthorizedClientService}.</li>
 * <li>A {@link ProgenyReactiveOAuth2AuthorizedClientProvider} bean, which Spring
 * Security's reactive web configuration ({@code @EnableWebFluxSecurity}) adds to the
 * manager it builds.</li>
 * <li>Without web security and without a {@link ReactiveOAuth2AuthorizedClientManager}
 * of the application's, an
 * {@link AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager} whose providers
 * are Progeny's, the application's provider beans, and Spring's refresh-token and
 * client-credentials providers unless the application defines its own.</li>
 * <li>A {@link ProgenyReactiveOAuth2AuthorizationFailureHandler} on the
 * {@link ReactiveOAuth2AuthorizedClientService}, for
 * {@code ServerOAuth2AuthorizedClientExchangeFilterFunction.setAuthorizationFailureHandler},
 * so that a 401 reaches the token lifecycle.</li>
 * </ul>
 */
@AutoConfiguration(after = ProgenyAuthAutoConfiguration.class,
		afterName = "org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientAutoConfiguration")
@Conditional(ProgenyAuthReactiveOAuth2ClientAutoConfiguration.NonServletApplicationCondition.class)
@ConditionalOnClass(value = { Mono.class, ReactiveOAuth2AuthorizedClientProvider.class },
		name = "org.springframework.web.reactive.function.client.WebClient")
@ConditionalOnBean(ProgenyTokenSource.class)
@Import(ProgenyClientRegistrationConfiguration.class)
public final class ProgenyAuthReactiveOAuth2ClientAutoConfiguration {

	@Bean
	static ProgenyClientRegistrationPostProcessor<ReactiveClientRegistrationRepository> progenyReactiveClientRegistrationRepositoryPostProcessor() {
		return new ProgenyClientRegistrationPostProcessor<>(ReactiveClientRegistrationRepository.class,
				ProgenyAuthReactiveOAuth2ClientAutoConfiguration::withProgeny);
	}

	@Bean
	@ConditionalOnMissingBean(ReactiveClientRegistrationRepository.class)
	InMemoryReactiveClientRegistrationRepository progenyReactiveClientRegistrationRepository(
			@Qualifier(ProgenyClientRegistrationConfiguration.BEAN_NAME) ClientRegistration progeny) {
		return new InMemoryReactiveClientRegistrationRepository(progeny);
	}

	@Bean
	@ConditionalOnMissingBean(ReactiveOAuth2AuthorizedClientService.class)
	InMemoryReactiveOAuth2AuthorizedClientService reactiveAuthorizedClientService(
			ReactiveClientRegistrationRepository registrations) {
		return new InMemoryReactiveOAuth2AuthorizedClientService(registrations);
	}

	@Bean
	@ConditionalOnMissingBean(ProgenyReactiveOAuth2AuthorizedClientProvider.class)
	ProgenyReactiveOAuth2AuthorizedClientProvider progenyReactiveOAuth2AuthorizedClientProvider(
			ProgenyTokenSource tokenSource) {
		return new ProgenyReactiveOAuth2AuthorizedClientProvider(tokenSource);
	}

	@Bean
	@ConditionalOnMissingBean(value = ReactiveOAuth2AuthorizedClientManager.class,
			name = ProgenyAuthOAuth2ClientAutoConfiguration.SPRING_SECURITY_MANAGER_REGISTRAR)
	AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager progenyReactiveAuthorizedClientManager(
			ReactiveClientRegistrationRepository registrations,
			ReactiveOAuth2AuthorizedClientService authorizedClientService,
			ProgenyReactiveOAuth2AuthorizedClientProvider progeny,
			ObjectProvider<ReactiveOAuth2AuthorizedClientProvider> providers) {
		List<ReactiveOAuth2AuthorizedClientProvider> chain = new AuthorizedClientProviderChain<ReactiveOAuth2AuthorizedClientProvider>(
				DelegatingReactiveOAuth2AuthorizedClientProvider.class)
			.withDefault(RefreshTokenReactiveOAuth2AuthorizedClientProvider.class,
					RefreshTokenReactiveOAuth2AuthorizedClientProvider::new)
			.withDefault(ClientCredentialsReactiveOAuth2AuthorizedClientProvider.class,
					ClientCredentialsReactiveOAuth2AuthorizedClientProvider::new)
			.providers(progeny, providers.orderedStream());
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(
				registrations, authorizedClientService);
		manager.setAuthorizedClientProvider(new DelegatingReactiveOAuth2AuthorizedClientProvider(chain));
		return manager;
	}

	@Bean
	@ConditionalOnMissingBean(ProgenyReactiveOAuth2AuthorizationFailureHandler.class)
	ProgenyReactiveOAuth2AuthorizationFailureHandler progenyReactiveOAuth2AuthorizationFailureHandler(
			ProgenyTokenSource tokenSource, ReactiveOAuth2AuthorizedClientService authorizedClientService) {
		return ProgenyReactiveOAuth2AuthorizationFailureHandler.of(tokenSource, authorizedClientService);
	}

	private static ReactiveClientRegistrationRepository withProgeny(ClientRegistration progeny,
			ReactiveClientRegistrationRepository repository) {
		if (repository instanceof ProgenyReactiveClientRegistrationRepository) {
			return repository;
		}
		if (repository instanceof InMemoryReactiveClientRegistrationRepository inMemory) {
			List<ClientRegistration> registrations = ProgenyClientRegistrationPostProcessor.withProgeny(inMemory,
					progeny);
			return (registrations != null) ? new InMemoryReactiveClientRegistrationRepository(registrations)
					: repository;
		}
		return new ProgenyReactiveClientRegistrationRepository(progeny, repository);
	}

	static class NonServletApplicationCondition extends NoneNestedConditions {

		NonServletApplicationCondition() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnWebApplication(type = Type.SERVLET)
		static class ServletApplicationCondition {

		}

	}

}
