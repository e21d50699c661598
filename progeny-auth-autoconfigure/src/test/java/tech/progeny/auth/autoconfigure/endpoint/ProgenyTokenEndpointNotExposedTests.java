package tech.progeny.auth.autoconfigure.endpoint;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.test.spring.AutoConfigureFakeProgeny;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of a web application with the actuator that does not expose the {@code progeny}
 * endpoint: like every endpoint but {@code health}, it is not there.
 */
@SpringBootTest(classes = ProgenyTokenEndpointNotExposedTests.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureFakeProgeny
class ProgenyTokenEndpointNotExposedTests {

	@Autowired
	private ApplicationContext context;

	@LocalServerPort
	private int port;

	@Test
	void endpointWhenNotExposedThenNotFoundOverHttpAndNoBean() {
		RestClient actuator = RestClient.create("http://127.0.0.1:" + this.port);
		// the actuator is there, with health and without progeny
		assertThat(actuator.get().uri("/actuator").retrieve().body(String.class)).contains("/actuator/health")
			.doesNotContain("/actuator/progeny");
		assertThat(status(actuator.get().uri("/actuator/progeny"))).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(status(actuator.post().uri("/actuator/progeny"))).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(this.context.getBeansOfType(ProgenyTokenEndpoint.class)).isEmpty();
	}

	private static HttpStatus status(RestClient.RequestHeadersSpec<?> request) {
		return HttpStatus.valueOf(request.retrieve()
			.onStatus((status) -> true, (req, response) -> {
			})
			.toBodilessEntity()
			.getStatusCode()
			.value());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
