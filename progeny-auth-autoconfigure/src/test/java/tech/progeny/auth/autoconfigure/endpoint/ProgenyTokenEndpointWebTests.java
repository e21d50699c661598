package tech.progeny.auth.autoconfigure.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.spring.AutoConfigureFakeProgeny;
import tech.progeny.auth.token.ProgenyToken;
import tech.progeny.auth.token.ProgenyTokenProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.progeny.auth.support.DemoPing.ping;

/**
 * Tests of the {@code progeny} endpoint over HTTP, exposed as an application exposes it,
 * against the fake Progeny.
 */
@SpringBootTest(classes = ProgenyTokenEndpointWebTests.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=progeny")
@AutoConfigureFakeProgeny
class ProgenyTokenEndpointWebTests {

	@Autowired
	private FakeProgenyServer progeny;

	@Autowired
	private ProgenyTokenProvider tokenProvider;

	@Autowired
	@Qualifier("progenyRestClient")
	private RestClient progenyRestClient;

	@LocalServerPort
	private int port;

	@Test
	void readWhenLoggedInThenAnswersTheTokensStateAsJson() {
		callProgeny();
		JsonNode token = JsonMapper.shared().readTree(read());
		assertThat(token.propertyNames()).contains("phase", "expiresAt", "tokenId", "activity", "store")
			.doesNotContain("lastFailure");
		assertThat(token.get("phase").asString()).isEqualTo("FRESH");
		assertThat(token.get("expiresAt").asString())
			.isEqualTo(this.tokenProvider.status().expiresAt().toString());
		assertThat(token.get("tokenId").asString()).isEqualTo(this.tokenProvider.status().tokenId())
			.matches("[0-9a-f]{8}");
		JsonNode activity = token.get("activity");
		assertThat(activity.propertyNames()).contains("logins", "refreshes", "failures", "invalidations",
				"lastLoginAt");
		assertThat(activity.get("logins").asLong()).isEqualTo(this.tokenProvider.status().activity().logins())
			.isPositive();
		assertThat(activity.get("lastLoginAt").asString())
			.isEqualTo(this.tokenProvider.status().activity().lastLoginAt().toString());
		JsonNode store = token.get("store");
		assertThat(store.get("type").asString()).isEqualTo("in-memory");
		assertThat(store.get("reachable").asBoolean()).isTrue();
		assertThat(store.get("leaseHolder").asBoolean()).isFalse();
	}

	@Test
	void invalidateWhenConcurrentRequestsFollowThenMakesExactlyOneNewExchange() throws Exception {
		callProgeny();
		String tokenId = this.tokenProvider.status().tokenId();
		long invalidations = this.tokenProvider.status().activity().invalidations();
		long tokenRequests = this.progeny.counters().tokenRequests();
		JsonNode invalidation = JsonMapper.shared().readTree(invalidate());
		assertThat(invalidation.get("invalidated").asBoolean()).isTrue();
		assertThat(invalidation.get("token").get("phase").asString()).isEqualTo("UNUSABLE");
		assertThat(invalidation.get("token").get("activity").get("invalidations").asLong())
			.isEqualTo(invalidations + 1);
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Callable<HttpStatusCode>> calls = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				calls.add(this::callProgeny);
			}
			for (Future<HttpStatusCode> status : executor.invokeAll(calls, 60, TimeUnit.SECONDS)) {
				assertThat(status.get().is2xxSuccessful()).isTrue();
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.progeny.counters().tokenRequests()).isEqualTo(tokenRequests + 1);
		assertThat(this.tokenProvider.status().tokenId()).isNotEqualTo(tokenId);
		assertThat(JsonMapper.shared().readTree(read()).get("phase").asString()).isEqualTo("FRESH");
	}

	@Test
	void endpointWhenReadAndInvalidatedThenNeverAnswersAPasswordOrAToken() {
		List<String> answers = new ArrayList<>();
		answers.add(read());
		callProgeny();
		answers.add(read());
		answers.add(invalidate());
		answers.add(invalidate());
		callProgeny();
		answers.add(read());
		ProgenyToken current = this.tokenProvider.token();
		List<String> secrets = new ArrayList<>(this.progeny.tokens().issuedTokens());
		secrets.add(current.accessToken());
		secrets.add(current.refreshToken());
		secrets.add(this.progeny.password());
		assertThat(secrets).hasSizeGreaterThanOrEqualTo(5);
		for (String secret : List.copyOf(secrets)) {
			// the signature alone is as secret as the token
			String[] parts = secret.split("\\.");
			if (parts.length == 3) {
				secrets.add(parts[2]);
			}
		}
		for (String answer : answers) {
			assertThat(answer).isNotBlank();
			for (String secret : secrets) {
				assertThat(answer).doesNotContain(secret);
			}
		}
	}

	private HttpStatusCode callProgeny() {
		return ping(this.progenyRestClient);
	}

	private String read() {
		return actuator().get().uri("/actuator/progeny").retrieve().body(String.class);
	}

	private String invalidate() {
		return actuator().post()
			.uri("/actuator/progeny")
			.contentType(MediaType.APPLICATION_JSON)
			.retrieve()
			.body(String.class);
	}

	private RestClient actuator() {
		return RestClient.create("http://127.0.0.1:" + this.port);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
