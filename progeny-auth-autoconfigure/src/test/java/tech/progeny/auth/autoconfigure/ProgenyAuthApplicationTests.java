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
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of an application with the starter, calling a fake Progeny.
 */
@SpringBootTest(classes = ProgenyAuthApplicationTests.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ProgenyAuthApplicationTests {

	private static final FakeProgeny progeny = FakeProgeny.start();

	private static final FakeProgeny otherOrigin = FakeProgeny.start();

	@Autowired
	@Qualifier("progenyRestClient")
	private RestClient progenyRestClient;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private RestTemplateBuilder restTemplateBuilder;

	@Autowired
	private ProgenyThings things;

	@Autowired
	@Qualifier("progenyHealthIndicator")
	private HealthIndicator healthIndicator;

	@Autowired
	private MeterRegistry meterRegistry;

	@DynamicPropertySource
	static void progenyProperties(DynamicPropertyRegistry registry) {
		registry.add("progeny.auth.base-url", progeny::baseUrl);
		registry.add("progeny.auth.username", () -> FakeProgeny.USERNAME);
		registry.add("progeny.auth.password", () -> FakeProgeny.PASSWORD);
	}

	@AfterAll
	static void stopServers() {
		progeny.close();
		otherOrigin.close();
	}

	@Test
	void progenyRestClientIsAuthenticated() {
		String authorization = this.progenyRestClient.get().uri("/api/v3/things/").retrieve().body(String.class);
		assertThat(authorization).isEqualTo("Bearer " + progeny.accessToken());
	}

	@Test
	void hostRestClientIsAuthenticatedToProgenyOnly() {
		RestClient restClient = this.restClientBuilder.build();
		assertThat(restClient.get().uri(progeny.baseUrl() + "/api/v3/things/").retrieve().body(String.class))
			.isEqualTo("Bearer " + progeny.accessToken());
		assertThat(restClient.get().uri(otherOrigin.baseUrl() + "/api/v3/things/").retrieve().body(String.class))
			.isEqualTo("none");
	}

	@Test
	void hostRestTemplateIsAuthenticatedToProgenyOnly() {
		RestTemplate restTemplate = this.restTemplateBuilder.build();
		assertThat(restTemplate.getForObject(progeny.baseUrl() + "/api/v3/things/", String.class))
			.isEqualTo("Bearer " + progeny.accessToken());
		assertThat(restTemplate.getForObject(otherOrigin.baseUrl() + "/api/v3/things/", String.class))
			.isEqualTo("none");
	}

	@Test
	void callersOwnAuthorizationHeaderIsLeftAlone() {
		RestClient restClient = this.restClientBuilder.build();
		assertThat(restClient.get()
			.uri(progeny.baseUrl() + "/api/v3/things/")
			.header(HttpHeaders.AUTHORIZATION, "Bearer mine")
			.retrieve()
			.body(String.class)).isEqualTo("Bearer mine");
		assertThat(this.progenyRestClient.get()
			.uri("/api/v3/things/")
			.header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz")
			.retrieve()
			.body(String.class)).isEqualTo("Basic dXNlcjpwYXNz");
	}

	@Test
	void httpServiceClientIsAuthenticated() {
		assertThat(this.things.authorization()).isEqualTo("Bearer " + progeny.accessToken());
	}

	@Test
	void healthIsUpAndShowsNoSecret() {
		this.progenyRestClient.get().uri("/api/v3/things/").retrieve().toBodilessEntity();
		Health health = this.healthIndicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.toString()).doesNotContain(progeny.accessToken())
			.doesNotContain(progeny.refreshToken())
			.doesNotContain(FakeProgeny.PASSWORD);
	}

	@Test
	void tokenRequestsAndRemainingLifetimeAreMeasured() {
		this.progenyRestClient.get().uri("/api/v3/things/").retrieve().toBodilessEntity();
		assertThat(this.meterRegistry.get("progeny.auth.token.requests")
			.tag("kind", "obtain")
			.tag("outcome", "success")
			.timer()
			.count()).isPositive();
		assertThat(this.meterRegistry.get("progeny.auth.token.remaining").gauge().value()).isBetween(1.0, 300.0);
	}

	interface ProgenyThings {

		@GetExchange("/api/v3/things/")
		String authorization();

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportHttpServices(group = "progeny", types = ProgenyThings.class)
	static class Application {

	}

}
