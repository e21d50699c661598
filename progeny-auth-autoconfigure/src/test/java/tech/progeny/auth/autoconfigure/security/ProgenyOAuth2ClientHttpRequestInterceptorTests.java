package tech.progeny.auth.autoconfigure.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.security.ProgenyOAuth2AuthorizationFailureHandler;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.token.ProgenyToken;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenStatus.Phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver.clientRegistrationId;

/**
 * Spring Security's {@link OAuth2ClientHttpRequestInterceptor} on the auto-configured
 * {@code AuthorizedClientServiceOAuth2AuthorizedClientManager}, over real HTTP to a fake
 * Progeny (on the test's clock) and to a client-credentials token endpoint and API of
 * another server.
 */
class ProgenyOAuth2ClientHttpRequestInterceptorTests {


	private final ManualTime time = new ManualTime();

	private final FakeProgenyServer progeny = FakeProgenyServer.builder().clock(this.time.clock).threads(32).start();

	private final MockWebServer other = new MockWebServer();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class,
				ProgenyAuthOAuth2ClientAutoConfiguration.class, ProgenyAuthReactiveOAuth2ClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class))
		.withPropertyValues("progeny.auth.base-url=" + this.progeny.baseUrl(),
				"progeny.auth.username=" + this.progeny.username(), "progeny.auth.password=" + this.progeny.password())
		.withBean("manualTime", BeanPostProcessor.class, () -> this.time);

	@BeforeEach
	void startOther() throws IOException {
		this.other.start(InetAddress.getByName("127.0.0.1"), 0);
	}

	@AfterEach
	void stop() {
		this.other.close();
		this.progeny.close();
	}

	private static RestClient restClient(AssertableApplicationContext context, ClientHttpRequestInterceptor... more) {
		OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(
				context.getBean(OAuth2AuthorizedClientManager.class));
		interceptor.setAuthorizationFailureHandler(context.getBean(ProgenyOAuth2AuthorizationFailureHandler.class));
		return RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory(HttpClient.newHttpClient()))
			.requestInterceptor(interceptor)
			.requestInterceptors((interceptors) -> interceptors.addAll(List.of(more)))
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	private ResponseEntity<String> ping(RestClient restClient, String registrationId) {
		return restClient.get()
			.uri(this.progeny.url(FakeProgenyServer.PING_PATH))
			.attributes(clientRegistrationId(registrationId))
			.retrieve()
			.toEntity(String.class);
	}

	@Test
	void interceptWhenProgenyRegistrationThenAuthenticatedWithTheLifecyclesToken() {
		this.contextRunner.run((context) -> {
			RestClient restClient = restClient(context);
			for (int i = 0; i < 3; i++) {
				ResponseEntity<String> response = ping(restClient, "progeny");
				assertThat(response.getStatusCode().value()).isEqualTo(200);
				assertThat(response.getBody()).contains("\"status\":\"ok\"");
			}
			assertThat(this.progeny.counters().tokenRequests()).isEqualTo(1);
			assertThat(this.progeny.counters().apiRequests()).isEqualTo(3);
		});
	}

	@Test
	void authorizedClientWhenStoredThenCarriesTheTokensInstantsAndNoRefreshToken() {
		this.contextRunner.run((context) -> {
			ping(restClient(context), "progeny");
			OAuth2AuthorizedClient stored = context.getBean(OAuth2AuthorizedClientService.class)
				.loadAuthorizedClient("progeny", "anonymousUser");
			ProgenyToken token = context.getBean(ProgenyTokenProvider.class).token();
			assertThat(stored.getAccessToken().getTokenValue()).isEqualTo(token.accessToken());
			assertThat(stored.getAccessToken().getIssuedAt()).isEqualTo(token.issuedAt());
			assertThat(stored.getAccessToken().getExpiresAt()).isEqualTo(token.expiresAt())
				.isEqualTo(ManualTime.START.plusSeconds(299));
			assertThat(stored.getRefreshToken()).isNull();
			assertThat(token.refreshToken()).isNotNull();
		});
	}

	@Test
	void interceptWhenNoRegistrationIdThenRequestIsLeftAlone() {
		this.contextRunner.run((context) -> {
			ResponseEntity<String> response = restClient(context).get()
				.uri(this.progeny.url(FakeProgenyServer.PING_PATH))
				.retrieve()
				.toEntity(String.class);
			assertThat(response.getStatusCode().value()).isEqualTo(401);
			assertThat(this.progeny.counters().tokenRequests()).isZero();
		});
	}

	@Test
	void interceptWhenTokenIsRefreshedAheadThenTheNextRequestGetsTheNewToken() {
		this.contextRunner.run((context) -> {
			RestClient restClient = restClient(context);
			ping(restClient, "progeny");
			String first = stored(context);
			this.time.advance(Duration.ofSeconds(240));
			ping(restClient, "progeny");
			awaitFresh(context);
			assertThat(ping(restClient, "progeny").getStatusCode().value()).isEqualTo(200);
			assertThat(stored(context)).isNotEqualTo(first)
				.isEqualTo(context.getBean(ProgenyTokenProvider.class).token().accessToken());
			assertThat(this.progeny.counters().obtainRequests()).isEqualTo(1);
			assertThat(this.progeny.counters().refreshRequests()).isEqualTo(1);
		});
	}

	@Test
	void interceptWhenConcurrentUnauthorizedThenOneInvalidationAndTheNextRequestGetsANewToken() throws Exception {
		int threads = 50;
		CountDownLatch authorized = new CountDownLatch(threads);
		Set<String> sent = ConcurrentHashMap.newKeySet();
		// every request of the storm leaves only once all of them carry a token
		ClientHttpRequestInterceptor allAuthorizedFirst = (request, body, execution) -> {
			sent.add(request.getHeaders().getFirst("Authorization"));
			authorized.countDown();
			await().atMost(Duration.ofSeconds(30)).until(() -> authorized.getCount() == 0);
			return execution.execute(request, body);
		};
		this.contextRunner.run((context) -> {
			RestClient restClient = restClient(context);
			ping(restClient, "progeny");
			String rejected = stored(context);
			this.progeny.faults()
				.failNext(ProgenyEndpoint.API, threads, CannedResponse.accessTokenNotValid());
			RestClient storm = restClient(context, allAuthorizedFirst);
			List<Integer> statuses = concurrently(threads, () -> ping(storm, "progeny").getStatusCode().value());
			assertThat(statuses).hasSize(threads).containsOnly(401);
			assertThat(sent).containsExactly("Bearer " + rejected);
			assertThat(context.getBean(ProgenyTokenProvider.class).status().activity().invalidations()).isEqualTo(1);
			assertThat(ping(restClient, "progeny").getStatusCode().value()).isEqualTo(200);
			assertThat(stored(context)).isNotEqualTo(rejected);
			assertThat(this.progeny.counters().tokenRequests()).isEqualTo(2);
		});
	}

	@Test
	void interceptWhenTwoHundredFiftySixThreadsAtTheMustRefreshMarginThenOneTokenRequestAndNoFailure()
			throws Exception {
		this.contextRunner.run((context) -> {
			RestClient restClient = restClient(context);
			ping(restClient, "progeny");
			String first = stored(context);
			this.time.advance(ManualTime.MUST_REFRESH);
			long tokenRequests = this.progeny.counters().tokenRequests();
			List<Integer> statuses = concurrently(256, () -> ping(restClient, "progeny").getStatusCode().value());
			long made = this.progeny.counters().tokenRequests() - tokenRequests;
			System.out.println("ProgenyOAuth2ClientHttpRequestInterceptorTests: 256 threads at the must-refresh "
					+ "margin through OAuth2ClientHttpRequestInterceptor: token requests=" + made + " failures="
					+ statuses.stream().filter((status) -> status != 200).count());
			assertThat(statuses).hasSize(256).containsOnly(200);
			assertThat(made).isEqualTo(1);
			assertThat(this.progeny.counters().maxConcurrentTokenRequests()).isEqualTo(1);
			assertThat(stored(context)).isNotEqualTo(first);
		});
	}

	@Test
	void interceptWhenClientCredentialsRegistrationOfAnotherServerThenItWorksAsWithoutProgeny() {
		List<String> with = clientCredentialsExchange(this.contextRunner);
		List<String> without = clientCredentialsExchange(new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
					ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class)));
		assertThat(with).isEqualTo(without)
			.containsExactly("POST /oauth2/token grant_type=client_credentials&scope=read basic",
					"GET /api/things Bearer cc-token-1", "GET /api/things Bearer cc-token-1");
		assertThat(this.progeny.counters().tokenRequests()).isZero();
	}

	/**
	 * An application with a client-credentials registration and its own manager calls
	 * another server twice; returns what that server saw.
	 */
	private List<String> clientCredentialsExchange(ApplicationContextRunner runner) {
		AtomicInteger tokens = new AtomicInteger();
		this.other.setDispatcher(new mockwebserver3.Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				if (request.getUrl().encodedPath().equals("/oauth2/token")) {
					return new MockResponse.Builder().addHeader("Content-Type", "application/json")
						.body("{\"access_token\":\"cc-token-" + tokens.incrementAndGet()
								+ "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
						.build();
				}
				return new MockResponse.Builder().body("things").build();
			}

		});
		List<String> seen = new ArrayList<>();
		ClientRegistration registration = ClientRegistration.withRegistrationId("other")
			.clientId("other-client")
			.clientSecret("other-secret")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("read")
			.tokenUri(this.other.url("/oauth2/token").toString())
			.build();
		int before = this.other.getRequestCount();
		runner.withBean(InMemoryClientRegistrationRepository.class, () -> new InMemoryClientRegistrationRepository(registration))
			.withUserConfiguration(ApplicationManagerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RestClient restClient = RestClient.builder()
					.requestFactory(new JdkClientHttpRequestFactory(HttpClient.newHttpClient()))
					.requestInterceptor(
							new OAuth2ClientHttpRequestInterceptor(context.getBean(OAuth2AuthorizedClientManager.class)))
					.build();
				for (int i = 0; i < 2; i++) {
					assertThat(restClient.get()
						.uri(this.other.url("/api/things").uri())
						.attributes(clientRegistrationId("other"))
						.retrieve()
						.body(String.class)).isEqualTo("things");
				}
			});
		for (int i = before; i < this.other.getRequestCount(); i++) {
			RecordedRequest request = take();
			String authorization = request.getHeaders().get("Authorization");
			String shown = request.getUrl().encodedPath().equals("/oauth2/token")
					? request.getBody().utf8() + " " + authorization.substring(0, authorization.indexOf(' ')).toLowerCase()
					: authorization;
			seen.add(request.getMethod() + " " + request.getUrl().encodedPath() + " " + shown);
		}
		return seen;
	}

	private RecordedRequest take() {
		try {
			return this.other.takeRequest(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String stored(AssertableApplicationContext context) {
		return context.getBean(OAuth2AuthorizedClientService.class)
			.loadAuthorizedClient("progeny", "anonymousUser")
			.getAccessToken()
			.getTokenValue();
	}

	private static void awaitFresh(AssertableApplicationContext context) {
		ProgenyTokenProvider provider = context.getBean(ProgenyTokenProvider.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> provider.status().phase() == Phase.FRESH);
	}

	private static <T> List<T> concurrently(int threads, java.util.concurrent.Callable<T> call) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CyclicBarrier barrier = new CyclicBarrier(threads);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(executor.submit(() -> {
					barrier.await(30, TimeUnit.SECONDS);
					return call.call();
				}));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(60, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * What an application that already uses Spring Security's OAuth2 client defines.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ApplicationManagerConfiguration {

		@Bean
		InMemoryOAuth2AuthorizedClientService authorizedClientService(InMemoryClientRegistrationRepository registrations) {
			return new InMemoryOAuth2AuthorizedClientService(registrations);
		}

		@Bean
		AuthorizedClientServiceOAuth2AuthorizedClientManager authorizedClientManager(
				InMemoryClientRegistrationRepository registrations, OAuth2AuthorizedClientService authorizedClientService) {
			AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
					registrations, authorizedClientService);
			manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder().clientCredentials().build());
			return manager;
		}

	}

}
