package tech.progeny.auth.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;
import tech.progeny.auth.web.ProgenyAuthInterceptor;

/**
 * Throughput of {@code GET /api/v3/demo/ping/} on a loopback fake Progeny, which checks
 * the bearer token's signature and expiry on every request, from four threads: through a
 * {@link RestClient} built like {@code progenyRestClient} (JDK {@link HttpClient}, no
 * redirects, {@link ProgenyAuthInterceptor}) against the same client with a constant
 * bearer header set as a default header (the baseline) or by an interceptor. The fake
 * sets {@code TCP_NODELAY} on its connections; without it, delayed ACKs cap every variant
 * near 90 requests a second and hide what the client does.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(4)
@State(Scope.Benchmark)
public class EndToEndBenchmark {

	private FakeProgenyServer server;

	private ProgenyTokenProvider provider;

	private RestClient constantHeader;

	private RestClient constantHeaderInterceptor;

	private RestClient progeny;

	/**
	 * Start a fake Progeny issuing one-hour tokens and build the three clients on one
	 * token.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.server = FakeProgenyServer.builder().accessTokenLifetime(Duration.ofHours(1)).threads(8).start();
		URI baseUrl = URI.create(this.server.baseUrl());
		this.provider = new ProgenyTokenProvider(
				ProgenyTokenClient.create(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(10)),
				() -> new ProgenyCredentials(this.server.username(), this.server.password()),
				new InMemoryProgenyTokenStore(), ProgenyTokenSettings.defaults());
		String header = "Bearer " + this.server.tokens().access(this.server.username());
		this.constantHeader = client(baseUrl).defaultHeader(HttpHeaders.AUTHORIZATION, header).build();
		this.constantHeaderInterceptor = client(baseUrl).requestInterceptor((request, body, execution) -> {
			request.getHeaders().set(HttpHeaders.AUTHORIZATION, header);
			return execution.execute(request, body);
		}).build();
		this.progeny = client(baseUrl).requestInterceptor(new ProgenyAuthInterceptor(this.provider, baseUrl)).build();
		for (RestClient client : new RestClient[] { this.constantHeader, this.constantHeaderInterceptor,
				this.progeny }) {
			Assert.state(ping(client).contains("\"ok\""), "ping failed");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.provider.close();
		this.server.close();
	}

	@Benchmark
	public String constantHeader() {
		return ping(this.constantHeader);
	}

	@Benchmark
	public String constantHeaderInterceptor() {
		return ping(this.constantHeaderInterceptor);
	}

	@Benchmark
	public String progeny() {
		return ping(this.progeny);
	}

	private static String ping(RestClient client) {
		return client.get().uri(FakeProgenyServer.PING_PATH).retrieve().body(String.class);
	}

	private static RestClient.Builder client(URI baseUrl) {
		HttpClient httpClient = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		return RestClient.builder().baseUrl(baseUrl).requestFactory(new JdkClientHttpRequestFactory(httpClient));
	}

}
