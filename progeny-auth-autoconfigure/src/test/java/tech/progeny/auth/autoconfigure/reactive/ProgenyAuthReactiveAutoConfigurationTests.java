package tech.progeny.auth.autoconfigure.reactive;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.HttpServiceGroup.ClientType;
import org.springframework.web.service.registry.ImportHttpServices;

import tech.progeny.auth.support.ReactiveTest;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSource;
import tech.progeny.auth.web.reactive.ProgenyAuthExchangeFilterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProgenyAuthReactiveAutoConfiguration}.
 */
@ReactiveTest
class ProgenyAuthReactiveAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final FakeProgenyServer progeny = FakeProgenyServer.start();

	private final MockWebServer other = new MockWebServer();

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void start() throws IOException {
		this.other.start(InetAddress.getByName("127.0.0.1"), 0);
		this.contextRunner = ReactiveContextRunners.runner(this.progeny);
	}

	@AfterEach
	void stop() {
		this.progeny.close();
		this.other.close();
	}

	private static String ping(WebClient webClient) {
		return webClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().bodyToMono(String.class).block(TIMEOUT);
	}

	private String authorizationSentToOther(WebClient webClient) throws InterruptedException {
		this.other.enqueue(new MockResponse(200, okhttp3.Headers.of("Content-Type", "text/plain"), "other"));
		assertThat(webClient.get().uri(this.other.url("/landing").toString()).retrieve().bodyToMono(String.class)
			.block(TIMEOUT)).isEqualTo("other");
		RecordedRequest request = this.other.takeRequest(5, TimeUnit.SECONDS);
		return String.valueOf(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
	}

	@Test
	void runWhenWebFluxIsPresentThenDefinesTheFilterTheProgenyWebClientAndTheCustomizer() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ProgenyAuthExchangeFilterFunction.class);
			assertThat(context).hasBean("progenyWebClient");
			assertThat(context).hasSingleBean(ProgenyAuthWebClientCustomizer.class);
			assertThat(context).hasBean("progenyWebClientHttpServiceGroupConfigurer");
			assertThat(context).hasBean("progenyRestClient");
			assertThat(context.getBean(ClientHttpConnectorBuilder.class))
				.isInstanceOf(ProgenyOriginClientHttpConnectorBuilder.class);
			assertThat(context.getBean(ClientHttpConnector.class)).isInstanceOf(ProgenyOriginClientHttpConnector.class);
		});
	}

	@Test
	void startWhenContextRefreshesThenMakesNoTokenRequest() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			context.getBean(WebClient.Builder.class).build();
			assertThat(this.progeny.counters().tokenRequests()).isZero();
		});
	}

	@Test
	void progenyWebClientWhenCallingProgenyThenSendsAToken() {
		this.contextRunner.run((context) -> {
			WebClient webClient = context.getBean("progenyWebClient", WebClient.class);
			assertThat(ping(webClient)).contains("\"status\":\"ok\"");
			assertThat(ping(webClient)).contains("\"status\":\"ok\"");
			assertThat(this.progeny.counters().obtainRequests()).isOne();
			assertThat(this.progeny.counters().apiRequests()).isEqualTo(2);
		});
	}

	@Test
	void progenyWebClientWhenCallingAnotherOriginThenSendsNoToken() {
		this.contextRunner.run((context) -> {
			WebClient webClient = context.getBean("progenyWebClient", WebClient.class);
			assertThat(authorizationSentToOther(webClient)).isEqualTo("null");
			assertThat(this.progeny.counters().tokenRequests()).isZero();
		});
	}

	@Test
	void progenyWebClientWhenTheRestClientIsUsedTooThenBothShareOneToken() {
		this.contextRunner.run((context) -> {
			ping(context.getBean("progenyWebClient", WebClient.class));
			context.getBean("progenyRestClient", RestClient.class)
				.get()
				.uri(FakeProgenyServer.PING_PATH)
				.retrieve()
				.toBodilessEntity();
			assertThat(this.progeny.counters().obtainRequests()).isOne();
			assertThat(this.progeny.counters().apiRequests()).isEqualTo(2);
		});
	}

	@Test
	void webClientBuilderWhenCustomizedThenAuthenticatesRequestsToProgenysOriginOnly() {
		this.contextRunner.run((context) -> {
			WebClient webClient = context.getBean(WebClient.Builder.class).baseUrl(this.progeny.baseUrl()).build();
			assertThat(ping(webClient)).contains("\"status\":\"ok\"");
			assertThat(authorizationSentToOther(webClient)).isEqualTo("null");
			assertThat(this.progeny.counters().obtainRequests()).isOne();
		});
	}

	@Test
	void webClientBuilderWhenCustomizedTwiceThenGetsTheFilterOnce() {
		this.contextRunner.run((context) -> {
			WebClient.Builder builder = context.getBean(WebClient.Builder.class);
			context.getBean(ProgenyAuthWebClientCustomizer.class).customize(builder);
			List<ExchangeFilterFunction> filters = new ArrayList<>();
			builder.filters(filters::addAll);
			assertThat(filters).filteredOn(DeferredProgenyAuthExchangeFilterFunction::isProgenyFilter).hasSize(1);
		});
	}

	@Test
	void webClientBuilderWhenCustomizeClientsIsFalseThenIsLeftAlone() {
		this.contextRunner.withPropertyValues("progeny.auth.customize-clients=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ProgenyAuthWebClientCustomizer.class);
			WebClient webClient = context.getBean(WebClient.Builder.class).baseUrl(this.progeny.baseUrl()).build();
			assertThat(webClient.get().uri(FakeProgenyServer.PING_PATH).exchangeToMono((response) -> Mono
				.just(response.statusCode().value())).block(TIMEOUT)).isEqualTo(401);
			assertThat(ping(context.getBean("progenyWebClient", WebClient.class))).contains("\"status\":\"ok\"");
		});
	}

	@Test
	void progenyWebClientWhenTheUserDefinesOneByThatNameThenBacksOff() {
		this.contextRunner.withUserConfiguration(UserProgenyWebClientConfiguration.class).run((context) -> {
			assertThat(context.getBean("progenyWebClient")).isSameAs(UserProgenyWebClientConfiguration.webClient);
			assertThat(context).hasSingleBean(ProgenyAuthExchangeFilterFunction.class);
		});
	}

	@Test
	void progenyWebClientWhenTheUserDefinesAnotherWebClientThenStays() {
		this.contextRunner.withUserConfiguration(UserWebClientConfiguration.class).run((context) -> {
			assertThat(context).hasBean("progenyWebClient");
			assertThat(context).hasBean("myWebClient");
		});
	}

	@Test
	void filterWhenTheUserDefinesOneThenBacksOff() {
		this.contextRunner.withUserConfiguration(UserFilterConfiguration.class).run((context) -> {
			assertThat(context).getBean(ProgenyAuthExchangeFilterFunction.class)
				.isSameAs(context.getBean("myFilter"));
			assertThat(ping(context.getBean("progenyWebClient", WebClient.class))).contains("\"status\":\"ok\"");
		});
	}

	@Test
	void filterWhenATokenSourceBeanIsDefinedThenUsesIt() {
		this.contextRunner.run((context) -> {
			ProgenyTokenSource source = context.getBean(ProgenyTokenSource.class);
			assertThat(source).isSameAs(context.getBean(ProgenyTokenProvider.class));
			ping(context.getBean("progenyWebClient", WebClient.class));
			assertThat(source.freshAuthorizationHeader()).isNotNull();
		});
	}

	@Test
	void httpServiceGroupWhenOnWebClientThenIsPointedAtProgenyAndAuthenticated() {
		this.contextRunner.withUserConfiguration(HttpServiceConfiguration.class).run((context) -> {
			DemoApi api = context.getBean(DemoApi.class);
			assertThat(api.ping().block(TIMEOUT)).contains("\"status\":\"ok\"");
			assertThat(this.progeny.counters().obtainRequests()).isOne();
		});
	}

	@Test
	void runWhenDisabledThenDefinesNothing() {
		this.contextRunner.withPropertyValues("progeny.auth.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ProgenyAuthExchangeFilterFunction.class);
			assertThat(context).doesNotHaveBean("progenyWebClient");
			assertThat(context.getBean(ClientHttpConnector.class)).isInstanceOf(ReactorClientHttpConnector.class);
		});
	}

	@Test
	void runWhenWebFluxIsAbsentThenTheStarterWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebClient.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ProgenyAuthExchangeFilterFunction.class);
			assertThat(context).doesNotHaveBean("progenyWebClient");
			assertThat(context.getBean("progenyRestClient", RestClient.class)
				.get()
				.uri(FakeProgenyServer.PING_PATH)
				.retrieve()
				.body(String.class)).contains("\"status\":\"ok\"");
		});
	}

	@Test
	void progenyWebClientWhenBootsWebClientModuleIsAbsentThenWorks() {
		ReactiveContextRunners.withoutBootClientModules(this.progeny)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.webclient"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ProgenyAuthWebClientCustomizer.class);
				assertThat(context).doesNotHaveBean(WebClient.Builder.class);
				assertThat(ping(context.getBean("progenyWebClient", WebClient.class))).contains("\"status\":\"ok\"");
			});
	}

	@Test
	void progenyWebClientWhenBootsRestClientModuleIsAbsentThenWorks() {
		ReactiveContextRunners.withoutBootClientModules(this.progeny)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.restclient"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(ProgenyTokenProvider.class);
				assertThat(ping(context.getBean("progenyWebClient", WebClient.class))).contains("\"status\":\"ok\"");
			});
	}

	@Test
	void progenyWebClientWhenReactorNettyIsAbsentThenWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(reactor.netty.http.client.HttpClient.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ClientHttpConnector connector = context.getBean(ClientHttpConnector.class);
				assertThat(connector).isInstanceOf(ProgenyOriginClientHttpConnector.class);
				assertThat(((ProgenyOriginClientHttpConnector) connector).otherConnector())
					.isNotInstanceOf(ReactorClientHttpConnector.class);
				assertThat(ping(context.getBean("progenyWebClient", WebClient.class))).contains("\"status\":\"ok\"");
			});
	}

	@Test
	void webClientBuilderWhenTheUserDefinesTheBeanThenItsConnectorIsScopedToo() {
		this.contextRunner.withUserConfiguration(UserConnectorBuilderConfiguration.class).run((context) -> {
			ClientHttpConnector connector = context.getBean(ClientHttpConnector.class);
			assertThat(connector).isInstanceOf(ProgenyOriginClientHttpConnector.class);
			assertThat(((ProgenyOriginClientHttpConnector) connector).otherConnector())
				.isInstanceOf(JdkClientHttpConnector.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserProgenyWebClientConfiguration {

		static final WebClient webClient = WebClient.create();

		@Bean
		WebClient progenyWebClient() {
			return webClient;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserWebClientConfiguration {

		@Bean
		WebClient myWebClient() {
			return WebClient.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		@Bean
		ProgenyAuthExchangeFilterFunction myFilter(ProgenyTokenSource tokenSource,
				tech.progeny.auth.autoconfigure.ProgenyAuthProperties properties) {
			return new ProgenyAuthExchangeFilterFunction(tokenSource, java.net.URI.create(properties.getBaseUrl()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConnectorBuilderConfiguration {

		@Bean
		ClientHttpConnectorBuilder<JdkClientHttpConnector> myConnectorBuilder() {
			return ClientHttpConnectorBuilder.jdk();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "progeny", types = DemoApi.class, clientType = ClientType.WEB_CLIENT)
	static class HttpServiceConfiguration {

	}

	interface DemoApi {

		@GetExchange(FakeProgenyServer.PING_PATH)
		Mono<String> ping();

	}

}
