package tech.progeny.auth.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.Assert;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Client for Progeny's two token endpoints, {@code POST /api/v3/accounts/token/obtain/}
 * and {@code POST /api/v3/accounts/token/refresh/}. It sends JSON with
 * {@code Accept: application/json} and maps every answer other than a token pair to a
 * {@link ProgenyAuthException} carrying the server's own words.
 * <p>
 * It is built on a {@link RestClient} that it is given: that client sets the connect and
 * read timeouts, must not follow redirects, and must not carry
 * {@code ProgenyAuthInterceptor}. {@link #create(URI, Duration, Duration)} builds a
 * suitable one.
 *
 * <pre class="code">
 * ProgenyTokenClient client = ProgenyTokenClient.create(URI.create("https://be.progeny.tech"),
 *         Duration.ofSeconds(5), Duration.ofSeconds(10));
 * ProgenyTokenResponse tokens = client.obtain(new ProgenyCredentials("user", "secret"));
 * </pre>
 *
 * Credentials are sent over plain {@code http} only to a loopback host, unless the
 * constructor is told to allow it.
 */
public final class ProgenyTokenClient {

	/**
	 * Path of the endpoint that exchanges a username and password for tokens.
	 */
	public static final String OBTAIN_PATH = "/api/v3/accounts/token/obtain/";

	/**
	 * Path of the endpoint that exchanges a refresh token for new tokens.
	 */
	public static final String REFRESH_PATH = "/api/v3/accounts/token/refresh/";

	/**
	 * Name of the observation of each token request.
	 */
	public static final String OBSERVATION_NAME = "progeny.auth.token.requests";

	private static final Log logger = LogFactory.getLog(ProgenyTokenClient.class);

	private static final int MAX_BODY_BYTES = 64 * 1024;

	private static final int MAX_DETAIL_LENGTH = 500;

	private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

	private static final JsonMapper jsonMapper = JsonMapper.shared();

	private static final String SENT_AT_ATTRIBUTE = ProgenyTokenClient.class.getName() + ".sentAt";

	private final RestClient restClient;

	private final URI baseUrl;

	private final ProgenyOrigin origin;

	private final URI obtainUri;

	private final URI refreshUri;

	private Clock clock = Clock.systemUTC();

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable Duration connectTimeout;

	private @Nullable Duration readTimeout;

	/**
	 * Create a client that refuses plain {@code http} to hosts other than loopback.
	 * @param restClient the client to send token requests with
	 * @param baseUrl Progeny's base URL, such as {@code https://be.progeny.tech}
	 */
	public ProgenyTokenClient(RestClient restClient, URI baseUrl) {
		this(restClient, baseUrl, false);
	}

	/**
	 * Create a client.
	 * @param restClient the client to send token requests with
	 * @param baseUrl Progeny's base URL, such as {@code https://be.progeny.tech}
	 * @param allowInsecureTransport whether credentials may be sent over plain
	 * {@code http} to a host that is not loopback
	 * @throws IllegalArgumentException if the base URL is not usable or not allowed, for
	 * example because it carries user information (the message never shows it)
	 */
	public ProgenyTokenClient(RestClient restClient, URI baseUrl, boolean allowInsecureTransport) {
		Assert.notNull(restClient, "restClient cannot be null");
		Assert.notNull(baseUrl, "baseUrl cannot be null");
		Assert.isTrue(!ProgenyOrigin.hasUserInfo(baseUrl),
				"Progeny base URL must not carry user information: give the credentials to the "
						+ "ProgenyTokenProvider through a ProgenyCredentialsSupplier");
		this.origin = ProgenyOrigin.of(baseUrl);
		Assert.isTrue(this.origin.permitsCredentials(allowInsecureTransport),
				() -> "Refusing to send Progeny credentials over plain http to " + this.origin
						+ ": use an https base URL, or explicitly allow insecure transport");
		this.restClient = restClient.mutate().requestInterceptor(this::stampSentAt).build();
		this.baseUrl = baseUrl;
		this.obtainUri = endpoint(baseUrl, OBTAIN_PATH);
		this.refreshUri = endpoint(baseUrl, REFRESH_PATH);
	}

	/**
	 * Create a client on a {@link RestClient} of its own that applies the given timeouts
	 * and follows no redirect, on the JDK's {@link HttpClient}. ({@code HttpURLConnection}
	 * is not suitable: it hides the body of a 401 that carries {@code WWW-Authenticate}.)
	 * @param baseUrl Progeny's base URL
	 * @param connectTimeout connect timeout for token requests
	 * @param readTimeout read timeout for token requests
	 * @return a new client
	 * @throws IllegalArgumentException if the base URL is not usable or not allowed, for
	 * example because it carries user information (the message never shows it)
	 */
	public static ProgenyTokenClient create(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
		HttpClient httpClient = HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(readTimeout);
		ProgenyTokenClient client = new ProgenyTokenClient(RestClient.builder().requestFactory(requestFactory).build(),
				baseUrl);
		client.setTimeouts(connectTimeout, readTimeout);
		return client;
	}

	private static URI endpoint(URI baseUrl, String path) {
		return UriComponentsBuilder.fromUri(baseUrl).replacePath(path).replaceQuery(null).fragment(null).build(true)
			.toUri();
	}

	/**
	 * Set the clock that stamps when each request leaves. Defaults to the system UTC
	 * clock.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Set the registry that observes each token request as {@value #OBSERVATION_NAME},
	 * with the low-cardinality keys {@code kind} ({@code obtain} or {@code refresh}) and
	 * {@code outcome}. Defaults to no observation.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "observationRegistry cannot be null");
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Declare the connect and read timeouts that this client's {@link RestClient} applies,
	 * so that callers waiting for a token wait as long as one exchange can take, and no
	 * longer. {@link #create(URI, Duration, Duration)} declares its own.
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the read timeout
	 */
	public void setTimeouts(Duration connectTimeout, Duration readTimeout) {
		Assert.isTrue(connectTimeout != null && !connectTimeout.isNegative() && !connectTimeout.isZero(),
				"connectTimeout must be positive");
		Assert.isTrue(readTimeout != null && !readTimeout.isNegative() && !readTimeout.isZero(),
				"readTimeout must be positive");
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
	}

	/**
	 * Return the connect timeout of token requests, if it was declared.
	 * @return the timeout, or {@code null} if unknown
	 * @see #setTimeouts(Duration, Duration)
	 */
	public @Nullable Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * Return the read timeout of token requests, if it was declared.
	 * @return the timeout, or {@code null} if unknown
	 * @see #setTimeouts(Duration, Duration)
	 */
	public @Nullable Duration getReadTimeout() {
		return this.readTimeout;
	}

	/**
	 * Return Progeny's base URL, as this client was given it: the base of every request to
	 * Progeny's API.
	 * @return the base URL
	 */
	public URI baseUrl() {
		return this.baseUrl;
	}

	/**
	 * Return the origin that this client sends credentials to: the only scheme, host and
	 * port where its tokens may be sent.
	 * @return Progeny's origin
	 */
	public ProgenyOrigin origin() {
		return this.origin;
	}

	/**
	 * Exchange a username and password for an access and a refresh token.
	 * @param credentials the credentials
	 * @return the tokens
	 * @throws ProgenyCredentialsRejectedException if the credentials are refused
	 * @throws ProgenyRequestRejectedException if the request is refused as invalid
	 * @throws ProgenyServerUnavailableException on I/O failure, timeout, 5xx or 429
	 * @throws ProgenyMalformedResponseException if the answer is not usable
	 */
	public ProgenyTokenResponse obtain(ProgenyCredentials credentials) {
		Assert.notNull(credentials, "credentials cannot be null");
		return exchange(Kind.OBTAIN, this.obtainUri, credentials, credentials.password());
	}

	/**
	 * Exchange a refresh token for a new access token, and a new refresh token when the
	 * server rotates them.
	 * @param refreshToken the refresh token
	 * @return the tokens; {@link ProgenyTokenResponse#refresh()} is {@code null} when the
	 * server does not rotate
	 * @throws ProgenyTokenRejectedException if the refresh token is refused
	 * @throws ProgenyRequestRejectedException if the request is refused as invalid
	 * @throws ProgenyServerUnavailableException on I/O failure, timeout, 5xx or 429
	 * @throws ProgenyMalformedResponseException if the answer is not usable
	 */
	public ProgenyTokenResponse refresh(String refreshToken) {
		Assert.hasText(refreshToken, "refreshToken must not be empty");
		return exchange(Kind.REFRESH, this.refreshUri, new RefreshRequest(refreshToken), refreshToken);
	}

	private ProgenyTokenResponse exchange(Kind kind, URI uri, Object body, String secret) {
		Observation observation = Observation.createNotStarted(OBSERVATION_NAME, this.observationRegistry)
			.lowCardinalityKeyValue("kind", kind.value)
			.start();
		try {
			ProgenyTokenResponse response = send(kind, uri, body, secret);
			observation.lowCardinalityKeyValue("outcome", "success");
			return response;
		}
		catch (ProgenyAuthException ex) {
			observation.lowCardinalityKeyValue("outcome", outcome(ex));
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private ProgenyTokenResponse send(Kind kind, URI uri, Object body, String secret) {
		SentAt sentAt = new SentAt(this.clock.instant());
		try {
			return this.restClient.post()
				.uri(uri)
				.attribute(SENT_AT_ATTRIBUTE, sentAt)
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(body)
				.exchangeForRequiredValue((request, response) -> read(kind, response, sentAt.instant, secret), true);
		}
		catch (ResourceAccessException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			String reason = cause.getClass().getSimpleName()
					+ ((cause.getMessage() != null) ? ": " + scrub(cause.getMessage(), secret) : "");
			throw new ProgenyServerUnavailableException(
					"Progeny " + kind.value + " request to " + uri + " failed: " + reason, ex.getCause());
		}
		catch (RestClientException ex) {
			throw new ProgenyMalformedResponseException("Progeny " + kind.value + " request failed: "
					+ scrub(String.valueOf(ex.getMessage()), secret), null);
		}
	}

	/**
	 * Stamp when the request leaves, as late as the client lets us see it: after the
	 * client's own preparation, just before the request goes to the wire. The token's
	 * expiry is measured from then.
	 */
	private ClientHttpResponse stampSentAt(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (request.getAttributes().get(SENT_AT_ATTRIBUTE) instanceof SentAt sentAt) {
			sentAt.instant = this.clock.instant();
		}
		return execution.execute(request, body);
	}

	private ProgenyTokenResponse read(Kind kind, ClientHttpResponse response, Instant requestedAt,
			String secret) throws IOException {
		int status = response.getStatusCode().value();
		byte[] body = readBody(response.getBody());
		if (status >= 200 && status < 300) {
			if (body.length > MAX_BODY_BYTES) {
				throw new ProgenyMalformedResponseException(
						"Progeny " + kind.value + " response is larger than " + MAX_BODY_BYTES + " bytes", null);
			}
			return tokens(kind, body, requestedAt, response.getHeaders());
		}
		JsonNode error = parseQuietly(body);
		String detail = text(error, "detail", secret);
		String code = text(error, "code", secret);
		if (logger.isDebugEnabled()) {
			logger.debug("Progeny answered the " + kind.value + " request with " + status
					+ ((code != null) ? " (" + code + ")" : ""));
		}
		if (status == 401 || (status == 403 && "token_not_valid".equals(code))) {
			if (kind == Kind.OBTAIN) {
				throw new ProgenyCredentialsRejectedException((detail != null) ? detail : "HTTP " + status);
			}
			throw new ProgenyTokenRejectedException(code, detail);
		}
		if (status == 429 || status >= 500) {
			throw new ProgenyServerUnavailableException(
					"Progeny " + kind.value + " request failed with " + status + ((detail != null) ? ": " + detail : ""),
					status, retryAfter(response.getHeaders()));
		}
		if (status >= 400) {
			throw new ProgenyRequestRejectedException(status, fieldErrors(error, secret), detail);
		}
		throw new ProgenyMalformedResponseException(
				"Progeny answered the " + kind.value + " request with unexpected status " + status, null);
	}

	private ProgenyTokenResponse tokens(Kind kind, byte[] body, Instant requestedAt, HttpHeaders headers) {
		JsonNode json = parseQuietly(body);
		if (json == null || !json.isObject()) {
			throw new ProgenyMalformedResponseException("Progeny " + kind.value
					+ " response is not a JSON object (Content-Type " + headers.getContentType() + ")", null);
		}
		String access = token(json, "access");
		String refresh = token(json, "refresh");
		if (access == null) {
			throw new ProgenyMalformedResponseException(
					"Progeny " + kind.value + " response has no string 'access' token", null);
		}
		if (refresh == null && kind == Kind.OBTAIN) {
			throw new ProgenyMalformedResponseException(
					"Progeny " + kind.value + " response has no string 'refresh' token", null);
		}
		return new ProgenyTokenResponse(access, refresh, requestedAt, serverDate(headers));
	}

	/**
	 * Return the server's clock from the {@code Date} header, or {@code null} if it is
	 * missing or not an HTTP date.
	 */
	private static @Nullable Instant serverDate(HttpHeaders headers) {
		try {
			ZonedDateTime date = headers.getFirstZonedDateTime(HttpHeaders.DATE);
			return (date != null) ? date.toInstant() : null;
		}
		catch (IllegalArgumentException | DateTimeException ex) {
			return null;
		}
	}

	private static @Nullable String token(JsonNode json, String field) {
		JsonNode node = json.get(field);
		if (node == null || !node.isString()) {
			return null;
		}
		String value = node.stringValue();
		return (value.isBlank() || value.chars().anyMatch((c) -> c <= ' ' || c >= 127)) ? null : value;
	}

	private static byte[] readBody(InputStream body) throws IOException {
		return body.readNBytes(MAX_BODY_BYTES + 1);
	}

	private static @Nullable JsonNode parseQuietly(byte[] body) {
		if (body.length == 0 || body.length > MAX_BODY_BYTES) {
			return null;
		}
		try {
			return jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static @Nullable String text(@Nullable JsonNode json, String field, String secret) {
		if (json == null || !json.isObject()) {
			return null;
		}
		JsonNode node = json.get(field);
		if (node == null || !node.isValueNode() || node.isNull()) {
			return null;
		}
		return scrub(abbreviate(node.asString()), secret);
	}

	private static Map<String, List<String>> fieldErrors(@Nullable JsonNode json, String secret) {
		Map<String, List<String>> errors = new LinkedHashMap<>();
		if (json == null || !json.isObject()) {
			return errors;
		}
		for (Map.Entry<String, JsonNode> field : json.properties()) {
			if (!field.getValue().isArray()) {
				continue;
			}
			List<String> messages = new ArrayList<>();
			for (JsonNode message : field.getValue()) {
				if (message.isValueNode() && !message.isNull()) {
					messages.add(scrub(abbreviate(message.asString()), secret));
				}
			}
			errors.put(scrub(abbreviate(field.getKey()), secret), List.copyOf(messages));
		}
		return errors;
	}

	private static String abbreviate(String text) {
		return (text.length() > MAX_DETAIL_LENGTH) ? text.substring(0, MAX_DETAIL_LENGTH) + "..." : text;
	}

	private static String scrub(String text, String secret) {
		return text.replace(secret, "******");
	}

	private @Nullable Duration retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return cap(Duration.ofSeconds(Long.parseLong(value.trim())));
		}
		catch (NumberFormatException ex) {
			try {
				ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
				return cap(Duration.between(this.clock.instant(), at.toInstant()));
			}
			catch (DateTimeParseException | ArithmeticException notADate) {
				return null;
			}
		}
	}

	private static @Nullable Duration cap(Duration retryAfter) {
		if (retryAfter.isNegative()) {
			return null;
		}
		return (retryAfter.compareTo(MAX_RETRY_AFTER) > 0) ? MAX_RETRY_AFTER : retryAfter;
	}

	private static String outcome(ProgenyAuthException ex) {
		if (ex instanceof ProgenyCredentialsRejectedException) {
			return "credentials_rejected";
		}
		if (ex instanceof ProgenyRequestRejectedException) {
			return "request_rejected";
		}
		if (ex instanceof ProgenyTokenRejectedException) {
			return "token_rejected";
		}
		if (ex instanceof ProgenyServerUnavailableException) {
			return "server_unavailable";
		}
		return "malformed_response";
	}

	@Override
	public String toString() {
		return "ProgenyTokenClient[" + this.origin + "]";
	}

	private enum Kind {

		OBTAIN("obtain"), REFRESH("refresh");

		private final String value;

		Kind(String value) {
			this.value = value;
		}

	}

	/**
	 * When a token request left, on the local clock.
	 */
	private static final class SentAt {

		private volatile Instant instant;

		SentAt(Instant instant) {
			this.instant = instant;
		}

	}

	/**
	 * Body of the refresh request; its {@code toString()} masks the token, since Spring's
	 * HTTP client logs request bodies at debug level.
	 */
	private record RefreshRequest(String refresh) {

		@Override
		public String toString() {
			return "RefreshRequest[refresh=******]";
		}

	}

}
