package tech.progeny.auth.reliability;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 9 (d) on every request factory Spring Boot builds: a 401 that is not about the
 * token ({@code user_inactive}) on a POST goes back to the caller after one API request
 * and no token request, even where the factory cannot read the body of that 401
 * (HttpURLConnection); a rejected login keeps the server's words.
 */
class EveryFactoryTests {

	private static final int CALLS = 5;

	private final FakeProgenyServer server = FakeProgenyServer.start();

	@AfterEach
	void close() {
		this.server.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk", "reactor", "simple", "http-components", "jetty" })
	void postWhenUserIsInactiveThenOneApiRequestPerCallAndNoTokenRequest(String factory) {
		ProgenyContextRunners.runner(this.server)
			.withPropertyValues("spring.http.clients.imperative.factory=" + factory)
			.run((context) -> {
				RestClient progenyRestClient = context.getBean("progenyRestClient", RestClient.class);
				RestClient hostClient = context.getBean(RestClient.Builder.class).build();
				progenyRestClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity();
				this.server.users().deactivate(this.server.username());
				this.server.counters().reset();
				for (int i = 0; i < CALLS; i++) {
					assertUnauthorized(factory, () -> progenyRestClient.post()
						.uri(FakeProgenyServer.ECHO_PATH)
						.contentType(MediaType.APPLICATION_JSON)
						.body("{\"visit\":1}")
						.retrieve()
						.toBodilessEntity());
					assertUnauthorized(factory, () -> hostClient.post()
						.uri(this.server.baseUrl() + FakeProgenyServer.ECHO_PATH)
						.contentType(MediaType.APPLICATION_JSON)
						.body("{\"visit\":2}")
						.retrieve()
						.toBodilessEntity());
				}
			});
		assertThat(this.server.counters().apiRequests()).isEqualTo(2 * CALLS);
		assertThat(this.server.counters().tokenRequests()).isZero();
	}

	/**
	 * The caller gets the 401; Jetty's client, at times, aborts a POST on a 401 that asks
	 * for authentication and reports an I/O error instead. Neither is replayed.
	 */
	private static void assertUnauthorized(String factory, ThrowingCallable call) {
		Throwable failure = catchThrowable(call);
		if (factory.equals("jetty") && failure instanceof ResourceAccessException) {
			assertThat(failure).hasMessageContaining("401");
			return;
		}
		assertThat(failure).isInstanceOfSatisfying(HttpClientErrorException.class,
				(ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED));
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk", "reactor", "simple", "http-components", "jetty" })
	void loginWhenCredentialsAreRejectedThenTheFailureKeepsTheServersDetail(String factory) {
		ProgenyContextRunners.runner(this.server)
			.withPropertyValues("spring.http.clients.imperative.factory=" + factory,
					"progeny.auth.password=wrong-Pa55word")
			.run((context) -> assertThatExceptionOfType(ProgenyCredentialsRejectedException.class)
				.isThrownBy(() -> context.getBean("progenyRestClient", RestClient.class)
					.get()
					.uri(FakeProgenyServer.PING_PATH)
					.retrieve()
					.toBodilessEntity())
				.withMessageContaining("No active account found with the given credentials"));
	}

}
