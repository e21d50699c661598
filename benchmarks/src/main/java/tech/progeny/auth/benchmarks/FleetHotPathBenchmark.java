package tech.progeny.auth.benchmarks;

import java.io.IOException;
import java.net.URI;
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
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.util.Assert;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsSupplier;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.redis.RedisProgenyTokenStore;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;
import tech.progeny.auth.web.ProgenyAuthInterceptor;

/**
 * Per-request cost of {@link ProgenyAuthInterceptor} with a fresh token in fleet mode (a
 * {@link RedisProgenyTokenStore} on a real {@code redis-server}) against in-memory mode
 * and a constant bearer header. The goal is 1.0x in-memory: the hot path reads the
 * provider's own copy of the token and never touches Redis. Both providers log in once
 * against a fake Progeny issuing one-hour tokens, so the tokens stay fresh for the run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FleetHotPathBenchmark {

	private static final byte[] EMPTY = new byte[0];

	private final OkExecution execution = new OkExecution();

	private FakeProgenyServer server;

	private BenchmarkRedis redis;

	private RedisProgenyTokenStore redisStore;

	private ProgenyTokenProvider inMemoryProvider;

	private ProgenyTokenProvider fleetProvider;

	private URI uri;

	private ClientHttpRequestInterceptor constantHeader;

	private ClientHttpRequestInterceptor inMemory;

	private ClientHttpRequestInterceptor fleet;

	private long redisCommandsAtStart;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.server = FakeProgenyServer.builder().accessTokenLifetime(Duration.ofHours(1)).start();
		this.redis = new BenchmarkRedis();
		URI baseUrl = URI.create(this.server.baseUrl());
		this.uri = this.server.url(FakeProgenyServer.PING_PATH);
		ProgenyCredentialsSupplier credentials = () -> new ProgenyCredentials(this.server.username(),
				this.server.password());
		ProgenyTokenClient client = ProgenyTokenClient.create(baseUrl, Duration.ofSeconds(5), Duration.ofSeconds(10));
		this.inMemoryProvider = new ProgenyTokenProvider(client, credentials, new InMemoryProgenyTokenStore(),
				ProgenyTokenSettings.defaults());
		this.redisStore = new RedisProgenyTokenStore(this.redis.newConnectionFactory(), client.origin(),
				credentials);
		this.fleetProvider = new ProgenyTokenProvider(client, credentials, this.redisStore,
				ProgenyTokenSettings.defaults());
		String header = this.fleetProvider.authorizationHeader();
		this.inMemoryProvider.authorizationHeader();
		this.constantHeader = (request, body, execution) -> {
			request.getHeaders().set(HttpHeaders.AUTHORIZATION, header);
			return execution.execute(request, body);
		};
		this.inMemory = new ProgenyAuthInterceptor(this.inMemoryProvider, baseUrl);
		this.fleet = new ProgenyAuthInterceptor(this.fleetProvider, baseUrl);
		Assert.state(header.equals(call(this.fleet).getHeaders().getFirst(HttpHeaders.AUTHORIZATION)),
				"fleet mode did not send the token");
		this.redisCommandsAtStart = this.redis.commands();
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		long commands = this.redis.commands() - this.redisCommandsAtStart;
		System.out.println();
		System.out.println("Redis commands during the measurement (goal 0): " + commands);
		this.fleetProvider.close();
		this.inMemoryProvider.close();
		this.redisStore.close();
		this.redis.close();
		this.server.close();
	}

	@Benchmark
	public HttpRequest constantHeader() throws IOException {
		return call(this.constantHeader);
	}

	@Benchmark
	public HttpRequest inMemory() throws IOException {
		return call(this.inMemory);
	}

	@Benchmark
	public HttpRequest fleet() throws IOException {
		return call(this.fleet);
	}

	private HttpRequest call(ClientHttpRequestInterceptor interceptor) throws IOException {
		BenchmarkRequest request = new BenchmarkRequest(this.uri);
		interceptor.intercept(request, EMPTY, this.execution).close();
		return request;
	}

}
