package tech.progeny.auth.autoconfigure;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of an application that turned {@code progeny.auth.customize-clients} off.
 */
@SpringBootTest(classes = ProgenyAuthClientsNotCustomizedTests.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "progeny.auth.customize-clients=false")
class ProgenyAuthClientsNotCustomizedTests {

	private static final FakeProgeny progeny = FakeProgeny.start();

	@Autowired
	@Qualifier("progenyRestClient")
	private RestClient progenyRestClient;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private RestTemplateBuilder restTemplateBuilder;

	@DynamicPropertySource
	static void progenyProperties(DynamicPropertyRegistry registry) {
		registry.add("progeny.auth.base-url", progeny::baseUrl);
		registry.add("progeny.auth.username", () -> FakeProgeny.USERNAME);
		registry.add("progeny.auth.password", () -> FakeProgeny.PASSWORD);
	}

	@AfterAll
	static void stopServer() {
		progeny.close();
	}

	@Test
	void hostRestClientIsUntouched() {
		assertThat(this.restClientBuilder.build()
			.get()
			.uri(progeny.baseUrl() + "/api/v3/things/")
			.retrieve()
			.body(String.class)).isEqualTo("none");
	}

	@Test
	void hostRestTemplateIsUntouched() {
		assertThat(this.restTemplateBuilder.build().getForObject(progeny.baseUrl() + "/api/v3/things/", String.class))
			.isEqualTo("none");
	}

	@Test
	void progenyRestClientIsStillAuthenticated() {
		assertThat(this.progenyRestClient.get().uri("/api/v3/things/").retrieve().body(String.class))
			.isEqualTo("Bearer " + progeny.accessToken());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
