package tech.progeny.auth.test;

import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the fake's support of outages and of leak checks: a fixed port, the count of rejected refreshes and
 * the record of every token it minted.
 */
class FakeProgenyOutageTests {

	@Test
	void portWhenFixedThenAnotherServerCanTakeOverTheSameBaseUrlAfterAClose() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		FakeProgenyServer first = FakeProgenyServer.builder().port(port).start();
		String baseUrl = first.baseUrl();
		String refresh = first.tokens().refresh(FakeProgenyServer.DEFAULT_USERNAME);
		assertThat(obtain(first).statusCode()).isEqualTo(200);
		first.close();
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> obtain(first));
		try (FakeProgenyServer second = FakeProgenyServer.builder().port(port).start()) {
			assertThat(second.baseUrl()).isEqualTo(baseUrl);
			assertThat(obtain(second).statusCode()).isEqualTo(200);
			assertThat(Http.postJson(second.url(FakeProgenyServer.REFRESH_PATH), "{\"refresh\":\"" + refresh + "\"}")
				.statusCode()).as("a token of the first server is valid on the second").isEqualTo(200);
			assertThat(second.counters().obtainRequests()).isEqualTo(1);
		}
	}

	@Test
	void portWhenOutOfRangeThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> FakeProgenyServer.builder().port(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> FakeProgenyServer.builder().port(65536));
	}

	@Test
	void countersWhenRefreshRejectedThenCountIt() {
		try (FakeProgenyServer server = FakeProgenyServer.start()) {
			String refresh = server.tokens().refresh(FakeProgenyServer.DEFAULT_USERNAME);
			assertThat(refresh(server, refresh).statusCode()).isEqualTo(200);
			assertThat(server.counters().rejectedRefreshRequests()).isZero();
			assertThat(refresh(server, refresh).statusCode()).as("blacklisted").isEqualTo(401);
			assertThat(refresh(server, "garbage").statusCode()).isEqualTo(401);
			assertThat(Http.postJson(server.url(FakeProgenyServer.REFRESH_PATH), "{}").statusCode()).isEqualTo(400);
			assertThat(server.counters().rejectedRefreshRequests()).isEqualTo(2);
			assertThat(server.counters().refreshRequests()).isEqualTo(4);
			server.reset();
			assertThat(server.counters().rejectedRefreshRequests()).isZero();
		}
	}

	@Test
	void tokensWhenMintedThenIssuedTokensListsEveryOne() {
		try (FakeProgenyServer server = FakeProgenyServer.start()) {
			IssuedTokens direct = server.tokens().issue(FakeProgenyServer.DEFAULT_USERNAME);
			String obtained = obtain(server).body();
			List<String> issued = server.tokens().issuedTokens();
			assertThat(issued).hasSize(4).contains(direct.access(), direct.refresh());
			assertThat(issued.subList(2, 4)).allSatisfy((token) -> assertThat(obtained).contains(token));
			String rotated = refresh(server, server.tokens().issue(FakeProgenyServer.DEFAULT_USERNAME).refresh()).body();
			List<String> afterRefresh = server.tokens().issuedTokens();
			assertThat(afterRefresh).hasSize(8);
			assertThat(afterRefresh.subList(6, 8)).allSatisfy((token) -> assertThat(rotated).contains(token));
			server.reset();
			assertThat(server.tokens().issuedTokens()).isEmpty();
		}
	}

	private static java.net.http.HttpResponse<String> obtain(FakeProgenyServer server) {
		return Http.postJson(server.url(FakeProgenyServer.OBTAIN_PATH),
				Http.credentials(server.username(), server.password()));
	}

	private static java.net.http.HttpResponse<String> refresh(FakeProgenyServer server, String token) {
		return Http.postJson(server.url(FakeProgenyServer.REFRESH_PATH), "{\"refresh\":\"" + token + "\"}");
	}

}
