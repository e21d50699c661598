package tech.progeny.auth.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.mock.http.client.MockClientHttpRequest;

import tech.progeny.auth.token.ProgenyToken;
import tech.progeny.auth.token.ProgenyTokenSource;
import tech.progeny.auth.token.ProgenyTokenStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests of how {@link ProgenyAuthInterceptor} reads a 401 or 403, against a stub token
 * source and stub responses.
 */
class ProgenyAuthInterceptorChallengeTests {

	private static final URI API = URI.create("https://be.progeny.tech/api/v3/demo/echo/");

	private final StubTokenSource tokens = new StubTokenSource();

	private final ProgenyAuthInterceptor interceptor = new ProgenyAuthInterceptor(this.tokens,
			URI.create("https://be.progeny.tech"));

	@Test
	void interceptWhenReadingTheChallengeThrowsThenClosesTheResponseAndRethrows() {
		StubResponse unauthorized = new StubResponse(HttpStatus.UNAUTHORIZED, null, null);
		assertThatIOException().isThrownBy(() -> this.interceptor.intercept(request(), new byte[0],
				execution(unauthorized)));
		assertThat(unauthorized.closed).isTrue();
		assertThat(this.tokens.invalidations).hasValue(0);
	}

	@Test
	void interceptWhenTheChallengeBodyCannotBeReadThenItIsNotTakenForAStaleToken() throws IOException {
		// HttpURLConnection on a POST: the headers promise a body that it never hands over
		StubResponse unauthorized = new StubResponse(HttpStatus.UNAUTHORIZED, "", 52L);
		List<StubResponse> answers = new ArrayList<>(List.of(unauthorized));
		ClientHttpResponse response = this.interceptor.intercept(request(), new byte[0], execution(answers));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(this.tokens.invalidations).hasValue(0);
		assertThat(answers).isEmpty();
	}

	@Test
	void interceptWhenTheChallengeBodyIsEmptyAndSaysSoThenTheTokenIsStale() throws IOException {
		StubResponse unauthorized = new StubResponse(HttpStatus.UNAUTHORIZED, "", 0L);
		StubResponse ok = new StubResponse(HttpStatus.OK, "{}", 2L);
		ClientHttpResponse response = this.interceptor.intercept(request(), new byte[0],
				execution(new ArrayList<>(List.of(unauthorized, ok))));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.tokens.invalidations).hasValue(1);
		assertThat(unauthorized.closed).isTrue();
	}

	@Test
	void interceptWhenTheChallengeSaysUserInactiveThenTheCallerGetsItWhole() throws IOException {
		String body = "{\"detail\":\"User is inactive\",\"code\":\"user_inactive\"}";
		StubResponse unauthorized = new StubResponse(HttpStatus.UNAUTHORIZED, body, (long) body.length());
		ClientHttpResponse response = this.interceptor.intercept(request(), new byte[0],
				execution(new ArrayList<>(List.of(unauthorized))));
		assertThat(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(body);
		assertThat(this.tokens.invalidations).hasValue(0);
	}

	private static MockClientHttpRequest request() {
		return new MockClientHttpRequest(HttpMethod.POST, API);
	}

	private static ClientHttpRequestExecution execution(StubResponse response) {
		return execution(new ArrayList<>(List.of(response)));
	}

	private static ClientHttpRequestExecution execution(List<StubResponse> answers) {
		return (request, body) -> answers.remove(0);
	}

	static final class StubResponse implements ClientHttpResponse {

		private final HttpStatusCode status;

		private final @Nullable String body;

		private final HttpHeaders headers = new HttpHeaders();

		private @Nullable InputStream stream;

		boolean closed;

		/**
		 * Create a response.
		 * @param status the status
		 * @param body the body, or {@code null} for one whose reading throws
		 * @param contentLength the declared length, or {@code null} for none
		 */
		StubResponse(HttpStatusCode status, @Nullable String body, @Nullable Long contentLength) {
			this.status = status;
			this.body = body;
			if (contentLength != null) {
				this.headers.setContentLength(contentLength);
			}
			this.headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"api\"");
		}

		@Override
		public HttpStatusCode getStatusCode() {
			return this.status;
		}

		@Override
		public String getStatusText() {
			return "";
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public InputStream getBody() throws IOException {
			if (this.body == null) {
				throw new IOException("connection reset while reading the challenge");
			}
			if (this.stream == null) {
				this.stream = new ByteArrayInputStream(this.body.getBytes(StandardCharsets.UTF_8));
			}
			return this.stream;
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

	static final class StubTokenSource implements ProgenyTokenSource {

		final AtomicInteger invalidations = new AtomicInteger();

		@Override
		public @Nullable String freshAuthorizationHeader() {
			return "Bearer " + this.invalidations.get();
		}

		@Override
		public String authorizationHeader() {
			return "Bearer " + this.invalidations.get();
		}

		@Override
		public CompletableFuture<String> authorizationHeaderAsync() {
			return CompletableFuture.completedFuture(authorizationHeader());
		}

		@Override
		public ProgenyToken token() {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<ProgenyToken> tokenAsync() {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean invalidate(String authorizationHeader) {
			this.invalidations.incrementAndGet();
			return true;
		}

		@Override
		public ProgenyTokenStatus status() {
			throw new UnsupportedOperationException();
		}

	}

}
