package tech.progeny.auth.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of a servlet web application with the starter: its own endpoints stay open.
 */
@SpringBootTest(classes = ProgenyAuthWebApplicationTests.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "progeny.auth.username=user", "progeny.auth.password=secret" })
class ProgenyAuthWebApplicationTests {

	@LocalServerPort
	private int port;

	@Test
	void ownEndpointsStayOpen() {
		ResponseEntity<String> response = RestClient.create()
			.get()
			.uri("http://127.0.0.1:" + this.port + "/hello")
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo("hello");
		assertThat(response.getHeaders().get("WWW-Authenticate")).isNull();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@RestController
	static class Application {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

	}

}
