package tech.progeny.auth.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample in its {@code spring-security} profile: Spring Security's interceptor with
 * {@code clientRegistrationId("progeny")} reads the demo path with the lifecycle's token,
 * and web security stays off.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.interval=250ms")
@ActiveProfiles("spring-security")
@ExtendWith(OutputCaptureExtension.class)
class SampleSpringSecurityTests {

	@Autowired
	private SpringSecurityDemo demo;

	@Autowired
	private FakeProgenyServer fakeProgeny;

	@LocalServerPort
	private int port;

	@Test
	void readsTheDemoPathThroughSpringSecuritysInterceptor(CapturedOutput output) {
		assertThat(this.demo.read()).isEqualTo(HttpStatus.OK);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> output.getAll().contains("through Spring Security's interceptor -> 200"));
		assertThat(this.fakeProgeny.counters().obtainRequests()).isOne();
	}

	@Test
	void endpointsStayOpen() {
		assertThat(RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/actuator/health")
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.OK);
	}

}
