package tech.progeny.auth.test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.progeny.auth.test.FakeProgenyServerTokenTests.assertUnauthorized;

class FakeProgenyServerApiTests {

	private static final String NOT_VALID = "{\"detail\":\"Given token not valid for any token type\","
			+ "\"code\":\"token_not_valid\",\"messages\":[{\"token_class\":\"AccessToken\",\"token_type\":\"access\","
			+ "\"message\":\"Token is invalid or expired\"}]}";

	private final AdjustableClock clock = AdjustableClock.at(Instant.parse("2024-03-01T10:00:00Z"));

	private final FakeProgenyServer server = FakeProgenyServer.builder().clock(this.clock).start();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void pingWhenAccessTokenValidThenAnswersStatusAndUserId() {
		HttpResponse<String> response = ping("Bearer " + access());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"status\":\"ok\",\"user_id\":41}");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@Test
	void echoWhenAccessTokenValidThenAnswersTheBody() {
		HttpResponse<String> response = Http.send(HttpRequest.newBuilder(this.server.url(FakeProgenyServer.ECHO_PATH))
			.header("Authorization", "Bearer " + access())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{ \"b\": [1, 2], \"a\": \"x\" }")));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"b\":[1,2],\"a\":\"x\"}");
	}

	@Test
	void apiWhenNoAuthorizationThenAnswersCredentialsNotProvided() {
		assertUnauthorized(ping(null), "{\"detail\":\"Authentication credentials were not provided.\"}");
	}

	@Test
	void apiWhenSchemeIsNotExactlyBearerThenTreatsItAsNoCredentials() {
		assertUnauthorized(ping("bearer " + access()),
				"{\"detail\":\"Authentication credentials were not provided.\"}");
	}

	@Test
	void apiWhenTokenExpiredThenAnswersTokenNotValid() {
		String access = access();
		this.clock.set(this.server.tokens().expiresAt(access));
		assertUnauthorized(ping("Bearer " + access), NOT_VALID);
	}

	@Test
	void apiWhenTokenGarbageThenAnswersTokenNotValid() {
		assertUnauthorized(ping("Bearer garbage"), NOT_VALID);
	}

	@Test
	void apiWhenRefreshTokenSentThenAnswersTokenNotValid() {
		assertUnauthorized(ping("Bearer " + this.server.tokens().refresh(FakeProgenyServer.DEFAULT_USERNAME)),
				NOT_VALID);
	}

	@Test
	void apiWhenUserDeactivatedThenAnswersUserInactive() {
		String access = access();
		this.server.users().deactivate(FakeProgenyServer.DEFAULT_USERNAME);
		assertUnauthorized(ping("Bearer " + access), "{\"detail\":\"User is inactive\",\"code\":\"user_inactive\"}");
	}

	@Test
	void apiWhenBearerHasNoTokenThenAnswersBadAuthorizationHeader() {
		assertUnauthorized(ping("Bearer"), "{\"detail\":\"Authorization header must contain two space-delimited "
				+ "values\",\"code\":\"bad_authorization_header\"}");
	}

	@Test
	void apiWhenTokenObtainedOverHttpThenAccepted() {
		HttpResponse<String> obtained = Http.postJson(this.server.url(FakeProgenyServer.OBTAIN_PATH),
				Http.credentials(this.server.username(), this.server.password()));
		String access = obtained.body().replaceAll(".*\"access\":\"([^\"]+)\".*", "$1");
		assertThat(ping("Bearer " + access).statusCode()).isEqualTo(200);
		assertThat(this.server.counters().apiRequests()).isEqualTo(1);
		assertThat(this.server.counters().obtainRequests()).isEqualTo(1);
	}

	private String access() {
		return this.server.tokens().access(FakeProgenyServer.DEFAULT_USERNAME);
	}

	private HttpResponse<String> ping(String authorization) {
		URI uri = this.server.url(FakeProgenyServer.PING_PATH);
		return (authorization != null) ? Http.get(uri, "Authorization", authorization, "Accept", "application/json")
				: Http.get(uri, "Accept", "application/json");
	}

}
