package tech.progeny.auth.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsSupplier;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;
import tech.progeny.auth.token.ProgenyTokenStore;
import tech.progeny.auth.web.ProgenyAuthInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProgenyAuthAutoConfiguration}.
 */
class ProgenyAuthAutoConfigurationTests {

	private static final String PING_ANSWER = "{\"status\":\"ok\",\"user_id\":41}";

	private static FakeProgenyServer progeny;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				RestTemplateAutoConfiguration.class))
		.withPropertyValues("progeny.auth.base-url=" + progeny.baseUrl(),
				"progeny.auth.username=" + progeny.username(), "progeny.auth.password=" + progeny.password());

	@BeforeAll
	static void startProgeny() {
		progeny = FakeProgenyServer.start();
	}

	@AfterAll
	static void stopProgeny() {
		progeny.close();
	}

	@Test
	void runWhenDefaultsThenDefinesEveryBean() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ProgenyAuthProperties.class);
			assertThat(context).hasSingleBean(ProgenyTokenStore.class);
			assertThat(context).getBean(ProgenyTokenStore.class).isInstanceOf(InMemoryProgenyTokenStore.class);
			assertThat(context).hasSingleBean(ProgenyCredentialsSupplier.class);
			assertThat(context).hasSingleBean(ProgenyTokenClient.class);
			assertThat(context).hasSingleBean(ProgenyTokenProvider.class);
			assertThat(context).hasSingleBean(ProgenyAuthInterceptor.class);
			assertThat(context).hasBean("progenyRestClient");
			assertThat(context).hasBean("progenyRestClientCustomizer");
			assertThat(context).hasBean("progenyRestTemplateCustomizer");
			assertThat(context).hasBean("progenyHttpServiceGroupConfigurer");
			assertThat(context).hasSingleBean(ProgenyConnectionDetails.class);
			assertThat(context).hasSingleBean(ProgenyTokenSettings.class);
			assertThat(context).getBean("progenyRestClientCustomizer").isInstanceOf(ProgenyRestClientCustomizer.class);
			assertThat(context).getBean("progenyRestTemplateCustomizer")
				.isInstanceOf(ProgenyRestTemplateCustomizer.class);
			assertThat(context).getBean("progenyHttpServiceGroupConfigurer")
				.isInstanceOf(ProgenyHttpServiceGroupConfigurer.class);
			assertThat(context.getBean(ProgenyCredentialsSupplier.class).getCredentials())
				.isEqualTo(new ProgenyCredentials(progeny.username(), progeny.password()));
		});
	}

	@Test
	void usesTheDefaultBaseUrl() {
		this.contextRunner.withPropertyValues("progeny.auth.base-url=").run((context) -> assertThat(context).hasFailed());
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class))
			.withPropertyValues("progeny.auth.username=user", "progeny.auth.password=secret")
			.run((context) -> {
				assertThat(context.getBean(ProgenyAuthProperties.class).getBaseUrl())
					.isEqualTo("https://be.progeny.tech");
				assertThat(context.getBean(ProgenyTokenClient.class).origin())
					.hasToString("https://be.progeny.tech:443");
			});
	}

	@Test
	void startWhenContextRefreshesThenMakesNoTokenRequest() {
		long before = progeny.counters().tokenRequests();
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ProgenyTokenProvider.class).status().phase())
				.isEqualTo(tech.progeny.auth.token.ProgenyTokenStatus.Phase.NONE);
		});
		assertThat(progeny.counters().tokenRequests()).isEqualTo(before);
	}

	@Test
	void progenyRestClientWhenCallingProgenyThenSendsAnIssuedToken() {
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean("progenyRestClient", RestClient.class);
			assertThat(restClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().body(String.class))
				.isEqualTo(PING_ANSWER);
		});
	}

	@Test
	void progenyRestClientWhenBootsRestClientBuilderIsAbsentThenSendsAnIssuedToken() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class))
			.withPropertyValues("progeny.auth.base-url=" + progeny.baseUrl(),
					"progeny.auth.username=" + progeny.username(), "progeny.auth.password=" + progeny.password())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RestClient.Builder.class);
				RestClient restClient = context.getBean("progenyRestClient", RestClient.class);
				assertThat(restClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().body(String.class))
					.isEqualTo(PING_ANSWER);
			});
	}

	@Test
	void tokenClientWhenObtainingThenDoesNotGoThroughTheInterceptor() {
		this.contextRunner.run((context) -> {
			ProgenyTokenClient tokenClient = context.getBean(ProgenyTokenClient.class);
			assertThat(tokenClient.obtain(new ProgenyCredentials(progeny.username(), progeny.password())))
				.isNotNull();
			assertThat(context.getBean(ProgenyTokenProvider.class).status().phase())
				.isEqualTo(tech.progeny.auth.token.ProgenyTokenStatus.Phase.NONE);
		});
	}

	@Test
	void credentialsSupplierWhenUsingAClientFromBootsBuilderThenProgenyRestClientIsAuthenticated() {
		this.contextRunner.withPropertyValues("progeny.auth.username=", "progeny.auth.password=")
			.withUserConfiguration(VaultCredentialsConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String answer = context.getBean("progenyRestClient", RestClient.class)
					.get()
					.uri(FakeProgenyServer.PING_PATH)
					.retrieve()
					.body(String.class);
				assertThat(answer).isEqualTo(PING_ANSWER);
			});
	}

	@Test
	void backsOffWhenUserDefinesTokenStore() {
		this.contextRunner.withBean("myStore", ProgenyTokenStore.class, InMemoryProgenyTokenStore::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(ProgenyTokenStore.class);
				assertThat(context).hasBean("myStore").doesNotHaveBean("progenyTokenStore");
			});
	}

	@Test
	void backsOffWhenUserDefinesCredentialsSupplier() {
		ProgenyCredentialsSupplier supplier = () -> new ProgenyCredentials("vault-user", "vault-secret");
		this.contextRunner.withPropertyValues("progeny.auth.username=", "progeny.auth.password=")
			.withBean(ProgenyCredentialsSupplier.class, () -> supplier)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(ProgenyCredentialsSupplier.class).isSameAs(supplier);
			});
	}

	@Test
	void backsOffWhenUserDefinesTokenClient() {
		this.contextRunner.withUserConfiguration(TokenClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ProgenyTokenClient.class);
			assertThat(context).getBean(ProgenyTokenClient.class)
				.isSameAs(context.getBean(TokenClientConfiguration.class).tokenClient);
		});
	}

	@Test
	void backsOffWhenUserDefinesTokenProvider() {
		this.contextRunner.withUserConfiguration(TokenProviderConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ProgenyTokenProvider.class);
			assertThat(context).hasBean("myProvider").doesNotHaveBean("progenyTokenProvider");
		});
	}

	@Test
	void backsOffWhenUserDefinesInterceptor() {
		this.contextRunner.withUserConfiguration(InterceptorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ProgenyAuthInterceptor.class);
			assertThat(context).hasBean("myInterceptor").doesNotHaveBean("progenyAuthInterceptor");
		});
	}

	@Test
	void backsOffWhenUserDefinesProgenyRestClient() {
		RestClient restClient = RestClient.create();
		this.contextRunner.withBean("progenyRestClient", RestClient.class, () -> restClient)
			.run((context) -> assertThat(context).getBean("progenyRestClient").isSameAs(restClient));
	}

	@Test
	void keepsProgenyRestClientWhenUserDefinesAnotherRestClient() {
		this.contextRunner.withBean("myRestClient", RestClient.class, RestClient::create)
			.run((context) -> assertThat(context).hasBean("progenyRestClient").hasBean("myRestClient"));
	}

	@Test
	void isDisabledByProperty() {
		this.contextRunner.withPropertyValues("progeny.auth.enabled=false", "progeny.auth.username=")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ProgenyAuthProperties.class);
				assertThat(context).doesNotHaveBean(ProgenyTokenProvider.class);
				assertThat(context).doesNotHaveBean(ProgenyAuthInterceptor.class);
				assertThat(context).doesNotHaveBean("progenyRestClient");
				assertThat(context).doesNotHaveBean("progenyRestClientCustomizer");
			});
	}

	@Test
	void leavesHostClientsAloneWhenCustomizeClientsIsOff() {
		this.contextRunner.withPropertyValues("progeny.auth.customize-clients=false").run((context) -> {
			assertThat(context).doesNotHaveBean("progenyRestClientCustomizer");
			assertThat(context).doesNotHaveBean("progenyRestTemplateCustomizer");
			assertThat(context).hasBean("progenyRestClient");
		});
	}

	@Test
	void hasNoRestTemplateCustomizerWithoutRestTemplate() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RestTemplate.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(RestTemplateCustomizer.class);
			assertThat(context).hasBean("progenyRestClientCustomizer");
			assertThat(context).hasSingleBean(RestClientCustomizer.class);
		});
	}

	@Test
	void hasNoHttpServiceGroupConfigurerWithoutHttpServiceSupport() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RestClientHttpServiceGroupConfigurer.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("progenyHttpServiceGroupConfigurer");
			});
	}

	@Test
	void bindsProperties() {
		this.contextRunner
			.withPropertyValues("progeny.auth.base-url=http://progeny.internal:8080",
					"progeny.auth.allow-insecure-http=true", "progeny.auth.refresh-ahead=90s",
					"progeny.auth.must-refresh-margin=20s", "progeny.auth.fallback-lifetime=10m",
					"progeny.auth.connect-timeout=2s", "progeny.auth.read-timeout=3s",
					"progeny.auth.customize-clients=false", "progeny.auth.http-service-group=accounts")
			.run((context) -> {
				ProgenyAuthProperties properties = context.getBean(ProgenyAuthProperties.class);
				assertThat(properties.getBaseUrl()).isEqualTo("http://progeny.internal:8080");
				assertThat(properties.isAllowInsecureHttp()).isTrue();
				assertThat(properties.getRefreshAhead()).isEqualTo(Duration.ofSeconds(90));
				assertThat(properties.getMustRefreshMargin()).isEqualTo(Duration.ofSeconds(20));
				assertThat(properties.getFallbackLifetime()).isEqualTo(Duration.ofMinutes(10));
				assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getReadTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.isCustomizeClients()).isFalse();
				assertThat(properties.getHttpServiceGroup()).isEqualTo("accounts");
				assertThat(context.getBean(ProgenyTokenClient.class).origin())
					.hasToString("http://progeny.internal:8080");
				assertThat(context.getBean(ProgenyAuthInterceptor.class))
					.hasToString("ProgenyAuthInterceptor[http://progeny.internal:8080]");
			});
	}

	@Test
	void toStringWhenPasswordIsSetThenMasksIt() {
		this.contextRunner.run((context) -> assertThat(context.getBean(ProgenyAuthProperties.class).toString())
			.doesNotContain(progeny.password())
			.contains("******"));
	}

	@Test
	void failsWithoutUsername() {
		this.contextRunner.withPropertyValues("progeny.auth.username=")
			.run((context) -> assertFailure(context, "progeny.auth.username", "ProgenyCredentialsSupplier"));
	}

	@Test
	void failsWithoutPassword() {
		this.contextRunner.withPropertyValues("progeny.auth.password=")
			.run((context) -> assertFailure(context, "progeny.auth.password", "ProgenyCredentialsSupplier"));
	}

	@Test
	void failsWithoutBaseUrl() {
		this.contextRunner.withPropertyValues("progeny.auth.base-url=")
			.run((context) -> assertFailure(context, "progeny.auth.base-url", "https://be.progeny.tech"));
	}

	@Test
	void failsWithBaseUrlThatIsNotHttp() {
		this.contextRunner.withPropertyValues("progeny.auth.base-url=ftp://be.progeny.tech")
			.run((context) -> assertFailure(context, "progeny.auth.base-url", "https://be.progeny.tech"));
	}

	@Test
	void failsWithPlainHttpToHostThatIsNotLoopback() {
		this.contextRunner.withPropertyValues("progeny.auth.base-url=http://be.progeny.tech")
			.run((context) -> assertFailure(context, "progeny.auth.base-url", "progeny.auth.allow-insecure-http=true"));
	}

	@Test
	void allowsPlainHttpToLoopbackHost() {
		this.contextRunner.withPropertyValues("progeny.auth.base-url=http://localhost:8000")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void allowsPlainHttpToHostThatIsNotLoopbackWhenAllowed() {
		this.contextRunner
			.withPropertyValues("progeny.auth.base-url=http://be.progeny.tech", "progeny.auth.allow-insecure-http=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static void assertFailure(AssertableApplicationContext context, String property, String fix) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new InvalidProgenyAuthPropertiesFailureAnalyzer()
			.analyze(context.getStartupFailure());
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("'" + property + "'");
		assertThat(analysis.getAction()).contains(fix);
		assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(progeny.password());
	}

	@Configuration(proxyBeanMethods = false)
	static class TokenClientConfiguration {

		final ProgenyTokenClient tokenClient = ProgenyTokenClient.create(URI.create("https://progeny.example"),
				Duration.ofSeconds(1), Duration.ofSeconds(1));

		@Bean
		ProgenyTokenClient myTokenClient() {
			return this.tokenClient;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class VaultCredentialsConfiguration {

		@Bean
		RestClient vaultRestClient(RestClient.Builder builder) {
			return builder.build();
		}

		@Bean
		ProgenyCredentialsSupplier vaultCredentialsSupplier(RestClient vaultRestClient) {
			return () -> new ProgenyCredentials(progeny.username(), progeny.password());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TokenProviderConfiguration {

		@Bean
		ProgenyTokenProvider myProvider() {
			return new ProgenyTokenProvider(
					ProgenyTokenClient.create(URI.create("https://progeny.example"), Duration.ofSeconds(1),
							Duration.ofSeconds(1)),
					() -> new ProgenyCredentials("a", "b"), new InMemoryProgenyTokenStore(),
					ProgenyTokenSettings.defaults());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InterceptorConfiguration {

		@Bean
		ProgenyAuthInterceptor myInterceptor(ProgenyTokenProvider tokenProvider) {
			return new ProgenyAuthInterceptor(tokenProvider, URI.create("https://progeny.example"));
		}

	}

}
