package tech.progeny.auth.autoconfigure.reactive;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import tech.progeny.auth.support.ReactiveTest;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.test.spring.AutoConfigureFakeProgeny;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of a WebFlux application on a reactive web server with the starter, against the
 * fake Progeny: a controller calls Progeny through {@code progenyWebClient}, driven by a
 * {@link WebTestClient}.
 */
@ReactiveTest
@SpringBootTest(classes = ProgenyAuthWebFluxApplicationTests.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=reactive")
@AutoConfigureFakeProgeny
class ProgenyAuthWebFluxApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private FakeProgenyServer progeny;

	@Autowired
	private ApplicationContext context;

	private WebTestClient client;

	@BeforeEach
	void client() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	@Test
	void runWhenWebFluxApplicationThenRunsOnAReactiveWebServer() {
		assertThat(this.context).isInstanceOf(
				org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext.class);
	}

	@Test
	void controllerWhenCallingProgenyThroughProgenyWebClientThenIsAuthenticated() {
		this.client.get().uri("/members").exchange().expectStatus().isOk().expectBody(String.class).value((body) -> {
			assertThat(body).contains("\"status\":\"ok\"").contains("\"user_id\":" + this.progeny.userId());
		});
		this.client.get().uri("/members").exchange().expectStatus().isOk();
		assertThat(this.progeny.counters().obtainRequests()).isLessThanOrEqualTo(1);
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(2);
	}

	@Test
	void controllerWhenProgenyRejectsTheTokenThenGetsTheCallReplayed() {
		this.client.get().uri("/members").exchange().expectStatus().isOk();
		long tokenRequests = this.progeny.counters().tokenRequests();
		long apiRequests = this.progeny.counters().apiRequests();
		this.progeny.faults()
			.failNext(ProgenyEndpoint.API, 1, tech.progeny.auth.test.CannedResponse.accessTokenNotValid());
		this.client.get().uri("/members").exchange().expectStatus().isOk();
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(apiRequests + 2);
		assertThat(this.progeny.counters().tokenRequests()).as("one refresh").isEqualTo(tokenRequests + 1);
	}

	@Test
	void ownEndpointsWhenCalledWithoutATokenThenStayOpen() {
		this.client.get()
			.uri("/hello")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist("WWW-Authenticate")
			.expectBody(String.class)
			.isEqualTo("hello");
		assertThat(this.progeny.counters().tokenRequests()).isZero();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@RestController
	static class Application {

		private final WebClient progeny;

		Application(@Qualifier("progenyWebClient") WebClient progeny) {
			this.progeny = progeny;
		}

		@GetMapping("/members")
		Mono<String> members() {
			return this.progeny.get().uri(FakeProgenyServer.PING_PATH).retrieve().bodyToMono(String.class);
		}

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

	}

}
