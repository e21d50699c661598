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
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.ProgenyToken;
import tech.progeny.auth.token.ProgenyTokenProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the sample end to end against the fake Progeny it embeds, with 6-second tokens so
 * that refreshes come within seconds.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.fake-progeny.access-token-lifetime=6s", "sample.interval=250ms" })
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Autowired
	private FakeProgenyServer fakeProgeny;

	@Autowired
	private ProgenyDemoService demoService;

	@Autowired
	private ProgenyDemoLoop demoLoop;

	@Autowired
	private ProgenyTokenProvider tokenProvider;

	@Autowired
	private ApplicationContext context;

	@LocalServerPort
	private int port;

	@Test
	void startsAsAServletApplicationWithWebFluxOnTheClassPath() {
		assertThat(this.context).isInstanceOf(ServletWebServerApplicationContext.class);
	}

	@Test
	void readsTheDemoPathThroughBothClientsWithATokenFromTheEmbeddedFake() {
		assertThat(this.demoService.readWithRestClient()).isEqualTo(HttpStatus.OK);
		assertThat(this.demoService.readWithHttpService()).isEqualTo(HttpStatus.OK);
		assertThat(this.fakeProgeny.counters().obtainRequests()).isOne();
		assertThat(this.fakeProgeny.counters().apiRequests()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void demoLoopKeepsCallingWhileTheTokenIsRefreshedAndItsRefreshTokenRotated(CapturedOutput output) {
		long refreshes = this.fakeProgeny.counters().refreshRequests();
		long rotations = this.demoLoop.refreshTokenRotations();
		await().atMost(TIMEOUT)
			.until(() -> this.fakeProgeny.counters().refreshRequests() >= refreshes + 2
					&& this.demoLoop.refreshTokenRotations() >= rotations + 2);
		// one login, then refreshes only: each used the refresh token of the one before,
		// since the fake blacklists a rotated refresh token and a reuse would force a login
		assertThat(this.fakeProgeny.counters().obtainRequests()).isOne();
		assertThat(this.fakeProgeny.counters().maxConcurrentTokenRequests()).isOne();
		assertThat(this.demoLoop.failedCalls()).isZero();
		assertThat(this.demoLoop.successfulCalls()).isGreaterThanOrEqualTo(8);
		assertThat(output).contains("progenyRestClient 200, ProgenyDemoApi 200, progenyWebClient 200")
			.contains("refresh token rotated")
			.contains("health UP");
	}

	@Test
	void actuatorHealthShowsTheTokenWithoutTheToken() {
		this.demoService.readWithRestClient();
		String health = RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/actuator/health/progeny")
			.retrieve()
			.body(String.class);
		ProgenyToken token = this.tokenProvider.token();
		assertThat(health).contains("\"status\":\"UP\"").contains("\"tokenId\"").doesNotContain(token.accessToken());
	}

	@Test
	void logsNeitherThePasswordNorAToken(CapturedOutput output) {
		await().atMost(TIMEOUT).until(() -> output.getAll().contains("refresh token rotated"));
		ProgenyToken token = this.tokenProvider.token();
		assertThat(output).contains("Using ProgenyToken[id=...")
			.doesNotContain(this.fakeProgeny.password())
			.doesNotContain(token.accessToken())
			.doesNotContain(String.valueOf(token.refreshToken()))
			// every JWT starts with a base64url-encoded '{"'
			.doesNotContain("eyJ");
	}

}
