package tech.progeny.auth.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class FakeProgenyServerClockTests {

	private final AdjustableClock clock = AdjustableClock.at(Instant.parse("2024-03-01T10:00:00.250Z"));

	@Test
	void dateHeaderWhenServerClockAdjustableThenEveryResponseCarriesItsNowOnTheWire() throws IOException {
		try (FakeProgenyServer server = FakeProgenyServer.builder().clock(this.clock).start();
				Socket socket = connect(server)) {
			String credentials = Http.credentials(server.username(), server.password());
			List<String> heads = new ArrayList<>();
			heads.add(exchange(socket, post(FakeProgenyServer.OBTAIN_PATH, credentials)));
			this.clock.advance(Duration.ofSeconds(61));
			heads.add(exchange(socket, "GET " + FakeProgenyServer.PING_PATH + " HTTP/1.1\r\nHost: fake\r\n\r\n"));
			this.clock.advance(Duration.ofDays(1));
			heads.add(exchange(socket, "GET /nowhere/ HTTP/1.1\r\nHost: fake\r\n\r\n"));
			assertThat(heads.get(0)).startsWith("HTTP/1.1 200 ");
			assertThat(heads.get(1)).startsWith("HTTP/1.1 401 ");
			assertThat(heads.get(2)).startsWith("HTTP/1.1 404 ");
			assertThat(dateLines(heads.get(0))).containsExactly("Date: Fri, 01 Mar 2024 10:00:00 GMT");
			assertThat(dateLines(heads.get(1))).containsExactly("Date: Fri, 01 Mar 2024 10:01:01 GMT");
			assertThat(dateLines(heads.get(2))).containsExactly("Date: Sat, 02 Mar 2024 10:01:01 GMT");
		}
	}

	@Test
	void dateHeaderWhenServerClockAheadOrBehindThenSkewedFromTheClientsClock() {
		for (Duration skew : List.of(Duration.ofSeconds(30), Duration.ofSeconds(-30))) {
			try (FakeProgenyServer server = FakeProgenyServer.builder()
				.clock(Clock.offset(Clock.systemUTC(), skew))
				.start()) {
				Instant before = Instant.now();
				HttpResponse<String> response = Http.postJson(server.url(FakeProgenyServer.OBTAIN_PATH),
						Http.credentials(server.username(), server.password()));
				Instant after = Instant.now();
				assertThat(response.headers().allValues("Date")).hasSize(1);
				Instant date = ZonedDateTime
					.parse(response.headers().firstValue("Date").orElseThrow(), DateTimeFormatter.RFC_1123_DATE_TIME)
					.toInstant();
				assertThat(date).isBetween(before.plus(skew).truncatedTo(ChronoUnit.SECONDS), after.plus(skew));
				Instant exp = server.tokens().expiresAt(access(response));
				// the Date is stamped when the answer is written, a moment after the token was
				// issued, so the two whole seconds may straddle a second's boundary
				assertThat(Duration.between(date, exp)).isBetween(
						FakeProgenyServer.DEFAULT_ACCESS_TOKEN_LIFETIME.minusSeconds(1),
						FakeProgenyServer.DEFAULT_ACCESS_TOKEN_LIFETIME);
			}
		}
	}

	@Test
	void dateHeaderWhenSendDateHeaderFalseThenNoneOnTheWire() throws IOException {
		try (FakeProgenyServer server = FakeProgenyServer.builder().clock(this.clock).sendDateHeader(false).start();
				Socket socket = connect(server)) {
			assertThat(server.sendsDateHeader()).isFalse();
			String obtain = exchange(socket,
					post(FakeProgenyServer.OBTAIN_PATH, Http.credentials(server.username(), server.password())));
			String unauthorized = exchange(socket,
					"GET " + FakeProgenyServer.PING_PATH + " HTTP/1.1\r\nHost: fake\r\n\r\n");
			assertThat(obtain).startsWith("HTTP/1.1 200 ").containsIgnoringCase("\r\nContent-Length: ");
			assertThat(unauthorized).startsWith("HTTP/1.1 401 ");
			assertThat(dateLines(obtain)).isEmpty();
			assertThat(dateLines(unauthorized)).isEmpty();
		}
	}

	@Test
	void apiWhenAccessTokenExpiredOnTheServersClockThenAnswers401AndCountsIt() {
		try (FakeProgenyServer server = FakeProgenyServer.builder().clock(this.clock).start()) {
			IssuedTokens tokens = server.tokens().issue(server.username());
			this.clock.set(tokens.accessExpiresAt().minusMillis(1));
			assertThat(ping(server, tokens.access()).statusCode()).isEqualTo(200);
			assertThat(server.counters().expiredTokenRequests()).isZero();
			this.clock.set(tokens.accessExpiresAt());
			HttpResponse<String> expired = ping(server, tokens.access());
			assertThat(expired.statusCode()).isEqualTo(401);
			assertThat(expired.body()).contains("\"code\":\"token_not_valid\"");
			assertThat(server.counters().expiredTokenRequests()).isEqualTo(1);
			assertThat(server.counters().unauthorizedApiRequests()).isEqualTo(1);
		}
	}

	@Test
	void apiWhenTokenInvalidButNotExpiredThenNotCountedAsExpired() {
		try (FakeProgenyServer server = FakeProgenyServer.builder().clock(this.clock).start();
				FakeProgenyServer other = FakeProgenyServer.builder().clock(this.clock).signingKey("other").start()) {
			assertThat(ping(server, "garbage").statusCode()).isEqualTo(401);
			assertThat(ping(server, other.tokens().access(other.username())).statusCode()).isEqualTo(401);
			assertThat(ping(server, server.tokens().refresh(server.username())).statusCode()).isEqualTo(401);
			String expiredRefresh = server.tokens()
				.issue(server.username(), this.clock.instant().minus(Duration.ofDays(15)))
				.refresh();
			assertThat(Http.postJson(server.url(FakeProgenyServer.REFRESH_PATH),
					"{\"refresh\":\"" + expiredRefresh + "\"}").statusCode()).isEqualTo(401);
			assertThat(server.counters().expiredTokenRequests()).isZero();
			assertThat(server.counters().unauthorizedApiRequests()).isEqualTo(3);
			assertThat(server.counters().rejectedRefreshRequests()).isEqualTo(1);
		}
	}

	@Test
	void countersWhenResetThenExpiredAndUnauthorizedBackToZero() {
		try (FakeProgenyServer server = FakeProgenyServer.builder().clock(this.clock).start()) {
			String access = server.tokens().access(server.username());
			this.clock.advance(FakeProgenyServer.DEFAULT_ACCESS_TOKEN_LIFETIME);
			assertThat(ping(server, access).statusCode()).isEqualTo(401);
			assertThat(server.counters().expiredTokenRequests()).isEqualTo(1);
			server.reset();
			assertThat(server.counters().expiredTokenRequests()).isZero();
			assertThat(server.counters().unauthorizedApiRequests()).isZero();
		}
	}

	private static HttpResponse<String> ping(FakeProgenyServer server, String access) {
		return Http.get(server.url(FakeProgenyServer.PING_PATH), "Authorization", "Bearer " + access);
	}

	private static String access(HttpResponse<String> response) {
		return JsonMapper.builder().build().readTree(response.body()).get("access").asString();
	}

	private static Socket connect(FakeProgenyServer server) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
		socket.setSoTimeout(10_000);
		return socket;
	}

	private static String post(String path, String json) {
		return "POST " + path + " HTTP/1.1\r\nHost: fake\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
				+ "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
	}

	/**
	 * Sends a request on a kept-alive connection and reads the response's head and body.
	 * @return the head, up to its empty line
	 */
	private static String exchange(Socket socket, String request) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(request.getBytes(StandardCharsets.UTF_8));
		out.flush();
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
			int next = in.read();
			assertThat(next).as("connection closed before the end of the head").isNotNegative();
			head.write(next);
		}
		String text = head.toString(StandardCharsets.ISO_8859_1);
		long length = 0;
		for (String line : text.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Long.parseLong(line.substring("content-length:".length()).strip());
			}
		}
		assertThat(in.readNBytes((int) length)).hasSize((int) length);
		return text;
	}

	private static List<String> dateLines(String head) {
		return head.lines().filter((line) -> line.toLowerCase(Locale.ROOT).startsWith("date:")).toList();
	}

}
