package tech.progeny.auth.autoconfigure.security;

import java.util.List;

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
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.DelegatingOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.RefreshTokenOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.method.annotation.OAuth2AuthorizedClientArgumentResolver;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.security.ProgenyClientRegistrationRepository;
import tech.progeny.auth.security.ProgenyOAuth2AuthorizationFailureHandler;
import tech.progeny.auth.security.ProgenyOAuth2AuthorizedClientProvider;
import tech.progeny.auth.token.ProgenyTokenSource;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that makes Progeny one more registration of Spring Security's
 * OAuth2 client, in applications that are not reactive web applications: requests with
 * {@code clientRegistrationId("progeny")} through {@code OAuth2ClientHttpRequestInterceptor}
 * get the token lifecycle's tokens. It switches nothing of web security on: no filter
 * chain, no {@code spring-boot-security} module.
 * <ul>
 * <li>Progeny's {@link ClientRegistration} joins the application's
 * {@link ClientRegistrationRepository} beans (see
 * {@link ProgenyClientRegistrationPostProcessor}), or, without one, an
 * {@link InMemoryClientRegistrationRepository} holding only Progeny's is defined, with
 * an {@link InMemoryOAuth2AuthorizedClientService} if the application has no
 * {@link OAuth2AuthorizedClientService}.</li>
 * <li>A {@link ProgenyOAuth2AuthorizedClientProvider} bean: Spring Security's own web
 * configuration ({@code @EnableWebSecurity}) adds every
 * {@link OAuth2AuthorizedClientProvider} bean to the manager it builds.</li>
 * <li>Without web security and without an {@link OAuth2AuthorizedClientManager} of the
 * application's, an {@link AuthorizedClientServiceOAuth2AuthorizedClientManager} whose
 * providers are Progeny's, the application's provider beans, and Spring's refresh-token
 * and client-credentials providers unless the application defines its own. A manager
 * that the application defines is left as it is: a manager does not show its provider,
 * so adding Progeny's to it would mean replacing what the application chose. Add it
 * there with {@code OAuth2AuthorizedClientProviderBuilder.builder().provider(progenyProvider)}.</li>
 * <li>A {@link ProgenyOAuth2AuthorizationFailureHandler} on the
 * {@link OAuth2AuthorizedClientService}, for
 * {@code OAuth2ClientHttpRequestInterceptor.setAuthorizationFailureHandler}, so that a
 * 401 reaches the token lifecycle.</li>
 * <li>In a servlet web application without Spring Security's web configuration, an
 * {@link OAuth2AuthorizedClientArgumentResolver} for
 * {@code @RegisteredOAuth2AuthorizedClient} parameters of MVC controllers, on the
 * application's only {@link OAuth2AuthorizedClientManager}.</li>
 * </ul>
 */
@AutoConfiguration(after = ProgenyAuthAutoConfiguration.class,
		afterName = "org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration")
@Conditional(ProgenyAuthOAuth2ClientAutoConfiguration.NonReactiveWebApplicationCondition.class)
@ConditionalOnClass({ OAuth2AuthorizedClientProvider.class, ClientRegistrationRepository.class })
@ConditionalOnBean(ProgenyTokenSource.class)
@Import(ProgenyClientRegistrationConfiguration.class)
public final class ProgenyAuthOAuth2ClientAutoConfiguration {

	/**
	 * The bean that Spring Security's web configuration registers to build an
	 * authorized-client manager from the provider beans, blocking or reactive.
	 */
	static final String SPRING_SECURITY_MANAGER_REGISTRAR = "authorizedClientManagerRegistrar";

	@Bean
	static ProgenyClientRegistrationPostProcessor<ClientRegistrationRepository> progenyClientRegistrationRepositoryPostProcessor() {
		return new ProgenyClientRegistrationPostProcessor<>(ClientRegistrationRepository.class,
				ProgenyAuthOAuth2ClientAutoConfiguration::withProgeny);
	}

	@Bean
	@ConditionalOnMissingBean(ClientRegistrationRepository.class)
	InMemoryClientRegistrationRepository progenyClientRegistrationRepository(
			@Qualifier(ProgenyClientRegistrationConfiguration.BEAN_NAME) ClientRegistration progeny) {
		return new InMemoryClientRegistrationRepository(progeny);
	}

