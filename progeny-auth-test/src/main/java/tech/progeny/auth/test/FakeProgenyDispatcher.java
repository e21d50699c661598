package tech.progeny.auth.test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import tech.progeny.auth.test.ContentNegotiation.Renderer;
import tech.progeny.auth.test.FakeProgenyFaults.Fault;
import tech.progeny.auth.test.FakeProgenyTokens.TokenError;
import tech.progeny.auth.test.FakeProgenyTokens.Verification;
import tech.progeny.auth.test.FakeProgenyUsers.Account;

/**
 * Serves every request of the fake server the way Django, DRF and simplejwt would, as the dispatcher of the
 * {@code MockWebServer} under it: MockWebServer reads each request and writes the answer this class builds, and
 * its socket effects drop the connection of a dropped request and cut a truncated body halfway. The {@code Date}
 * header is written here, from the fake's clock, when the answer is ready (after a delay or a hang).
 */
final class FakeProgenyDispatcher extends Dispatcher {

	/** IMF-fixdate (RFC 9110, the RFC 1123 form), as Django writes it. */
	static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	/** An answer that closes the connection without a response. */
	private static final MockResponse DROPPED = new MockResponse.Builder()
		.onResponseStart(new SocketEffect.CloseSocket())
		.build();

	private static final String JSON = "application/json";

	private static final String HTML = "text/html; charset=utf-8";

	private static final String POST_ALLOWED = "POST, OPTIONS";

	private static final String GET_ALLOWED = "GET, HEAD, OPTIONS";

	private final JsonMapper json;

	private final Clock clock;

	private final FakeProgenyUsers users;

	private final FakeProgenyTokens tokens;

	private final FakeProgenyCounters counters;

	private final FakeProgenyFaults faults;

	private final boolean rotateRefreshTokens;

	private final boolean blacklistAfterRotation;

	private final boolean sendDateHeader;

	private final Semaphore slots;

	private final AtomicBoolean slotsReleased = new AtomicBoolean();

	private final CountDownLatch closed;

	private final MockWebServer server;

	FakeProgenyDispatcher(JsonMapper json, FakeProgenyServer.Builder settings, FakeProgenyUsers users,
			FakeProgenyTokens tokens, FakeProgenyCounters counters, FakeProgenyFaults faults, CountDownLatch closed,
			MockWebServer server) {
		this.server = server;
		this.json = json;
		this.clock = settings.clock();
		this.users = users;
		this.tokens = tokens;
		this.counters = counters;
		this.faults = faults;
		this.rotateRefreshTokens = settings.rotatesRefreshTokens();
		this.blacklistAfterRotation = settings.blacklistsAfterRotation();
		this.sendDateHeader = settings.sendsDateHeader();
		this.slots = new Semaphore(settings.threadCount());
		this.closed = closed;
	}

