package tech.progeny.auth.reliability;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.client.ProgenyMalformedResponseException;
import tech.progeny.auth.reliability.SecretLeakExtension.Secrets;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Redirects from Progeny's origin to another host: never followed with credentials or
 * tokens.
 */
@ExtendWith(SecretLeakExtension.class)
class RedirectTests {

	private final FakeProgenyServer server = FakeProgenyServer.start();

	private final OtherOrigin other = new OtherOrigin();

	@AfterEach
	void close() {
		this.server.close();
		this.other.close();
	}

	@Test
	void apiRedirectToAnotherHostThenTheCallerGetsTheRedirectAndTheOtherHostNothing(Secrets secrets) {
		secrets.watch(this.server);
		String location = this.other.baseUrl() + FakeProgenyServer.PING_PATH;
		ProgenyContextRunners.runner(this.server).run((context) -> {
			RestClient restClient = context.getBean("progenyRestClient", RestClient.class);
			for (int status : new int[] { 301, 302, 303, 307, 308 }) {
				this.server.faults()
					.failNext(ProgenyEndpoint.API, 1, CannedResponse.of(status).withHeader("Location", location));
				ResponseEntity<Void> response = restClient.get()
					.uri(FakeProgenyServer.PING_PATH)
					.retrieve()
					.toBodilessEntity();
				assertThat(response.getStatusCode().value()).isEqualTo(status);
				assertThat(response.getHeaders().getLocation()).hasToString(location);
			}
			assertThat(restClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity().getStatusCode())
				.isEqualTo(HttpStatus.OK);
		});
		assertThat(this.other.requests()).isZero();
		assertThat(this.server.counters().apiRequests()).isEqualTo(6);
		assertThat(this.server.counters().obtainRequests()).isEqualTo(1);
	}

	@Test
	void tokenEndpointRedirectToAnotherHostThenTypedExceptionAndTheOtherHostGetsNothing(Secrets secrets) {
		secrets.watch(this.server);
		this.server.faults()
			.failNext(ProgenyEndpoint.OBTAIN, 1, CannedResponse.of(307)
				.withHeader("Location", this.other.baseUrl() + FakeProgenyServer.OBTAIN_PATH));
		ProgenyContextRunners.runner(this.server).run((context) -> {
			RestClient restClient = context.getBean("progenyRestClient", RestClient.class);
			ProgenyMalformedResponseException failure = secrets.check(catchThrowableOfType(
					ProgenyMalformedResponseException.class,
					() -> restClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity()));
			assertThat(failure.getMessage()).contains("307");
		});
		assertThat(this.other.requests()).isZero();
		assertThat(this.server.counters().obtainRequests()).isEqualTo(1);
		assertThat(this.server.counters().apiRequests()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "reactor", "jdk", "simple" })
	void hostClientGetsTheRedirectFromProgenyToAnotherHostAndTheOtherHostNothing(String factory,
			Secrets secrets) {
		secrets.watch(this.server);
		String location = this.other.baseUrl() + "/landing";
		ProgenyContextRunners.runner(this.server)
			.withPropertyValues("spring.http.clients.imperative.factory=" + factory)
			.run((context) -> {
			RestClient restClient = context.getBean(RestClient.Builder.class).build();
			this.server.faults()
				.failNext(ProgenyEndpoint.API, 1, CannedResponse.of(302).withHeader("Location", location));
			ResponseEntity<Void> response = restClient.get()
				.uri(this.server.baseUrl() + FakeProgenyServer.PING_PATH)
				.retrieve()
				.toBodilessEntity();
			assertThat(response.getStatusCode().value()).isEqualTo(302);
			assertThat(response.getHeaders().getLocation()).hasToString(location);
			assertThat(restClient.get().uri(location).retrieve().body(String.class))
				.as("other origins still go through the builder's own request factory")
				.isEqualTo("other");
		});
		assertThat(this.server.counters().obtainRequests()).isEqualTo(1);
		assertThat(this.other.requests()).as("only the direct request").isEqualTo(1);
		assertThat(this.other.authorizationHeaders()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "reactor", "jdk", "simple" })
	void hostRestTemplateGetsTheRedirectFromProgenyToAnotherHostAndTheOtherHostNothing(String factory,
			Secrets secrets) {
		secrets.watch(this.server);
		String location = this.other.baseUrl() + "/landing";
		ProgenyContextRunners.runner(this.server)
			.withPropertyValues("spring.http.clients.imperative.factory=" + factory)
			.run((context) -> {
				org.springframework.web.client.RestTemplate restTemplate = context
					.getBean(org.springframework.boot.restclient.RestTemplateBuilder.class)
					.build();
				this.server.faults()
					.failNext(ProgenyEndpoint.API, 1, CannedResponse.of(302).withHeader("Location", location));
				ResponseEntity<String> response = restTemplate
					.getForEntity(this.server.baseUrl() + FakeProgenyServer.PING_PATH, String.class);
				assertThat(response.getStatusCode().value()).isEqualTo(302);
				assertThat(response.getHeaders().getLocation()).hasToString(location);
				assertThat(restTemplate.getForObject(location, String.class)).isEqualTo("other");
			});
		assertThat(this.server.counters().obtainRequests()).isEqualTo(1);
		assertThat(this.other.requests()).as("only the direct request").isEqualTo(1);
		assertThat(this.other.authorizationHeaders()).isZero();
	}

}
