package tech.progeny.auth.autoconfigure.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.security.ProgenyReactiveOAuth2AuthorizationFailureHandler;
import tech.progeny.auth.support.BlockHoundGuard;
import tech.progeny.auth.support.ReactiveTest;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.token.ProgenyTokenProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Spring Security's {@link ServerOAuth2AuthorizedClientExchangeFilterFunction} on the
 * auto-configured reactive manager, over real HTTP (Reactor Netty) to a fake Progeny on
 * the test's clock, every request subscribed on Reactor's non-blocking parallel threads
 * with BlockHound watching them ({@link ReactiveTest}): no blocking call, not even a park
 * on a lock.
 */
@ReactiveTest
class ProgenyServerOAuth2AuthorizedClientExchangeFilterFunctionTests {


	private final ManualTime time = new ManualTime();

	private final FakeProgenyServer progeny = FakeProgenyServer.builder().clock(this.time.clock).threads(32).start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class,
				ProgenyAuthReactiveOAuth2ClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class))
		.withPropertyValues("progeny.auth.base-url=" + this.progeny.baseUrl(),
				"progeny.auth.username=" + this.progeny.username(), "progeny.auth.password=" + this.progeny.password())
		.withBean("manualTime", BeanPostProcessor.class, () -> this.time);

	@BeforeEach
	void blockHoundIsWatching() {
		Throwable sleep = catchThrowable(() -> Mono.fromCallable(() -> {
			Thread.sleep(1);
			return 1;
		}).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(10)));
		assertThat(sleep).as("BlockHound reports a sleep on a parallel thread")
			.hasRootCauseInstanceOf(BlockingOperationError.class);
		assertThat(BlockHoundGuard.takeViolations()).hasSize(1);
	}

	@AfterEach
	void stop() {
		this.progeny.close();
	}

	private static WebClient webClient(AssertableApplicationContext context) {
		return WebClient.builder()
			.filter(new ServerOAuth2AuthorizedClientExchangeFilterFunction(
					context.getBean(ReactiveOAuth2AuthorizedClientManager.class)))
			.build();
	}

	/**
	 * Return a client whose Spring filter forwards 401s to Progeny's failure handler, as
	 * the README shows, and whose next filter records the {@code Authorization} header
	 * that leaves, then lets it go once the given barrier opens.
	 */
	private static WebClient webClientWithFailureHandler(AssertableApplicationContext context, List<String> sent,
			Mono<Void> barrier) {
		ServerOAuth2AuthorizedClientExchangeFilterFunction oauth2 = new ServerOAuth2AuthorizedClientExchangeFilterFunction(
				context.getBean(ReactiveOAuth2AuthorizedClientManager.class));
		oauth2.setAuthorizationFailureHandler(context.getBean(ProgenyReactiveOAuth2AuthorizationFailureHandler.class));
		return WebClient.builder().filter(oauth2).filter((request, next) -> {
			sent.add(String.valueOf(request.headers().getFirst(HttpHeaders.AUTHORIZATION)));
			return barrier.then(next.exchange(request));
		}).build();
	}

	private void rejectNextApiRequests(int times) {
		this.progeny.faults()
			.failNext(ProgenyEndpoint.API, times, CannedResponse.accessTokenNotValid());
	}

	private static String stored(AssertableApplicationContext context) {
		return context.getBean(ReactiveOAuth2AuthorizedClientService.class)
			.loadAuthorizedClient("progeny", "anonymousUser")
			.map((client) -> client.getAccessToken().getTokenValue())
			.block(Duration.ofSeconds(10));
	}

	private Mono<String> ping(WebClient webClient, String registrationId) {
		WebClient.RequestHeadersSpec<?> request = webClient.get().uri(this.progeny.url(FakeProgenyServer.PING_PATH));
		if (registrationId != null) {
			request = request
				.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId(registrationId));
		}
		return request.exchangeToMono((response) -> response.bodyToMono(String.class)
			.defaultIfEmpty("")
			.map((body) -> response.statusCode().value() + " " + body))
			.subscribeOn(Schedulers.parallel());
	}

	@Test
	void filterWhenProgenyRegistrationThenAuthenticatedWithTheLifecyclesTokenWithoutBlocking() {
		this.contextRunner.run((context) -> {
			WebClient webClient = webClient(context);
			for (int i = 0; i < 3; i++) {
				assertThat(ping(webClient, "progeny").block(Duration.ofSeconds(30))).startsWith("200 ")
					.contains("\"status\":\"ok\"");
			}
			assertThat(this.progeny.counters().tokenRequests()).isEqualTo(1);
			OAuth2AuthorizedClient stored = context.getBean(ReactiveOAuth2AuthorizedClientService.class)
				.loadAuthorizedClient("progeny", "anonymousUser")
				.block(Duration.ofSeconds(10));
			assertThat(stored.getAccessToken().getTokenValue())
				.isEqualTo(context.getBean(ProgenyTokenProvider.class).token().accessToken());
			assertThat(stored.getRefreshToken()).isNull();
		});
	}

	@Test
	void filterWhenNoRegistrationIdThenRequestIsLeftAlone() {
		this.contextRunner.run((context) -> {
			assertThat(ping(webClient(context), null).block(Duration.ofSeconds(30))).startsWith("401 ");
			assertThat(this.progeny.counters().tokenRequests()).isZero();
		});
	}

	@Test
	void filterWhenProgenyRejectsTheTokenThenTheFailureHandlerInvalidatesItAndTheNextRequestGetsANewOne() {
		this.contextRunner.run((context) -> {
			List<String> sent = new CopyOnWriteArrayList<>();
			WebClient webClient = webClientWithFailureHandler(context, sent, Mono.empty());
			assertThat(ping(webClient, "progeny").block(Duration.ofSeconds(30))).startsWith("200 ");
			String rejected = "Bearer " + stored(context);
			rejectNextApiRequests(1);
			assertThat(ping(webClient, "progeny").block(Duration.ofSeconds(30))).startsWith("401 ")
				.contains("token_not_valid");
			ProgenyTokenProvider provider = context.getBean(ProgenyTokenProvider.class);
			assertThat(provider.status().activity().invalidations()).isEqualTo(1);
			assertThat(ping(webClient, "progeny").block(Duration.ofSeconds(30))).startsWith("200 ");
			assertThat(sent).hasSize(3).startsWith(rejected, rejected);
			assertThat(sent.get(2)).isNotEqualTo(rejected).isEqualTo(provider.authorizationHeader());
			assertThat(this.progeny.counters().obtainRequests()).isEqualTo(1);
			assertThat(this.progeny.counters().refreshRequests()).as("one renewal after the 401").isEqualTo(1);
		});
	}

	@Test
	void filterWhenProgenyRejectsTheTokenAndNoFailureHandlerIsSetThenTheRejectedTokenIsSentAgain() {
		this.contextRunner.run((context) -> {
			WebClient webClient = webClient(context);
			assertThat(ping(webClient, "progeny").block(Duration.ofSeconds(30))).startsWith("200 ");
			String rejected = stored(context);
			rejectNextApiRequests(1);
			assertThat(ping(webClient, "progeny").block(Duration.ofSeconds(30))).startsWith("401 ");
			assertThat(ping(webClient, "progeny").block(Duration.ofSeconds(30))).startsWith("200 ");
			assertThat(stored(context)).as("Spring's filter alone forwards no 401").isEqualTo(rejected);
			assertThat(this.progeny.counters().tokenRequests()).isEqualTo(1);
		});
	}

	@Test
	void filterWhenFiftyConcurrentRequestsAreRejectedThenOneInvalidationAndTheNextRequestGetsANewToken() {
		int requests = 50;
		this.contextRunner.run((context) -> {
			List<String> sent = new CopyOnWriteArrayList<>();
			// every request of the storm leaves only once all of them carry a token
			Sinks.Empty<Void> allAuthorized = Sinks.empty();
			AtomicInteger authorized = new AtomicInteger();
			Mono<Void> barrier = Mono.defer(() -> {
				if (authorized.incrementAndGet() == requests) {
					allAuthorized.tryEmitEmpty();
				}
				return allAuthorized.asMono();
			});
			WebClient warmUp = webClientWithFailureHandler(context, new CopyOnWriteArrayList<>(), Mono.empty());
			assertThat(ping(warmUp, "progeny").block(Duration.ofSeconds(30))).startsWith("200 ");
			String rejected = "Bearer " + stored(context);
			rejectNextApiRequests(requests);
			WebClient storm = webClientWithFailureHandler(context, sent, barrier);
			List<String> answers = Flux.range(0, requests)
				.flatMap((i) -> ping(storm, "progeny"), requests)
				.collectList()
				.block(Duration.ofSeconds(60));
			assertThat(answers).hasSize(requests).allMatch((answer) -> answer.startsWith("401 "));
			assertThat(sent).hasSize(requests).containsOnly(rejected);
			ProgenyTokenProvider provider = context.getBean(ProgenyTokenProvider.class);
			assertThat(provider.status().activity().invalidations()).isEqualTo(1);
			assertThat(ping(warmUp, "progeny").block(Duration.ofSeconds(30))).startsWith("200 ");
			assertThat(stored(context)).isNotEqualTo(rejected.substring("Bearer ".length()));
			assertThat(this.progeny.counters().tokenRequests()).isEqualTo(2);
		});
	}

	@Test
	void filterWhenTwoHundredFiftySixRequestsAtTheMustRefreshMarginThenOneTokenRequestAndNoFailure() {
		this.contextRunner.run((context) -> {
			WebClient webClient = webClient(context);
			assertThat(ping(webClient, "progeny").block(Duration.ofSeconds(30))).startsWith("200 ");
			this.time.advance(ManualTime.MUST_REFRESH);
			long tokenRequests = this.progeny.counters().tokenRequests();
			List<String> answers = Flux.range(0, 256)
				.flatMap((i) -> ping(webClient, "progeny"), 256)
				.collectList()
				.block(Duration.ofSeconds(60));
			long made = this.progeny.counters().tokenRequests() - tokenRequests;
			List<String> blocking = BlockHoundGuard.takeViolations();
			System.out.println("ProgenyServerOAuth2AuthorizedClientExchangeFilterFunctionTests: 256 requests at the "
					+ "must-refresh margin through ServerOAuth2AuthorizedClientExchangeFilterFunction: token requests="
					+ made + " failures=" + answers.stream().filter((answer) -> !answer.startsWith("200 ")).count()
					+ " blocking calls on non-blocking threads=" + blocking.size());
			assertThat(answers).hasSize(256).allMatch((answer) -> answer.startsWith("200 "));
			assertThat(made).isEqualTo(1);
			assertThat(blocking).as("blocking calls on non-blocking threads").isEmpty();
			assertThat(this.progeny.counters().maxConcurrentTokenRequests()).isEqualTo(1);
		});
	}

}
