package tech.progeny.auth.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.Assert;

import tech.progeny.auth.client.ProgenyChallenge;
import tech.progeny.auth.client.ProgenyOrigin;
import tech.progeny.auth.client.ProgenyTokenEndpoints;
import tech.progeny.auth.token.ProgenyTokenSource;

/**
 * {@link ClientHttpRequestInterceptor} that sends {@code Authorization: Bearer} with a
 * fresh Progeny access token on every request to Progeny's origin.
 * <p>
 * Requests to any other scheme, host or port pass through untouched, as do requests that
 * already carry an {@code Authorization} header and requests to the token endpoints, so the interceptor can sit on a shared
 * builder, and applying it twice is harmless.
 *
 * <pre class="code">
 * RestClient restClient = RestClient.builder()
 *     .baseUrl("https://be.progeny.tech")
 *     .requestInterceptor(new ProgenyAuthInterceptor(tokenProvider, URI.create("https://be.progeny.tech")))
 *     .build();
 * </pre>
 *
 * <h2>Failures</h2> When the API answers 401 with {@code "code":"token_not_valid"}, or
 * with no {@code code} at all, or 403 with {@code "code":"token_not_valid"}, the token
 * is stale: it is invalidated if it is still the current one, a fresh token is fetched
 * and the request is replayed once with its original body. The answer to the replay goes
 * back to the caller as it is; there is no loop. Any other 401 or 403, such as
 * {@code user_inactive}, goes back to the caller untouched, and so does one whose body the
 * request factory could not read (HttpURLConnection hides the body of a 401 to a POST):
 * it is not known to be about the token. When reading the answer fails, the response is
 * closed and the failure rethrown. When no token can be had, the
 * {@link tech.progeny.auth.client.ProgenyAuthException} from the provider is thrown.
 */
public final class ProgenyAuthInterceptor implements ClientHttpRequestInterceptor {

	private static final Log logger = LogFactory.getLog(ProgenyAuthInterceptor.class);

	/**
	 * The header name as the case-insensitive header map keys it, so that the lookup
	 * allocates nothing.
	 */
	private static final String AUTHORIZATION_KEY = "authorization";

	private final ProgenyTokenSource tokenProvider;

	private final ProgenyOrigin origin;

	/**
	 * Create a new interceptor.
	 * @param tokenProvider the source of tokens
	 * @param baseUrl Progeny's base URL; only requests to its origin are authenticated
	 */
	public ProgenyAuthInterceptor(ProgenyTokenSource tokenProvider, URI baseUrl) {
		Assert.notNull(tokenProvider, "tokenProvider cannot be null");
		this.tokenProvider = tokenProvider;
		this.origin = ProgenyOrigin.of(baseUrl);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		// kept small enough to inline: the rare paths live in methods of their own
		URI uri = request.getURI();
		if (!this.origin.matches(uri) || ProgenyTokenEndpoints.contains(uri)) {
			return execution.execute(request, body);
		}
		String authorization = authorize(request.getHeaders());
		if (authorization == null) {
			return execution.execute(request, body);
		}
		ClientHttpResponse response = execution.execute(request, body);
		int status = response.getStatusCode().value();
		return (status == 401 || status == 403) ? replayIfStale(request, body, execution, response, authorization)
				: response;
	}

	/**
	 * Add the bearer header unless the caller set an {@code Authorization} header.
	 * @return the header value added, or {@code null} if the caller's was left alone
	 */
	private @Nullable String authorize(HttpHeaders headers) {
		String fresh = this.tokenProvider.freshAuthorizationHeader();
		if (fresh == null) {
			return authorizeWithoutFreshToken(headers);
		}
		// one map operation on the common path: add unless the caller set one
		List<String> value = new ArrayList<>(1);
		value.add(fresh);
		return (headers.putIfAbsent(HttpHeaders.AUTHORIZATION, value) == null) ? fresh : null;
	}

	private @Nullable String authorizeWithoutFreshToken(HttpHeaders headers) {
		if (headers.containsHeader(AUTHORIZATION_KEY)) {
			return null;
		}
		String authorization = this.tokenProvider.authorizationHeader();
		headers.set(HttpHeaders.AUTHORIZATION, authorization);
		return authorization;
	}

	private ClientHttpResponse replayIfStale(HttpRequest request, byte[] body, ClientHttpRequestExecution execution,
			ClientHttpResponse response, String authorization) throws IOException {
		int status = response.getStatusCode().value();
		byte[] challenge;
		try {
			challenge = readChallenge(response);
		}
		catch (IOException | RuntimeException ex) {
			response.close();
			throw ex;
		}
		if (challenge.length == 0 && declaresBody(response.getHeaders())) {
			// the factory did not hand the body over (HttpURLConnection on a POST): the
			// answer is not known to be about the token, so it goes back as it came
			return response;
		}
		if (!ProgenyChallenge.isStaleToken(status, challenge)) {
			return new ReplayedBodyClientHttpResponse(response, challenge);
		}
		response.close();
		if (logger.isDebugEnabled()) {
			logger.debug("Progeny answered " + status + " to " + request.getMethod() + " " + request.getURI().getPath()
					+ " with a stale token; replaying it once with a new token");
		}
		this.tokenProvider.invalidate(authorization);
		request.getHeaders().set(HttpHeaders.AUTHORIZATION, this.tokenProvider.authorizationHeader());
		return execution.execute(request, body);
	}

	private static byte[] readChallenge(ClientHttpResponse response) throws IOException {
		InputStream body = response.getBody();
		return body.readNBytes(ProgenyChallenge.MAX_BODY_BYTES);
	}

	/**
	 * Whether the headers announce a body: a length above zero, or no length but a
	 * content type.
	 */
	private static boolean declaresBody(HttpHeaders headers) {
		long length = headers.getContentLength();
		return length > 0 || (length < 0 && headers.getContentType() != null);
	}

	@Override
	public String toString() {
		return "ProgenyAuthInterceptor[" + this.origin + "]";
	}

}