	@Bean
	@ConditionalOnMissingBean(OAuth2AuthorizedClientService.class)
	InMemoryOAuth2AuthorizedClientService authorizedClientService(ClientRegistrationRepository registrations) {
		return new InMemoryOAuth2AuthorizedClientService(registrations);
	}

	@Bean
	@ConditionalOnMissingBean(ProgenyOAuth2AuthorizedClientProvider.class)
	ProgenyOAuth2AuthorizedClientProvider progenyOAuth2AuthorizedClientProvider(ProgenyTokenSource tokenSource) {
		return new ProgenyOAuth2AuthorizedClientProvider(tokenSource);
	}

	@Bean
	@ConditionalOnMissingBean(value = OAuth2AuthorizedClientManager.class, name = SPRING_SECURITY_MANAGER_REGISTRAR)
	AuthorizedClientServiceOAuth2AuthorizedClientManager progenyAuthorizedClientManager(
			ClientRegistrationRepository registrations, OAuth2AuthorizedClientService authorizedClientService,
			ProgenyOAuth2AuthorizedClientProvider progeny, ObjectProvider<OAuth2AuthorizedClientProvider> providers) {
		List<OAuth2AuthorizedClientProvider> chain = new AuthorizedClientProviderChain<OAuth2AuthorizedClientProvider>(
				DelegatingOAuth2AuthorizedClientProvider.class)
			.withDefault(RefreshTokenOAuth2AuthorizedClientProvider.class, RefreshTokenOAuth2AuthorizedClientProvider::new)
			.withDefault(ClientCredentialsOAuth2AuthorizedClientProvider.class,
					ClientCredentialsOAuth2AuthorizedClientProvider::new)
			.providers(progeny, providers.orderedStream());
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, authorizedClientService);
		manager.setAuthorizedClientProvider(new DelegatingOAuth2AuthorizedClientProvider(chain));
		return manager;
	}

	@Bean
	@ConditionalOnMissingBean(ProgenyOAuth2AuthorizationFailureHandler.class)
	ProgenyOAuth2AuthorizationFailureHandler progenyOAuth2AuthorizationFailureHandler(ProgenyTokenSource tokenSource,
			OAuth2AuthorizedClientService authorizedClientService) {
		return ProgenyOAuth2AuthorizationFailureHandler.of(tokenSource, authorizedClientService);
	}

	private static ClientRegistrationRepository withProgeny(ClientRegistration progeny,
			ClientRegistrationRepository repository) {
		if (repository instanceof ProgenyClientRegistrationRepository) {
			return repository;
		}
		if (repository instanceof InMemoryClientRegistrationRepository inMemory) {
			List<ClientRegistration> registrations = ProgenyClientRegistrationPostProcessor.withProgeny(inMemory,
					progeny);
			return (registrations != null) ? new InMemoryClientRegistrationRepository(registrations) : repository;
		}
		return new ProgenyClientRegistrationRepository(progeny, repository);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass({ WebMvcConfigurer.class, HandlerMethodArgumentResolver.class })
	@ConditionalOnMissingBean(name = SPRING_SECURITY_MANAGER_REGISTRAR)
	static class WebMvcConfiguration {

		/**
		 * Resolves {@code @RegisteredOAuth2AuthorizedClient} parameters as Spring
		 * Security's web configuration would, which is not there.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "progenyOAuth2AuthorizedClientArgumentResolverConfigurer")
		WebMvcConfigurer progenyOAuth2AuthorizedClientArgumentResolverConfigurer(
				ObjectProvider<OAuth2AuthorizedClientManager> authorizedClientManager) {
			return new WebMvcConfigurer() {

				@Override
				public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
					authorizedClientManager.ifUnique(
							(manager) -> resolvers.add(new OAuth2AuthorizedClientArgumentResolver(manager)));
				}

			};
		}

	}

	static class NonReactiveWebApplicationCondition extends NoneNestedConditions {

		NonReactiveWebApplicationCondition() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnWebApplication(type = Type.REACTIVE)
		static class ReactiveWebApplicationCondition {

		}

	}

}
