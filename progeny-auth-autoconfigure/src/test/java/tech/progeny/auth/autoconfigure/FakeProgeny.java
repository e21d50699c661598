package tech.progeny.auth.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Progeny on a {@link MockWebServer} bound to 127.0.0.1: the obtain and refresh
 * endpoints issue 5-minute JWTs for one username and password, and every other request
 * is answered with the {@code Authorization} header it carried ({@code none} without
 * one). Used as a plain echo server, it stands for an origin other than Progeny's.
 */
final class FakeProgeny implements AutoCloseable {

	static final String USERNAME = "user";

	static final String PASSWORD = "s3cr3t-Pa55";

	private final MockWebServer server = new MockWebServer();

	private final AtomicInteger obtains = new AtomicInteger();

	private volatile @Nullable String accessToken;

	private volatile @Nullable String refreshToken;

	private FakeProgeny() {
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return FakeProgeny.this.dispatch(request);
			}

		});
	}

	static FakeProgeny start() {
		FakeProgeny progeny = new FakeProgeny();
		try {
			progeny.server.start(InetAddress.getByName("127.0.0.1"), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return progeny;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getPort();
	}

	int obtains() {
		return this.obtains.get();
	}

	@Nullable String accessToken() {
		return this.accessToken;
	}

	@Nullable String refreshToken() {
		return this.refreshToken;
	}

	private MockResponse dispatch(RecordedRequest request) {
		String path = request.getUrl().encodedPath();
		if ("POST".equals(request.getMethod()) && "/api/v3/accounts/token/obtain/".equals(path)) {
			return obtain(request);
		}
		String authorization = request.getHeaders().get("Authorization");
		return new MockResponse(200, Headers.of("Content-Type", "text/plain"),
				(authorization != null) ? authorization : "none");
	}

	private MockResponse obtain(RecordedRequest request) {
		this.obtains.incrementAndGet();
		JsonNode body = JsonMapper.shared().readTree(request.getBody().string(StandardCharsets.UTF_8));
		if (!USERNAME.equals(body.path("username").asString()) || !PASSWORD.equals(body.path("password").asString())) {
			return json(401, "{\"detail\":\"No active account found with the given credentials\"}");
		}
		long now = Instant.now().getEpochSecond();
		String access = jwt("access", now, now + 300);
		String refresh = jwt("refresh", now, now + 1_209_600);
		this.accessToken = access;
		this.refreshToken = refresh;
		return json(200, "{\"refresh\":\"" + refresh + "\",\"access\":\"" + access + "\"}");
	}

	private static MockResponse json(int status, String body) {
		return new MockResponse(status,
				Headers.of("Content-Type", "application/json", "WWW-Authenticate", "Bearer realm=\"api\""), body);
	}

	static String jwt(String type, long iat, long exp) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String header = encoder.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String jti = UUID.randomUUID().toString().replace("-", "");
		String payload = encoder.encodeToString(("{\"token_type\":\"" + type + "\",\"exp\":" + exp + ",\"iat\":" + iat
				+ ",\"jti\":\"" + jti + "\",\"user_id\":41}")
			.getBytes(StandardCharsets.UTF_8));
		String signature = encoder.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
		return header + "." + payload + "." + signature;
	}

	@Override
	public void close() {
		this.server.close();
	}

}
