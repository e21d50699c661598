package tech.progeny.auth.autoconfigure.security;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.support.BlockHoundGuard;
import tech.progeny.auth.support.ReactiveTest;
import tech.progeny.auth.test.FakeProgenyServer;
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
