package tech.progeny.auth.autoconfigure.security;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.AuthenticatedPrincipalOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.security.ProgenyOAuth2AuthorizedClientProvider;
import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver.clientRegistrationId;

/**
 * Servlet web applications, on a real server, with the starter and
 * {@code spring-security-oauth2-client} but no web security: their endpoints stay open,
 * {@code @RegisteredOAuth2AuthorizedClient("progeny")} resolves a usable client, and a
 * request-scoped {@link DefaultOAuth2AuthorizedClientManager} of the application's
 * authenticates Spring's interceptor with Progeny's provider.
 */
class ProgenyOAuth2ClientServletApplicationTests {

	private static FakeProgenyServer progeny;

	@BeforeAll
	static void startProgeny() {
		progeny = FakeProgenyServer.start();
	}

	@AfterAll
	static void stopProgeny() {
		progeny.close();
	}

	private static ConfigurableApplicationContext run(Class<?> application) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "server.shutdown=immediate", "spring.main.banner-mode=off",
					"progeny.auth.base-url=" + progeny.baseUrl(), "progeny.auth.username=" + progeny.username(),
					"progeny.auth.password=" + progeny.password())
			.run();
	}

	private static ResponseEntity<String> get(ConfigurableApplicationContext context, String path) {
		String port = context.getEnvironment().getProperty("local.server.port");
		return RestClient.create()
			.get()
			.uri("http://127.0.0.1:" + port + path)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.toEntity(String.class);
	}

	@Test
	void endpointsWhenNoSecurityFilterIsDefinedThenStayOpen() {
		long before = progeny.counters().tokenRequests();
		try (ConfigurableApplicationContext context = run(AutoConfiguredApplication.class)) {
			ResponseEntity<String> response = get(context, "/open");
			assertThat(response.getStatusCode().value()).isEqualTo(200);
			assertThat(response.getBody()).isEqualTo("open");
			assertThat(context.getBeanNamesForType(SecurityFilterChain.class)).isEmpty();
			assertThat(context.containsBean("springSecurityFilterChain")).isFalse();
			assertThat(progeny.counters().tokenRequests()).isEqualTo(before);
		}
	}

	@Test
	void authorizedClientParameterWhenRegisteredThenResolvesAUsableProgenyClient() {
		try (ConfigurableApplicationContext context = run(AutoConfiguredApplication.class)) {
			long before = progeny.counters().apiRequests();
			ResponseEntity<String> response = get(context, "/registered");
			assertThat(response.getStatusCode().value()).isEqualTo(200);
			assertThat(response.getBody()).contains("\"status\":\"ok\"");
			assertThat(progeny.counters().apiRequests()).isEqualTo(before + 1);
		}
	}

	@Test
	void interceptorWhenTheApplicationsManagerIsRequestScopedThenAuthenticates() {
		try (ConfigurableApplicationContext context = run(RequestScopedManagerApplication.class)) {
			assertThat(context.getBean(OAuth2AuthorizedClientManager.class))
				.isInstanceOf(DefaultOAuth2AuthorizedClientManager.class);
			for (int i = 0; i < 2; i++) {
				ResponseEntity<String> response = get(context, "/through-interceptor");
				assertThat(response.getStatusCode().value()).isEqualTo(200);
				assertThat(response.getBody()).contains("\"status\":\"ok\"");
			}
			ResponseEntity<String> other = get(context, "/through-interceptor-without-registration");
			assertThat(other.getStatusCode().value()).isEqualTo(200);
			assertThat(other.getBody()).isEqualTo("401");
		}
	}

	@RestController
	static class ProgenyController {

		private final RestClient plain = RestClient.create();

		@GetMapping("/open")
		String open() {
			return "open";
		}

		@GetMapping("/registered")
		String registered(@RegisteredOAuth2AuthorizedClient("progeny") OAuth2AuthorizedClient client) {
			assertThat(client.getRefreshToken()).isNull();
			return this.plain.get()
				.uri(progeny.url(FakeProgenyServer.PING_PATH))
				.headers((headers) -> headers.setBearerAuth(client.getAccessToken().getTokenValue()))
				.retrieve()
				.body(String.class);
		}

	}

	@RestController
	static class InterceptorController {

		private final RestClient restClient;

		InterceptorController(OAuth2AuthorizedClientManager authorizedClientManager) {
			this.restClient = RestClient.builder()
				.requestInterceptor(new OAuth2ClientHttpRequestInterceptor(authorizedClientManager))
				.build();
		}

		@GetMapping("/through-interceptor")
		String throughInterceptor() {
			return this.restClient.get()
				.uri(progeny.url(FakeProgenyServer.PING_PATH))
				.attributes(clientRegistrationId("progeny"))
				.retrieve()
				.body(String.class);
		}

		@GetMapping("/through-interceptor-without-registration")
		String withoutRegistration() {
			return String.valueOf(this.restClient.get()
				.uri(progeny.url(FakeProgenyServer.PING_PATH))
				.retrieve()
				.onStatus(HttpStatusCode::isError, (request, response) -> {
				})
				.toBodilessEntity()
				.getStatusCode()
				.value());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ProgenyController.class)
	static class AutoConfiguredApplication {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(InterceptorController.class)
	static class RequestScopedManagerApplication {

		@Bean
		OAuth2AuthorizedClientRepository authorizedClientRepository(OAuth2AuthorizedClientService service) {
			return new AuthenticatedPrincipalOAuth2AuthorizedClientRepository(service);
		}

		@Bean
		DefaultOAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository registrations,
				OAuth2AuthorizedClientRepository authorizedClients, ProgenyOAuth2AuthorizedClientProvider progeny) {
			DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations,
					authorizedClients);
			manager.setAuthorizedClientProvider(
					OAuth2AuthorizedClientProviderBuilder.builder().provider(progeny).clientCredentials().build());
			return manager;
		}

	}

}
