package tech.progeny.auth.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.util.Assert;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;
import tech.progeny.auth.web.ProgenyAuthInterceptor;

/**
 * Per-request cost of {@link ProgenyAuthInterceptor} with a warm, fresh token, against a
 * no-op interceptor, an interceptor that sets a constant bearer header (the baseline of
 * every ratio), a cached token checked against the clock on every call, and Spring
 * Security 7's {@code OAuth2ClientHttpRequestInterceptor} holding a valid token, and the
 * same interceptor on the Progeny provider ({@code springSecurityProgeny}). Two
 * more constant-header variants attribute the cost of the interceptor's
 * {@code Authorization} check.
 * <p>
 * Every variant builds the same fresh {@link BenchmarkRequest} and ends in the same
 * {@link OkExecution}; nothing goes over the network. Run with {@code -prof gc} for the
 * bytes allocated per request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class HotPathBenchmark {

	private static final byte[] EMPTY = new byte[0];

	private static final String LOWER_CASE_AUTHORIZATION = "authorization";

	private final OkExecution execution = new OkExecution();

	private FakeProgenyServer server;

	private ProgenyTokenProvider provider;

	private URI uri;

	private ClientHttpRequestInterceptor noop;

	private ClientHttpRequestInterceptor constantHeader;

	private ClientHttpRequestInterceptor constantBearerAuth;

	private ClientHttpRequestInterceptor constantHeaderIfAbsent;

	private ClientHttpRequestInterceptor constantHeaderIfAbsentLowerCase;

	private ClientHttpRequestInterceptor clockChecked;

	private ClientHttpRequestInterceptor progeny;

	private ClientHttpRequestInterceptor springSecurity;

	private ClientHttpRequestInterceptor springSecurityProgeny;

	/**
	 * Log in once against a fake Progeny issuing one-hour tokens, so that the token stays
	 * fresh for the whole run, and build every interceptor around the same token.
	 */
	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.server = FakeProgenyServer.builder().accessTokenLifetime(Duration.ofHours(1)).start();
		URI baseUrl = URI.create(this.server.baseUrl());
		this.uri = this.server.url(FakeProgenyServer.PING_PATH);
		this.provider = new ProgenyTokenProvider(
				ProgenyTokenClient.create(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(10)),
				() -> new ProgenyCredentials(this.server.username(), this.server.password()),
				new InMemoryProgenyTokenStore(), ProgenyTokenSettings.defaults());
		String header = this.provider.authorizationHeader();
		String token = header.substring("Bearer ".length());
		this.noop = (request, body, execution) -> execution.execute(request, body);
		this.constantHeader = (request, body, execution) -> {
			request.getHeaders().set(HttpHeaders.AUTHORIZATION, header);
			return execution.execute(request, body);
		};
		this.constantBearerAuth = (request, body, execution) -> {
			request.getHeaders().setBearerAuth(token);
			return execution.execute(request, body);
		};
		this.constantHeaderIfAbsent = (request, body, execution) -> {
			if (!request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
				request.getHeaders().set(HttpHeaders.AUTHORIZATION, header);
			}
			return execution.execute(request, body);
		};
		this.constantHeaderIfAbsentLowerCase = (request, body, execution) -> {
			if (!request.getHeaders().containsHeader(LOWER_CASE_AUTHORIZATION)) {
				request.getHeaders().set(HttpHeaders.AUTHORIZATION, header);
			}
			return execution.execute(request, body);
		};
		this.clockChecked = new ClockCheckedInterceptor(header, Instant.now().plus(Duration.ofMinutes(59)));
		this.progeny = new ProgenyAuthInterceptor(this.provider, baseUrl);
		this.springSecurity = SpringSecurityBaseline.withValidToken(token);
		this.springSecurityProgeny = SpringSecurityBaseline.withProgenyProvider(this.provider, baseUrl);
		for (ClientHttpRequestInterceptor interceptor : new ClientHttpRequestInterceptor[] { this.constantHeader,
				this.constantBearerAuth, this.constantHeaderIfAbsent, this.constantHeaderIfAbsentLowerCase,
				this.clockChecked, this.progeny, this.springSecurity, this.springSecurityProgeny }) {
			Assert.state(header.equals(call(interceptor).getHeaders().getFirst(HttpHeaders.AUTHORIZATION)),
					() -> interceptor + " did not send the token");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.provider.close();
		this.server.close();
	}

	@Benchmark
	public HttpRequest noop() throws IOException {
		return call(this.noop);
	}

	@Benchmark
	public HttpRequest constantHeader() throws IOException {
		return call(this.constantHeader);
	}

	/**
	 * The constant bearer header the usual way, {@code HttpHeaders.setBearerAuth(token)},
	 * which builds the header value on every call: the baseline of the performance budget
	 * in {@code token-lifecycle.md}.
	 * @return the request
	 * @throws IOException never
	 */
	@Benchmark
	public HttpRequest constantBearerAuth() throws IOException {
		return call(this.constantBearerAuth);
	}

	/**
	 * Attribution: the constant header behind the interceptor's first check, whether the
	 * request already has an {@code Authorization} header.
	 * @return the request
	 * @throws IOException never
	 */
	@Benchmark
	public HttpRequest constantHeaderIfAbsent() throws IOException {
		return call(this.constantHeaderIfAbsent);
	}

	/**
	 * Attribution: as {@link #constantHeaderIfAbsent()}, looking the header up by its
	 * lower-case name, which the case-insensitive map need not copy to lower case.
	 * @return the request
	 * @throws IOException never
	 */
	@Benchmark
	public HttpRequest constantHeaderIfAbsentLowerCase() throws IOException {
		return call(this.constantHeaderIfAbsentLowerCase);
	}

	@Benchmark
	public HttpRequest clockChecked() throws IOException {
		return call(this.clockChecked);
	}

	@Benchmark
	public HttpRequest progeny() throws IOException {
		return call(this.progeny);
	}

	@Benchmark
	public HttpRequest springSecurity() throws IOException {
		return call(this.springSecurity);
	}

	/**
	 * Spring Security's interceptor on the starter's bridge: the manager asks the Progeny
	 * provider, which finds the stored client holding the current token.
	 * @return the request
	 * @throws IOException never
	 */
	@Benchmark
	public HttpRequest springSecurityProgeny() throws IOException {
		return call(this.springSecurityProgeny);
	}

	private HttpRequest call(ClientHttpRequestInterceptor interceptor) throws IOException {
		BenchmarkRequest request = new BenchmarkRequest(this.uri);
		interceptor.intercept(request, EMPTY, this.execution).close();
		return request;
	}

	/**
	 * The naive cache the library avoids: a volatile token whose expiry is compared with
	 * the clock on every request.
	 */
	private static final class ClockCheckedInterceptor implements ClientHttpRequestInterceptor {

		private final Clock clock = Clock.systemUTC();

		private volatile CachedToken token;

		ClockCheckedInterceptor(String header, Instant expiresAt) {
			this.token = new CachedToken(header, expiresAt);
		}

		@Override
		public org.springframework.http.client.ClientHttpResponse intercept(HttpRequest request, byte[] body,
				org.springframework.http.client.ClientHttpRequestExecution execution) throws IOException {
			CachedToken current = this.token;
			Assert.state(this.clock.instant().isBefore(current.expiresAt()), "expired");
			request.getHeaders().set(HttpHeaders.AUTHORIZATION, current.header());
			return execution.execute(request, body);
		}

		private record CachedToken(String header, Instant expiresAt) {

		}

	}

}
