package tech.progeny.auth.autoconfigure.reactive;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.HttpComponentsClientHttpConnector;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.client.reactive.JettyClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import tech.progeny.auth.support.ReactiveTest;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redirects from Progeny's origin to a second loopback origin, on each reactive
 * connector that Spring Boot supports: never followed with the token, and other origins
 * still follow theirs.
 */
@ReactiveTest
class ProgenyAuthReactiveRedirectTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final FakeProgenyServer progeny = FakeProgenyServer.start();

	private final MockWebServer other = new MockWebServer();

	private volatile int otherAuthorizationHeaders;

	@BeforeEach
	void start() throws IOException {
		this.other.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				if (request.getHeaders().get("Authorization") != null) {
					ProgenyAuthReactiveRedirectTests.this.otherAuthorizationHeaders++;
				}
				if (request.getUrl().encodedPath().equals("/hop")) {
					return new MockResponse(302, Headers.of("Location", "/landing"), "");
				}
				return new MockResponse(200, Headers.of("Content-Type", "text/plain"), "other");
			}

		});
		this.other.start(InetAddress.getByName("127.0.0.1"), 0);
	}

	@AfterEach
	void stop() {
		this.progeny.close();
		this.other.close();
	}

	private String otherUrl(String path) {
		return "http://127.0.0.1:" + this.other.getPort() + path;
	}

	private static ResponseEntity<Void> ping(WebClient webClient, String url) {
		return webClient.get().uri(url).retrieve().toBodilessEntity().block(TIMEOUT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "reactor", "jetty", "http-components", "jdk" })
	void webClientBuilderWhenProgenyRedirectsThenTheOtherOriginGetsNoToken(String connector) {
		String location = otherUrl("/landing");
		ReactiveContextRunners.runner(this.progeny)
			.withPropertyValues("spring.http.clients.reactive.connector=" + connector)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertConnectors(context.getBean(ClientHttpConnector.class), connector);
				WebClient webClient = context.getBean(WebClient.Builder.class).build();
				this.progeny.faults()
					.failNext(ProgenyEndpoint.API, 1, CannedResponse.of(302).withHeader("Location", location));
				ResponseEntity<Void> response = ping(webClient, this.progeny.baseUrl() + FakeProgenyServer.PING_PATH);
				assertThat(response.getStatusCode().value()).isEqualTo(302);
				assertThat(response.getHeaders().getLocation()).hasToString(location);
				assertThat(this.other.getRequestCount()).as("requests to the other origin").isZero();
				assertThat(webClient.get().uri(otherUrl("/hop")).retrieve().bodyToMono(String.class).block(TIMEOUT))
					.as("other origins still follow their redirects")
					.isEqualTo("other");
			});
		assertThat(this.progeny.counters().obtainRequests()).isOne();
		assertThat(this.other.getRequestCount()).as("only the other origin's own hop and landing").isEqualTo(2);
		assertThat(this.otherAuthorizationHeaders).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "reactor", "jetty", "http-components", "jdk" })
	void progenyWebClientWhenRedirectedThenDoesNotFollow(String connector) {
		String location = otherUrl("/landing");
		ReactiveContextRunners.runner(this.progeny)
			.withPropertyValues("spring.http.clients.reactive.connector=" + connector)
			.run((context) -> {
				WebClient webClient = context.getBean("progenyWebClient", WebClient.class);
				for (int status : new int[] { 301, 302, 303, 307, 308 }) {
					this.progeny.faults()
						.failNext(ProgenyEndpoint.API, 1, CannedResponse.of(status).withHeader("Location", location));
					ResponseEntity<Void> response = ping(webClient, FakeProgenyServer.PING_PATH);
					assertThat(response.getStatusCode().value()).isEqualTo(status);
					assertThat(response.getHeaders().getLocation()).hasToString(location);
				}
				assertThat(ping(webClient, FakeProgenyServer.PING_PATH).getStatusCode().value()).isEqualTo(200);
			});
		assertThat(this.other.getRequestCount()).isZero();
		assertThat(this.progeny.counters().apiRequests()).isEqualTo(6);
		assertThat(this.progeny.counters().obtainRequests()).isOne();
	}

	private static void assertConnectors(ClientHttpConnector connector, String name) {
		Class<? extends ClientHttpConnector> type = switch (name) {
			case "reactor" -> ReactorClientHttpConnector.class;
			case "jetty" -> JettyClientHttpConnector.class;
			case "http-components" -> HttpComponentsClientHttpConnector.class;
			default -> JdkClientHttpConnector.class;
		};
		assertThat(connector).isInstanceOf(ProgenyOriginClientHttpConnector.class);
		ProgenyOriginClientHttpConnector scoped = (ProgenyOriginClientHttpConnector) connector;
		assertThat(scoped.progenyConnector()).isInstanceOf(type);
		assertThat(scoped.otherConnector()).isInstanceOf(type);
	}

}
