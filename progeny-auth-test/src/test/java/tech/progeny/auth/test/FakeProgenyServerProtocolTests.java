package tech.progeny.auth.test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FakeProgenyServerProtocolTests {

	private final FakeProgenyServer server = FakeProgenyServer.start();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void listensOnTheLoopbackAddress() {
		assertThat(this.server.baseUrl()).startsWith("http://127.0.0.1:").endsWith(":" + this.server.port());
	}

	@Test
	void postWhenTrailingSlashMissingThenRedirects301WithEmptyBody() {
		String path = FakeProgenyServer.OBTAIN_PATH.substring(0, FakeProgenyServer.OBTAIN_PATH.length() - 1);
		HttpResponse<String> response = Http.postJson(this.server.url(path), Http.credentials("a", "b"));
		assertThat(HttpClient.newHttpClient().followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
		assertThat(response.statusCode()).isEqualTo(301);
		assertThat(response.headers().firstValue("Location")).hasValue(FakeProgenyServer.OBTAIN_PATH);
		assertThat(response.body()).isEmpty();
		assertThat(this.server.counters().obtainRequests()).isZero();
	}

	@Test
	void postWhenTextPlainThenAnswers415() {
		HttpResponse<String> response = Http.post(this.server.url(FakeProgenyServer.OBTAIN_PATH), "text/plain",
				"username=x");
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.body()).isEqualTo("{\"detail\":\"Unsupported media type \\\"text/plain\\\" in request.\"}");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@Test
	void postWhenJsonMalformedThenAnswers400JsonParseError() {
		HttpResponse<String> response = Http.postJson(this.server.url(FakeProgenyServer.REFRESH_PATH), "{\"refresh\":");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).startsWith("{\"detail\":\"JSON parse error - ").endsWith("\"}");
	}

	@Test
	void getOnTokenEndpointThenAnswers405() {
		HttpResponse<String> response = Http.get(this.server.url(FakeProgenyServer.OBTAIN_PATH), "Accept",
				"application/json");
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.body()).isEqualTo("{\"detail\":\"Method \\\"GET\\\" not allowed.\"}");
		assertThat(response.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
	}

	@Test
	void postWhenAcceptPrefersHtmlThenAnswersAnHtmlPage() {
		HttpResponse<String> response = Http.send(HttpRequest
			.newBuilder(this.server.url(FakeProgenyServer.OBTAIN_PATH))
			.header("Content-Type", "application/json")
			.header("Accept", "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2")
			.POST(HttpRequest.BodyPublishers.ofString(Http.credentials("progeny-demo", "wrong"))));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"api\"");
		assertThat(response.body()).startsWith("<!DOCTYPE html>").contains("No active account found");
	}

	@Test
	void postWhenAcceptListsJsonBesideHtmlThenAnswersJson() {
		HttpResponse<String> response = Http.send(HttpRequest
			.newBuilder(this.server.url(FakeProgenyServer.OBTAIN_PATH))
			.header("Content-Type", "application/json")
			.header("Accept", "text/html, application/json;q=0.1")
			.POST(HttpRequest.BodyPublishers.ofString(Http.credentials("progeny-demo", "demo-password"))));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@Test
	void postWhenNoAcceptHeaderThenAnswersJson() {
		HttpResponse<String> response = Http.send(HttpRequest
			.newBuilder(this.server.url(FakeProgenyServer.OBTAIN_PATH))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}")));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@Test
	void unknownPathThenAnswers404Html() {
		HttpResponse<String> response = Http.get(this.server.url("/api/v3/nothing/"));
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
	}

}
