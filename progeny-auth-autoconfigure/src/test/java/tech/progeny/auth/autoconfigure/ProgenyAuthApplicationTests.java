package tech.progeny.auth.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.spring.FakeProgenyProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of an application with the starter, calling a fake Progeny. Another fake stands for an origin other than
 * Progeny's: it answers a request without a bearer token "Authentication credentials were not provided.".
 */
@SpringBootTest(classes = ProgenyAuthApplicationTests.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ProgenyAuthApplicationTests {

	private static final String NOT_PROVIDED = "Authentication credentials were not provided.";

	private static final String PING_ANSWER = "{\"status\":\"ok\",\"user_id\":41}";

	private static final FakeProgenyServer progeny = FakeProgenyServer.start();

	private static final FakeProgenyServer otherOrigin = FakeProgenyServer.start();

	@Autowired
	@Qualifier("progenyRestClient")
	private RestClient progenyRestClient;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private RestTemplateBuilder restTemplateBuilder;

	@Autowired
	private ProgenyPing ping;

	@Autowired
	@Qualifier("progenyHealthIndicator")
	private HealthIndicator healthIndicator;

	@Autowired
	private MeterRegistry meterRegistry;

	@DynamicPropertySource
	static void progenyProperties(DynamicPropertyRegistry registry) {
		FakeProgenyProperties.register(registry, progeny);
	}

	@AfterAll
	static void stopServers() {
		progeny.close();
		otherOrigin.close();
	}

	@Test
	void progenyRestClientWhenCallingProgenyThenSendsAnIssuedToken() {
		assertThat(this.progenyRestClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().body(String.class))
			.isEqualTo(PING_ANSWER);
	}

	@Test
	void hostRestClientWhenCallingProgenyAndAnotherOriginThenAuthenticatesToProgenyOnly() {
		RestClient restClient = this.restClientBuilder.build();
		assertThat(restClient.get().uri(progeny.url(FakeProgenyServer.PING_PATH)).retrieve().body(String.class))
			.isEqualTo(PING_ANSWER);
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
			.isThrownBy(() -> restClient.get()
				.uri(otherOrigin.url(FakeProgenyServer.PING_PATH))
				.retrieve()
				.body(String.class))
			.satisfies((ex) -> assertThat(ex.getResponseBodyAsString()).contains(NOT_PROVIDED));
		assertThat(otherOrigin.counters().tokenRequests()).isZero();
	}

	@Test
	void hostRestTemplateWhenCallingProgenyAndAnotherOriginThenAuthenticatesToProgenyOnly() {
		RestTemplate restTemplate = this.restTemplateBuilder.build();
		assertThat(restTemplate.getForObject(progeny.url(FakeProgenyServer.PING_PATH), String.class))
			.isEqualTo(PING_ANSWER);
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
			.isThrownBy(() -> restTemplate.getForObject(otherOrigin.url(FakeProgenyServer.PING_PATH), String.class))
			.satisfies((ex) -> assertThat(ex.getResponseBodyAsString()).contains(NOT_PROVIDED));
	}

	@Test
	void hostRestClientWhenCallerSetsAuthorizationThenSendsItUntouched() {
		RestClient restClient = this.restClientBuilder.build();
		long tokenRequests = progeny.counters().tokenRequests();
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
			.isThrownBy(() -> restClient.get()
				.uri(progeny.url(FakeProgenyServer.PING_PATH))
				.header(HttpHeaders.AUTHORIZATION, "Bearer mine")
				.retrieve()
				.body(String.class))
			.satisfies((ex) -> assertThat(ex.getResponseBodyAsString()).contains("token_not_valid"));
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
			.isThrownBy(() -> this.progenyRestClient.get()
				.uri(FakeProgenyServer.PING_PATH)
				.header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz")
				.retrieve()
				.body(String.class))
			.satisfies((ex) -> assertThat(ex.getResponseBodyAsString()).contains(NOT_PROVIDED));
		assertThat(progeny.counters().tokenRequests()).isEqualTo(tokenRequests);
	}

	@Test
	void httpServiceClientWhenCallingProgenyThenSendsAnIssuedToken() {
		assertThat(this.ping.ping()).isEqualTo(PING_ANSWER);
	}

	@Test
	void healthWhenATokenIsHeldThenIsUpAndShowsNoSecret() {
		this.progenyRestClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity();
		Health health = this.healthIndicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(progeny.tokens().issuedTokens()).isNotEmpty()
			.allSatisfy((token) -> assertThat(health.toString()).doesNotContain(token));
		assertThat(health.toString()).doesNotContain(progeny.password());
	}

	@Test
	void metricsWhenATokenWasObtainedThenMeasureRequestsAndRemainingLifetime() {
		this.progenyRestClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity();
		assertThat(this.meterRegistry.get("progeny.auth.token.requests")
			.tag("kind", "obtain")
			.tag("outcome", "success")
			.timer()
			.count()).isPositive();
		assertThat(this.meterRegistry.get("progeny.auth.token.remaining").gauge().value()).isBetween(1.0, 300.0);
	}

	interface ProgenyPing {

		@GetExchange(FakeProgenyServer.PING_PATH)
		String ping();

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportHttpServices(group = "progeny", types = ProgenyPing.class)
	static class Application {

	}

}