	/**
	 * Answers a request on MockWebServer's thread for its connection, holding one of the {@code threads} slots
	 * meanwhile. A request that cannot be answered (the server closed while it waited, or the fake failed) gets
	 * its connection closed, as the JDK server did when a handler threw.
	 */
	@Override
	public MockResponse dispatch(RecordedRequest recorded) {
		try {
			forgetRecordedRequests();
			if (!awaitSlot()) {
				return DROPPED;
			}
			try {
				return dispatch(Request.of(recorded));
			}
			finally {
				this.slots.release();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return DROPPED;
		}
		catch (RuntimeException ex) {
			return DROPPED;
		}
	}

	/**
	 * Empties MockWebServer's queue of recorded requests, which it fills for {@code takeRequest()} and the fake
	 * never reads: a fake serving for hours (a sample, a benchmark) would otherwise keep every request it answered.
	 */
	private void forgetRecordedRequests() throws InterruptedException {
		while (this.server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
			// forgotten
		}
	}

	/**
	 * Waits for one of the {@code threads} slots.
	 * @return {@code false} when the server closed meanwhile (no slot is then held)
	 */
	private boolean awaitSlot() throws InterruptedException {
		this.slots.acquire();
		if (this.closed.getCount() == 0) {
			this.slots.release();
			return false;
		}
		return true;
	}

	/**
	 * Lets every request waiting for a slot go (they see the server closed and are dropped). Called by the server
	 * once closed, before MockWebServer waits for its connection threads, and again by MockWebServer; idempotent.
	 */
	@Override
	public void close() {
		if (this.slotsReleased.compareAndSet(false, true)) {
			this.slots.release(Integer.MAX_VALUE / 2);
		}
	}

	private MockResponse dispatch(Request request) throws InterruptedException {
		String path = request.path();
		ProgenyEndpoint endpoint = route(path);
		if (endpoint == null) {
			if (!path.endsWith("/") && route(path + "/") != null) {
				String query = request.query();
				Reply redirect = new Reply(301, HTML, new byte[0]).withHeader("Location",
						path + "/" + ((query != null) ? "?" + query : ""));
				return answer(request, redirect, false);
			}
			return answer(request,
					new Reply(404, HTML, ProgenyResponses.HTML_NOT_FOUND.getBytes(StandardCharsets.UTF_8)), false);
		}
		this.counters.received(endpoint);
		boolean token = endpoint != ProgenyEndpoint.API;
		if (token) {
			this.counters.record(new RecordedTokenRequest(endpoint, request.method(), request.header("Content-Type"),
					request.header("Accept"), new String(request.body(), StandardCharsets.UTF_8)));
			this.counters.tokenRequestStarted();
		}
		try {
			return serve(request, endpoint);
		}
		finally {
			if (token) {
				this.counters.tokenRequestFinished();
			}
		}
	}

	private MockResponse serve(Request request, ProgenyEndpoint endpoint) throws InterruptedException {
		Duration delay = this.faults.delayFor(endpoint);
		if (!delay.isZero() && !this.faults.sleep(delay)) {
			return DROPPED;
		}
		Fault fault = this.faults.take(endpoint);
		boolean truncate = false;
		if (fault != null) {
			switch (fault.kind()) {
				case FAIL -> {
					return answer(request, canned(fault.response()), false);
				}
				case DROP -> {
					return DROPPED;
				}
				case HANG -> {
					if (!this.faults.hang()) {
						return DROPPED;
					}
				}
				case TRUNCATE -> truncate = true;
			}
		}
		return answer(request, respond(request, endpoint), truncate);
	}

	private Reply respond(Request request, ProgenyEndpoint endpoint) {
		Renderer renderer = ContentNegotiation.select(request.header("Accept"), queryParameter(request, "format"));
		if (renderer == null) {
			return Reply.json(406, ProgenyResponses.NOT_ACCEPTABLE);
		}
		Reply reply = switch (endpoint) {
			case OBTAIN -> tokenEndpoint(request, ProgenyResponses.OBTAIN_OPTIONS, this::obtain);
			case REFRESH -> tokenEndpoint(request, ProgenyResponses.REFRESH_OPTIONS, this::refresh);
			default -> api(request);
		};
		reply = reply.withHeader("Vary", "Accept");
		if (reply.status() == 401) {
			if (endpoint == ProgenyEndpoint.API) {
				this.counters.apiRequestUnauthorized();
			}
			reply = reply.withHeader("WWW-Authenticate", ProgenyResponses.WWW_AUTHENTICATE);
		}
		return (renderer == Renderer.HTML) ? browsable(reply) : reply;
	}

	private Reply tokenEndpoint(Request request, String options, TokenAction action) {
		String method = request.method();
		Reply reply;
		if (method.equals("OPTIONS")) {
			reply = Reply.json(200, options);
		}
		else if (!method.equals("POST")) {
			reply = methodNotAllowed(method);
		}
		else {
			RequestData data = parse(request);
			reply = (data.error() != null) ? data.error() : action.apply(data.data());
		}
		return reply.withHeader("Allow", POST_ALLOWED);
	}

	private Reply obtain(JsonNode data) {
		Map<String, List<String>> errors = new LinkedHashMap<>();
		String username = CharField.validate(data, "username", errors);
		String password = CharField.validate(data, "password", errors);
		if (!errors.isEmpty() || username == null || password == null) {
			return validationErrors(errors);
		}
		Account account = this.users.find(username);
		if (account == null || !account.active() || !account.password().equals(password)) {
			return Reply.json(401, ProgenyResponses.NO_ACTIVE_ACCOUNT);
		}
		IssuedTokens issued = this.tokens.issueFor(account.userId(), this.clock.instant());
		ObjectNode result = this.json.createObjectNode();
		result.put("refresh", issued.refresh());
		result.put("access", issued.access());
		return Reply.json(200, this.json.writeValueAsString(result));
	}

	private Reply refresh(JsonNode data) {
		Map<String, List<String>> errors = new LinkedHashMap<>();
		String refresh = CharField.validate(data, "refresh", errors);
		if (!errors.isEmpty() || refresh == null) {
			return validationErrors(errors);
		}
		Instant now = this.clock.instant();
		Verification verification = this.tokens.verify(refresh, TokenClaims.REFRESH, now);
		JsonNode payload = verification.payload();
		if (payload == null) {
			this.counters.refreshRejected();
			return Reply.json(401, ProgenyResponses.tokenNotValid(errorOf(verification).message()));
		}
		ObjectNode result = this.json.createObjectNode();
		result.put("access", this.tokens.refreshedAccess(payload, now));
		if (this.rotateRefreshTokens) {
			if (this.blacklistAfterRotation) {
				this.tokens.blacklistId(payload.path("jti").asString(""));
			}
			result.put("refresh", this.tokens.rotatedRefresh(payload, now));
		}
		return Reply.json(200, this.json.writeValueAsString(result));
	}

	private Reply api(Request request) {
		Account account;
		String[] credentials = bearerCredentials(request.header("Authorization"));
		if (credentials == null) {
			return Reply.json(401, ProgenyResponses.NOT_AUTHENTICATED);
		}
		if (credentials.length != 2) {
			return Reply.json(401, ProgenyResponses.BAD_AUTHORIZATION_HEADER);
		}
		Verification verification = this.tokens.verify(credentials[1], TokenClaims.ACCESS, this.clock.instant());
		JsonNode payload = verification.payload();
		if (payload == null) {
			if (verification.error() == TokenError.EXPIRED) {
				this.counters.expiredTokenReceived();
			}
			return Reply.json(401, ProgenyResponses.ACCESS_TOKEN_NOT_VALID);
		}
		JsonNode userId = payload.get("user_id");
		if (userId == null) {
			return Reply.json(401, ProgenyResponses.NO_USER_IDENTIFICATION);
		}
		account = this.users.findById(userId.asLong());
		if (account == null) {
			return Reply.json(401, ProgenyResponses.USER_NOT_FOUND);
		}
		if (!account.active()) {
			return Reply.json(401, ProgenyResponses.USER_INACTIVE);
		}
		String method = request.method();
		if (request.path().equals(FakeProgenyServer.PING_PATH)) {
			if (method.equals("GET") || method.equals("HEAD")) {
				ObjectNode result = this.json.createObjectNode();
				result.put("status", "ok");
				result.put("user_id", account.userId());
				return Reply.json(200, this.json.writeValueAsString(result)).withHeader("Allow", GET_ALLOWED);
			}
			return methodNotAllowed(method).withHeader("Allow", GET_ALLOWED);
		}
		if (!method.equals("POST")) {
			return methodNotAllowed(method).withHeader("Allow", POST_ALLOWED);
		}
		RequestData data = parse(request);
		Reply reply = (data.error() != null) ? data.error()
				: Reply.json(200, this.json.writeValueAsString(data.data()));
		return reply.withHeader("Allow", POST_ALLOWED);
	}

	/**
	 * The parts of the {@code Authorization} header when it uses the {@code Bearer} scheme, as simplejwt reads it.
	 */
	private static String @Nullable [] bearerCredentials(@Nullable String header) {
		if (header == null) {
			return null;
		}
		String[] parts = header.strip().split("\\s+");
		if (parts.length == 0 || !parts[0].equals("Bearer")) {
			return null;
		}
		return parts;
	}

	private RequestData parse(Request request) {
		byte[] body = request.body();
		if (body.length == 0) {
			return new RequestData(this.json.createObjectNode(), null);
		}
		String contentType = request.header("Content-Type");
		String mediaType = (contentType != null) ? contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT) : "";
		return switch (mediaType) {
			case "application/json" -> parseJson(body);
			case "application/x-www-form-urlencoded" -> new RequestData(parseForm(body), null);
			case "multipart/form-data" -> parseMultipart(contentType, body);
			default -> unsupportedMediaType((contentType != null) ? contentType : "");
		};
	}

