package tech.progeny.auth.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.DelegatingOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.security.ProgenyClientRegistration;
import tech.progeny.auth.security.ProgenyClientRegistrationRepository;
import tech.progeny.auth.security.ProgenyOAuth2AuthorizationFailureHandler;
import tech.progeny.auth.security.ProgenyOAuth2AuthorizedClientProvider;
import tech.progeny.auth.security.ProgenyReactiveOAuth2AuthorizationFailureHandler;
import tech.progeny.auth.security.ProgenyReactiveOAuth2AuthorizedClientProvider;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.ProgenyTokenProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProgenyAuthOAuth2ClientAutoConfiguration} and
 * {@link ProgenyAuthReactiveOAuth2ClientAutoConfiguration}.
 */
class ProgenyAuthOAuth2ClientAutoConfigurationTests {

	private static final TestingAuthenticationToken PRINCIPAL = new TestingAuthenticationToken("app", null);

	private static FakeProgenyServer progeny;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class,
				ProgenyAuthOAuth2ClientAutoConfiguration.class, ProgenyAuthReactiveOAuth2ClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class))
		.withPropertyValues(properties());

	@BeforeAll
	static void startProgeny() {
		progeny = FakeProgenyServer.start();
	}

	@AfterAll
	static void stopProgeny() {
		progeny.close();
	}

	private static String[] properties() {
		return progeny.properties()
			.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

	@Test
	void runWhenTheApplicationHasNoneThenDefinesRegistrationRepositoryManagerAndProvider() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(InMemoryClientRegistrationRepository.class)
				.hasSingleBean(InMemoryOAuth2AuthorizedClientService.class)
				.hasSingleBean(ProgenyOAuth2AuthorizedClientProvider.class)
				.hasSingleBean(AuthorizedClientServiceOAuth2AuthorizedClientManager.class)
				.hasSingleBean(ProgenyOAuth2AuthorizationFailureHandler.class);
			ClientRegistration registration = context.getBean(ClientRegistrationRepository.class)
				.findByRegistrationId("progeny");
			assertThat(registration).isNotNull();
			assertThat(registration.getAuthorizationGrantType()).isEqualTo(ProgenyClientRegistration.GRANT_TYPE);
			assertThat(registration.getProviderDetails().getTokenUri())
				.isEqualTo(progeny.baseUrl() + FakeProgenyServer.OBTAIN_PATH);
			assertThat(registration.getClientId()).isEqualTo(progeny.username());
			assertThat(registration.getClientSecret()).isEmpty();
		});
	}

	@Test
	void startWhenContextRefreshesThenMakesNoTokenRequest() {
		long before = progeny.counters().tokenRequests();
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
		assertThat(progeny.counters().tokenRequests()).isEqualTo(before);
	}

	@Test
	void authorizeWhenManagerIsAutoConfiguredThenUsesTheLifecyclesToken() {
		this.contextRunner.run((context) -> {
			OAuth2AuthorizedClient client = context.getBean(OAuth2AuthorizedClientManager.class)
				.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("progeny").principal(PRINCIPAL).build());
			assertThat(client).isNotNull();
			assertThat("Bearer " + client.getAccessToken().getTokenValue())
				.isEqualTo(context.getBean(ProgenyTokenProvider.class).authorizationHeader());
			assertThat(client.getRefreshToken()).isNull();
		});
	}

	@Test
	void repositoryWhenTheApplicationHasAnInMemoryOneThenAddsProgenyKeepingItsTypeAndRegistrations() {
		this.contextRunner.withUserConfiguration(InMemoryRegistrationsConfiguration.class).run((context) -> {
			InMemoryClientRegistrationRepository repository = context.getBean(InMemoryClientRegistrationRepository.class);
			assertThat(repository.findByRegistrationId("other")).isNotNull();
			assertThat(repository.findByRegistrationId("progeny")).isNotNull();
			List<String> ids = new ArrayList<>();
			repository.forEach((registration) -> ids.add(registration.getRegistrationId()));
			assertThat(ids).containsExactly("other", "progeny");
		});
	}

	@Test
	void repositoryWhenTheApplicationHasARegistrationWithProgenysIdThenReplacesIt() {
		this.contextRunner.withUserConfiguration(ClashingRegistrationConfiguration.class).run((context) -> {
			ClientRegistration registration = context.getBean(ClientRegistrationRepository.class)
				.findByRegistrationId("progeny");
			assertThat(registration.getAuthorizationGrantType()).isEqualTo(ProgenyClientRegistration.GRANT_TYPE);
		});
	}

	@Test
	void repositoryWhenOfAnotherTypeThenWrapsIt() {
		this.contextRunner.withUserConfiguration(CustomRepositoryConfiguration.class).run((context) -> {
			ClientRegistrationRepository repository = context.getBean(ClientRegistrationRepository.class);
			assertThat(repository).isInstanceOf(ProgenyClientRegistrationRepository.class);
			assertThat(repository.findByRegistrationId("other").getClientId()).isEqualTo("other-client");
			assertThat(repository.findByRegistrationId("progeny")).isNotNull();
			assertThat(repository.findByRegistrationId("missing")).isNull();
		});
	}

	@Test
	void managerWhenTheApplicationDefinesOneThenLeavesItAlone() {
		this.contextRunner.withUserConfiguration(ManagerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(OAuth2AuthorizedClientManager.class);
			assertThat(context.getBean(OAuth2AuthorizedClientManager.class))
				.isSameAs(context.getBean(ManagerConfiguration.class).manager);
			assertThat(context).hasSingleBean(ProgenyOAuth2AuthorizedClientProvider.class);
		});
	}

	@Test
	void managerWhenSpringSecuritysWebConfigurationIsThereThenLeavesItToIt() {
		this.contextRunner.withBean(ProgenyAuthOAuth2ClientAutoConfiguration.SPRING_SECURITY_MANAGER_REGISTRAR,
				Object.class, Object::new)
			.run((context) -> assertThat(context).doesNotHaveBean(OAuth2AuthorizedClientManager.class)
				.doesNotHaveBean(ReactiveOAuth2AuthorizedClientManager.class)
				.hasSingleBean(ProgenyOAuth2AuthorizedClientProvider.class)
				.hasSingleBean(ProgenyReactiveOAuth2AuthorizedClientProvider.class));
	}

	@Test
	void managerWhenTheApplicationDefinesProvidersThenAsksThemAfterProgenysAndTheStandardOnesForTheRest() {
		this.contextRunner.withUserConfiguration(ProviderConfiguration.class).run((context) -> {
			OAuth2AuthorizedClientManager manager = context.getBean(OAuth2AuthorizedClientManager.class);
			OAuth2AuthorizedClient custom = manager
				.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("custom").principal(PRINCIPAL).build());
			assertThat(custom.getAccessToken().getTokenValue()).isEqualTo("custom-token");
			assertThat(manager
				.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("progeny").principal(PRINCIPAL).build()))
				.isNotNull();
		});
	}

	@Test
	void managerWhenTheApplicationDefinesADelegatingProviderThenAddsNoStandardProvider() {
		this.contextRunner.withUserConfiguration(DelegatingProviderConfiguration.class).run((context) -> {
			OAuth2AuthorizedClientManager manager = context.getBean(OAuth2AuthorizedClientManager.class);
			assertThat(manager
				.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("custom").principal(PRINCIPAL).build())
				.getAccessToken()
				.getTokenValue()).isEqualTo("custom-token");
			assertThat(context.getBean(DelegatingProviderConfiguration.class).calls).hasSize(1);
		});
	}

	@Test
	void runWhenNotAWebApplicationThenDefinesTheReactiveBeans() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(InMemoryReactiveClientRegistrationRepository.class)
				.hasSingleBean(ProgenyReactiveOAuth2AuthorizedClientProvider.class)
				.hasSingleBean(AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager.class)
				.hasSingleBean(ProgenyReactiveOAuth2AuthorizationFailureHandler.class);
			assertThat(context.getBean(ReactiveClientRegistrationRepository.class)
				.findByRegistrationId("progeny")
				.block()).isNotNull();
		});
	}

	@Test
	void runWhenServletWebApplicationThenDefinesOnlyTheBlockingBeansWithTheirArgumentResolver() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class,
				ProgenyAuthOAuth2ClientAutoConfiguration.class, ProgenyAuthReactiveOAuth2ClientAutoConfiguration.class))
			.withPropertyValues(properties())
			.run((context) -> assertThat(context).hasSingleBean(OAuth2AuthorizedClientManager.class)
				.doesNotHaveBean(ReactiveOAuth2AuthorizedClientManager.class)
				.doesNotHaveBean(ReactiveClientRegistrationRepository.class)
				.hasBean("progenyOAuth2AuthorizedClientArgumentResolverConfigurer"));
	}

	@Test
	void runWhenReactiveWebApplicationThenDefinesOnlyTheReactiveBeans() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class,
					ProgenyAuthOAuth2ClientAutoConfiguration.class,
					ProgenyAuthReactiveOAuth2ClientAutoConfiguration.class))
			.withPropertyValues(properties())
			.run((context) -> assertThat(context).hasSingleBean(ReactiveOAuth2AuthorizedClientManager.class)
				.doesNotHaveBean(OAuth2AuthorizedClientManager.class)
				.doesNotHaveBean(ClientRegistrationRepository.class)
				.doesNotHaveBean(WebMvcConfigurer.class));
	}

	@Test
	void runWhenSpringSecurityIsAbsentThenTheStarterWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(ProgenyTokenProvider.class)
					.doesNotHaveBean("progenyClientRegistration")
					.doesNotHaveBean("progenyAuthorizedClientManager")
					.doesNotHaveBean("progenyReactiveAuthorizedClientManager");
				assertThat(context.getBean(ProgenyTokenProvider.class).authorizationHeader()).startsWith("Bearer ");
			});
	}

	@Test
	void runWhenReactorIsAbsentThenDefinesTheBlockingBeans() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Mono.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(OAuth2AuthorizedClientManager.class)
				.doesNotHaveBean("progenyReactiveAuthorizedClientManager"));
	}

	@Test
	void runWhenWebClientIsAbsentThenDefinesNoReactiveBean() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.web.reactive.function.client"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(OAuth2AuthorizedClientManager.class)
				.doesNotHaveBean("progenyReactiveAuthorizedClientManager"));
	}

	@Test
	void runWhenTheStarterIsDisabledThenDefinesNothing() {
		this.contextRunner.withPropertyValues("progeny.auth.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("progenyClientRegistration")
				.doesNotHaveBean(OAuth2AuthorizedClientManager.class)
				.doesNotHaveBean(ReactiveOAuth2AuthorizedClientManager.class));
	}

	@Test
	void providerWhenTheApplicationDefinesOneThenBacksOff() {
		this.contextRunner.withUserConfiguration(OwnProgenyProviderConfiguration.class)
			.run((context) -> assertThat(context.getBean(ProgenyOAuth2AuthorizedClientProvider.class))
				.isSameAs(context.getBean(OwnProgenyProviderConfiguration.class).provider));
	}

	@Test
	void backsOffWhenTheApplicationDefinesTheReactiveFailureHandler() {
		this.contextRunner.withUserConfiguration(OwnReactiveFailureHandlerConfiguration.class)
			.run((context) -> assertThat(context.getBean(ProgenyReactiveOAuth2AuthorizationFailureHandler.class))
				.isSameAs(context.getBean(OwnReactiveFailureHandlerConfiguration.class).handler));
	}

	/**
	 * A token provider of the application's that is never asked for a token.
	 */
	private static ProgenyTokenProvider unusedTokenProvider() {
		return new ProgenyTokenProvider(
				tech.progeny.auth.client.ProgenyTokenClient.create(java.net.URI.create("http://127.0.0.1:9"),
						java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)),
				() -> null, new tech.progeny.auth.token.InMemoryProgenyTokenStore(),
				tech.progeny.auth.token.ProgenyTokenSettings.defaults());
	}

	private static ClientRegistration other(String id, AuthorizationGrantType grantType) {
		return ClientRegistration.withRegistrationId(id)
			.clientId(id + "-client")
			.clientSecret("secret")
			.authorizationGrantType(grantType)
			.tokenUri("http://127.0.0.1:9/token")
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	static class InMemoryRegistrationsConfiguration {

		@Bean
		InMemoryClientRegistrationRepository clientRegistrationRepository() {
			return new InMemoryClientRegistrationRepository(other("other", AuthorizationGrantType.CLIENT_CREDENTIALS));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClashingRegistrationConfiguration {

		@Bean
		InMemoryClientRegistrationRepository clientRegistrationRepository() {
			return new InMemoryClientRegistrationRepository(other("progeny", AuthorizationGrantType.CLIENT_CREDENTIALS));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomRepositoryConfiguration {

		@Bean
		ClientRegistrationRepository clientRegistrationRepository() {
			ClientRegistration other = other("other", AuthorizationGrantType.CLIENT_CREDENTIALS);
			return (id) -> id.equals("other") ? other : null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ManagerConfiguration {

		final OAuth2AuthorizedClientManager manager = (request) -> null;

		@Bean
		OAuth2AuthorizedClientManager authorizedClientManager() {
			return this.manager;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnProgenyProviderConfiguration {

		final ProgenyOAuth2AuthorizedClientProvider provider = new ProgenyOAuth2AuthorizedClientProvider(
				unusedTokenProvider());

		@Bean
		ProgenyOAuth2AuthorizedClientProvider ownProgenyProvider() {
			return this.provider;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnReactiveFailureHandlerConfiguration {

		final ProgenyReactiveOAuth2AuthorizationFailureHandler handler = new ProgenyReactiveOAuth2AuthorizationFailureHandler(
				unusedTokenProvider(), (registrationId, principal, attributes) -> Mono.empty(),
				(failure, principal, attributes) -> Mono.empty());

		@Bean
		ProgenyReactiveOAuth2AuthorizationFailureHandler ownReactiveFailureHandler() {
			return this.handler;
		}

	}

	/**
	 * A custom grant and its provider, a bean of the application's.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ProviderConfiguration {

		@Bean
		InMemoryClientRegistrationRepository clientRegistrationRepository() {
			return new InMemoryClientRegistrationRepository(other("custom", new AuthorizationGrantType("urn:custom")));
		}

		@Bean
		OAuth2AuthorizedClientProvider customProvider() {
			return (context) -> context.getClientRegistration().getRegistrationId().equals("custom")
					? new OAuth2AuthorizedClient(context.getClientRegistration(), context.getPrincipal().getName(),
							new org.springframework.security.oauth2.core.OAuth2AccessToken(
									org.springframework.security.oauth2.core.OAuth2AccessToken.TokenType.BEARER,
									"custom-token", null, null))
					: null;
		}

	}

	/**
	 * A complete delegating provider of the application's, counting the contexts it is
	 * asked about.
	 */
	@Configuration(proxyBeanMethods = false)
	static class DelegatingProviderConfiguration {

		final List<OAuth2AuthorizationContext> calls = new ArrayList<>();

		@Bean
		InMemoryClientRegistrationRepository clientRegistrationRepository() {
			return new InMemoryClientRegistrationRepository(other("custom", AuthorizationGrantType.CLIENT_CREDENTIALS));
		}

		@Bean
		DelegatingOAuth2AuthorizedClientProvider delegatingProvider() {
			OAuth2AuthorizedClientProvider custom = (context) -> {
				this.calls.add(context);
				return new OAuth2AuthorizedClient(context.getClientRegistration(), context.getPrincipal().getName(),
						new org.springframework.security.oauth2.core.OAuth2AccessToken(
								org.springframework.security.oauth2.core.OAuth2AccessToken.TokenType.BEARER,
								"custom-token", null, null));
			};
			// a client-credentials provider behind it would try the unreachable token URI
			return new DelegatingOAuth2AuthorizedClientProvider(custom, new ClientCredentialsOAuth2AuthorizedClientProvider());
		}

		@Bean
		OAuth2AuthorizedClientService authorizedClientService(ClientRegistrationRepository registrations) {
			return new InMemoryOAuth2AuthorizedClientService(registrations);
		}

	}

}
