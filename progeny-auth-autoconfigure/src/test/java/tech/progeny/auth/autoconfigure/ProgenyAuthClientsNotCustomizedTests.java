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
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.spring.FakeProgenyProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of an application that turned {@code progeny.auth.customize-clients} off.
 */
@SpringBootTest(classes = ProgenyAuthClientsNotCustomizedTests.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "progeny.auth.customize-clients=false")
class ProgenyAuthClientsNotCustomizedTests {

	private static final String NOT_PROVIDED = "Authentication credentials were not provided.";

	private static final FakeProgenyServer progeny = FakeProgenyServer.start();

	@Autowired
	@Qualifier("progenyRestClient")
	private RestClient progenyRestClient;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private RestTemplateBuilder restTemplateBuilder;

	@DynamicPropertySource
	static void progenyProperties(DynamicPropertyRegistry registry) {
		FakeProgenyProperties.register(registry, progeny);
	}

	@AfterAll
	static void stopServer() {
		progeny.close();
	}

	@Test
	void hostRestClientWhenClientsAreNotCustomizedThenSendsNoToken() {
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
			.isThrownBy(() -> this.restClientBuilder.build()
				.get()
				.uri(progeny.url(FakeProgenyServer.PING_PATH))
				.retrieve()
				.body(String.class))
			.satisfies((ex) -> assertThat(ex.getResponseBodyAsString()).contains(NOT_PROVIDED));
	}

	@Test
	void hostRestTemplateWhenClientsAreNotCustomizedThenSendsNoToken() {
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
			.isThrownBy(() -> this.restTemplateBuilder.build()
				.getForObject(progeny.url(FakeProgenyServer.PING_PATH), String.class))
			.satisfies((ex) -> assertThat(ex.getResponseBodyAsString()).contains(NOT_PROVIDED));
	}

	@Test
	void progenyRestClientWhenClientsAreNotCustomizedThenStillSendsAnIssuedToken() {
		assertThat(this.progenyRestClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().body(String.class))
			.isEqualTo("{\"status\":\"ok\",\"user_id\":41}");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