	private RequestData parseJson(byte[] body) {
		try {
			JsonNode node = this.json.readTree(body);
			if (node == null || node.isMissingNode()) {
				return parseError("Expecting value: line 1 column " + (body.length + 1) + " (char " + body.length + ")");
			}
			return new RequestData(node, null);
		}
		catch (JacksonException ex) {
			return parseError(ex.getOriginalMessage());
		}
	}

	private RequestData parseError(String message) {
		ObjectNode error = this.json.createObjectNode();
		error.put("detail", "JSON parse error - " + message);
		return new RequestData(this.json.nullNode(), Reply.json(400, this.json.writeValueAsString(error)));
	}

	private RequestData unsupportedMediaType(String contentType) {
		ObjectNode error = this.json.createObjectNode();
		error.put("detail", "Unsupported media type \"" + contentType + "\" in request.");
		return new RequestData(this.json.nullNode(), Reply.json(415, this.json.writeValueAsString(error)));
	}

	private ObjectNode parseForm(byte[] body) {
		ObjectNode data = this.json.createObjectNode();
		for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
			if (!pair.isEmpty()) {
				String[] nameValue = pair.split("=", 2);
				data.put(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
						(nameValue.length > 1) ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "");
			}
		}
		return data;
	}

	private RequestData parseMultipart(String contentType, byte[] body) {
		String boundary = null;
		for (String parameter : contentType.split(";")) {
			String[] nameValue = parameter.strip().split("=", 2);
			if (nameValue.length == 2 && nameValue[0].equalsIgnoreCase("boundary")) {
				boundary = nameValue[1].replace("\"", "");
			}
		}
		ObjectNode data = this.json.createObjectNode();
		if (boundary == null) {
			ObjectNode error = this.json.createObjectNode();
			error.put("detail", "Multipart form parse error - Invalid boundary in multipart: None");
			return new RequestData(data, Reply.json(400, this.json.writeValueAsString(error)));
		}
		String text = new String(body, StandardCharsets.UTF_8);
		for (String part : text.split("--" + java.util.regex.Pattern.quote(boundary))) {
			int headersEnd = part.indexOf("\r\n\r\n");
			if (headersEnd < 0) {
				continue;
			}
			java.util.regex.Matcher name = java.util.regex.Pattern.compile("name=\"([^\"]*)\"")
				.matcher(part.substring(0, headersEnd));
			if (name.find()) {
				String value = part.substring(headersEnd + 4);
				data.put(name.group(1), value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value);
			}
		}
		return new RequestData(data, null);
	}

	private Reply validationErrors(Map<String, List<String>> errors) {
		return Reply.json(400, this.json.writeValueAsString(errors));
	}

	private Reply methodNotAllowed(String method) {
		ObjectNode error = this.json.createObjectNode();
		error.put("detail", "Method \"" + method + "\" not allowed.");
		return Reply.json(405, this.json.writeValueAsString(error));
	}

	private Reply browsable(Reply reply) {
		String content;
		try {
			content = this.json.writerWithDefaultPrettyPrinter().writeValueAsString(this.json.readTree(reply.body()));
		}
		catch (JacksonException ex) {
			content = new String(reply.body(), StandardCharsets.UTF_8);
		}
		String page = "<!DOCTYPE html>\n<html>\n<head>\n<title>Django REST framework</title>\n</head>\n<body>\n"
				+ "<div class=\"response-info\" aria-label=\"response info\">\n<pre class=\"prettyprint\">"
				+ "<span class=\"meta nocode\"><b>HTTP " + reply.status() + "</b></span>\n" + escapeHtml(content)
				+ "</pre>\n</div>\n</body>\n</html>\n";
		return new Reply(reply.status(), HTML, page.getBytes(StandardCharsets.UTF_8), reply.headers());
	}

	private static String escapeHtml(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	private static @Nullable String queryParameter(Request request, String name) {
		String query = request.query();
		if (query == null) {
			return null;
		}
		String value = null;
		for (String pair : query.split("&")) {
			String[] nameValue = pair.split("=", 2);
			if (URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8).equals(name)) {
				value = (nameValue.length > 1) ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "";
			}
		}
		return value;
	}

	private static TokenError errorOf(Verification verification) {
		TokenError error = verification.error();
		return (error != null) ? error : TokenError.INVALID_OR_EXPIRED;
	}

	static @Nullable ProgenyEndpoint route(String path) {
		return switch (path) {
			case FakeProgenyServer.OBTAIN_PATH -> ProgenyEndpoint.OBTAIN;
			case FakeProgenyServer.REFRESH_PATH -> ProgenyEndpoint.REFRESH;
			case FakeProgenyServer.PING_PATH, FakeProgenyServer.ECHO_PATH -> ProgenyEndpoint.API;
			default -> null;
		};
	}

	private static Reply canned(@Nullable CannedResponse canned) {
		CannedResponse response = (canned != null) ? canned : CannedResponse.of(500);
		Reply reply = new Reply(response.status(), response.headers(), response.bodyBytes());
		return (response.status() == 401 && !reply.hasHeader("WWW-Authenticate"))
				? reply.withHeader("WWW-Authenticate", ProgenyResponses.WWW_AUTHENTICATE) : reply;
	}

	/**
	 * The response MockWebServer writes: the status line, the {@code Date} from the fake's clock (unless turned
	 * off or the reply carries its own), the reply's headers in order, then the body with its
	 * {@code Content-Length}; none for {@code HEAD} and for 1xx, 204 and 304. A truncated body is cut halfway and
	 * its connection closed. An HTTP/1.0 request, or one asking {@code Connection: close}, has its connection
	 * closed after the response, the former with a {@code Connection: close} header.
	 */
	private MockResponse answer(Request request, Reply reply, boolean truncate) {
		MockResponse.Builder response = new MockResponse.Builder().status(StatusLine.of(reply.status()))
			.clearHeaders();
		if (this.sendDateHeader && !reply.hasHeader("Date")) {
			response.addHeader("Date", HTTP_DATE.format(this.clock.instant()));
		}
		if (request.isHttp10()) {
			response.addHeader("Connection", "close");
		}
		reply.headers().forEach(response::addHeaderLenient);
		if (!request.method().equals("HEAD") && !StatusLine.isBodiless(reply.status())) {
			response.body(new Buffer().write(reply.body()));
			if (truncate) {
				response.onResponseBody(new SocketEffect.CloseSocket());
			}
		}
		if (request.isHttp10() || "close".equalsIgnoreCase(request.header("Connection"))) {
			response.onResponseEnd(new SocketEffect.CloseSocket());
		}
		return response.build();
	}

	@FunctionalInterface
	private interface TokenAction {

		Reply apply(JsonNode data);

	}

	private record RequestData(JsonNode data, @Nullable Reply error) {

	}

	/**
	 * What the fake reads of a request: the raw path and query of its target, as sent.
	 */
	private record Request(String method, String path, @Nullable String query, String version, Headers headers,
			byte[] body) {

		static Request of(RecordedRequest recorded) {
			String target = recorded.getTarget();
			String path;
			String query;
			if (target.startsWith("/")) {
				int mark = target.indexOf('?');
				path = (mark < 0) ? target : target.substring(0, mark);
				query = (mark < 0) ? null : target.substring(mark + 1);
			}
			else {
				path = recorded.getUrl().encodedPath();
				query = recorded.getUrl().encodedQuery();
			}
			ByteString body = recorded.getBody();
			return new Request(recorded.getMethod(), path, query, recorded.getVersion(), recorded.getHeaders(),
					(body != null) ? body.toByteArray() : new byte[0]);
		}

		/** The first value of a header, as Django reads it. */
		@Nullable String header(String name) {
			List<String> values = this.headers.values(name);
			return values.isEmpty() ? null : values.get(0);
		}

		boolean isHttp10() {
			return this.version.equals("HTTP/1.0");
		}

	}

	/**
	 * A response with its headers in order.
	 */
	private record Reply(int status, Map<String, String> headers, byte[] body) {

		Reply(int status, String contentType, byte[] body) {
			this(status, Map.of("Content-Type", contentType), body);
		}

		Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
			this(status, withContentType(headers, contentType), body);
		}

		static Reply json(int status, String body) {
			return new Reply(status, JSON, body.getBytes(StandardCharsets.UTF_8));
		}

		boolean hasHeader(String name) {
			return this.headers.keySet().stream().anyMatch(name::equalsIgnoreCase);
		}

		Reply withHeader(String name, String value) {
			Map<String, String> copy = new LinkedHashMap<>(this.headers);
			copy.put(name, value);
			return new Reply(this.status, copy, this.body);
		}

		private static Map<String, String> withContentType(Map<String, String> headers, String contentType) {
			Map<String, String> copy = new LinkedHashMap<>(headers);
			copy.put("Content-Type", contentType);
			return copy;
		}

	}

}
