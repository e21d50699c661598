package tech.progeny.auth.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsSupplier;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.redis.RedisProgenyTokenStore;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;
import tech.progeny.auth.token.ProgenyTokenStore;
import tech.progeny.auth.web.ProgenyAuthInterceptor;

/**
 * A fleet of instances of one application (each with its own provider, token client and,
 * in fleet mode, its own Redis connections) calling Progeny through the interceptor from
 * many threads, with 3 s tokens from a loopback {@link FakeProgenyServer} that rotates and
 * blacklists refresh tokens and answers token requests after 20 ms. Each API call is a
 * stand-in that parks 1 ms, so the token path is all that is measured. It prints, for
 * fleet mode ({@code progeny.auth.store.type=redis}) and per-instance mode
 * ({@code in-memory}):
 * <ul>
 * <li>token calls per expiry across the fleet: token requests the fake served in the
 * measured window, divided by the number of access tokens that instance 0 used in it (one
 * per expiry, in both modes);</li>
 * <li>logins per rolling restart: every instance stopped and replaced in turn while the
 * others keep calling;</li>
 * <li>Redis commands per API request ({@code INFO commandstats}, fleet mode), whose goal is
 * 0: the hot path reads the instance's own copy of the token;</li>
 * <li>rejected refreshes and failed calls, which must be 0.</li>
 * </ul>
 * Arguments (all optional): instances (default 8), threads per instance (32), measured
 * expiries (10).
 */
public final class FleetStorm {

	private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(3);

	private static final Duration TOKEN_DELAY = Duration.ofMillis(20);

	private static final long API_CALL_NANOS = Duration.ofMillis(1).toNanos();

	private static final byte[] EMPTY = new byte[0];

	private FleetStorm() {
	}

	public static void main(String[] args) throws Exception {
		int instances = (args.length > 0) ? Integer.parseInt(args[0]) : 8;
		int threads = (args.length > 1) ? Integer.parseInt(args[1]) : 32;
		int expiries = (args.length > 2) ? Integer.parseInt(args[2]) : 10;
		List<Result> results = new ArrayList<>();
		try (BenchmarkRedis redis = new BenchmarkRedis()) {
			results.add(run("fleet (redis)", redis, instances, threads, expiries));
			redis.flushAll();
			results.add(run("per-instance", null, instances, threads, expiries));
		}
		System.out.println();
		System.out.println("Fleet storm: " + instances + " instances x " + threads + " threads, "
				+ TOKEN_LIFETIME.toSeconds() + " s tokens (rotated, blacklisted), token endpoint delay "
				+ TOKEN_DELAY.toMillis() + " ms, 1 ms simulated API call");
		System.out.printf(Locale.ROOT, "%-14s %9s %11s %8s %11s %14s %12s %9s %9s%n", "mode", "expiries",
				"calls/exp", "logins", "API calls", "Redis cmd/API", "restart log.", "rejected", "failed");
		for (Result result : results) {
			System.out.println(result.row());
		}
	}

	private static Result run(String mode, @Nullable BenchmarkRedis redis, int instanceCount, int threads,
			int expiries) throws Exception {
		try (FakeProgenyServer server = FakeProgenyServer.builder()
			.accessTokenLifetime(TOKEN_LIFETIME)
			.rotateRefreshTokens(true)
			.blacklistAfterRotation(true)
			.threads(64)
			.start()) {
			server.faults().delay(ProgenyEndpoint.TOKEN, TOKEN_DELAY);
			System.out.println(mode + ": " + instanceCount + " instances x " + threads + " threads");
			List<Instance> fleet = new ArrayList<>();
			for (int i = 0; i < instanceCount; i++) {
				fleet.add(new Instance(server, redis, threads));
			}
			try {
				// warm up: every instance has a token and its threads are running
				fleet.forEach(Instance::start);
				Thread.sleep(TOKEN_LIFETIME.toMillis());
				long tokenRequests = server.counters().tokenRequests();
				long logins = server.counters().obtainRequests();
				long rejected = server.counters().rejectedRefreshRequests();
				long apiCalls = calls(fleet);
				if (redis != null) {
					redis.resetCommandStats();
				}
				Set<String> tokens = ConcurrentHashMap.newKeySet();
				long window = TOKEN_LIFETIME.toNanos() * expiries * 2 / 3;
				long end = System.nanoTime() + window;
				while (System.nanoTime() < end) {
					String id = fleet.get(0).provider.status().tokenId();
					if (id != null) {
						tokens.add(id);
					}
					Thread.sleep(5);
				}
				long measuredTokenRequests = server.counters().tokenRequests() - tokenRequests;
				long measuredApiCalls = calls(fleet) - apiCalls;
				long redisCommands = (redis != null) ? redis.commands() : 0;
				long measuredLogins = server.counters().obtainRequests() - logins;
				// rolling restart: replace each instance in turn while the others keep calling
				long loginsBeforeRestart = server.counters().obtainRequests();
				for (int i = 0; i < fleet.size(); i++) {
					fleet.get(i).stop();
					Instance replacement = new Instance(server, redis, threads);
					fleet.set(i, replacement);
					replacement.start();
					Thread.sleep(250);
				}
				long restartLogins = server.counters().obtainRequests() - loginsBeforeRestart;
				long failed = fleet.stream().mapToLong((instance) -> instance.failures.get()).sum()
						+ Instance.retiredFailures.get();
				Result result = new Result(mode, tokens.size(), measuredTokenRequests, measuredLogins, measuredApiCalls,
						redisCommands, restartLogins, server.counters().rejectedRefreshRequests() - rejected, failed);
				System.out.println("  " + result.row());
				return result;
			}
			finally {
				fleet.forEach(Instance::stop);
				Instance.retiredCalls.set(0);
				Instance.retiredFailures.set(0);
			}
		}
	}

	private static long calls(List<Instance> fleet) {
		return fleet.stream().mapToLong((instance) -> instance.calls.get()).sum() + Instance.retiredCalls.get();
	}

	/**
	 * One instance of the application: its own token client, provider, interceptor and, in
	 * fleet mode, Redis connection factory and store; and its calling threads.
	 */
	private static final class Instance {

		static final AtomicLong retiredCalls = new AtomicLong();

		static final AtomicLong retiredFailures = new AtomicLong();

		final ProgenyTokenProvider provider;

		final AtomicLong calls = new AtomicLong();

		final AtomicLong failures = new AtomicLong();

		private final @Nullable BenchmarkRedis redis;

		private final @Nullable RedisConnectionFactory connectionFactory;

		private final ProgenyTokenStore store;

		private final ProgenyAuthInterceptor interceptor;

		private final URI uri;

		private final List<Thread> threads = new ArrayList<>();

		private volatile boolean running;

		Instance(FakeProgenyServer server, @Nullable BenchmarkRedis redis, int threadCount) {
			URI baseUrl = URI.create(server.baseUrl());
			this.uri = server.url(FakeProgenyServer.PING_PATH);
			this.redis = redis;
			ProgenyCredentialsSupplier credentials = () -> new ProgenyCredentials(server.username(), server.password());
			HttpClient httpClient = HttpClient.newBuilder()
				.connectTimeout(Duration.ofSeconds(5))
				.followRedirects(HttpClient.Redirect.NEVER)
				.build();
			JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
			requestFactory.setReadTimeout(Duration.ofSeconds(10));
			ProgenyTokenClient client = new ProgenyTokenClient(
					RestClient.builder().requestFactory(requestFactory).build(), baseUrl);
			if (redis != null) {
				this.connectionFactory = redis.newConnectionFactory();
				this.store = new RedisProgenyTokenStore(this.connectionFactory, client.origin(), credentials);
			}
			else {
				this.connectionFactory = null;
				this.store = new InMemoryProgenyTokenStore();
			}
			this.provider = new ProgenyTokenProvider(client, credentials, this.store, ProgenyTokenSettings.defaults());
			this.interceptor = new ProgenyAuthInterceptor(this.provider, baseUrl);
			for (int i = 0; i < threadCount; i++) {
				Thread thread = new Thread(this::call, "fleet-storm-" + i);
				thread.setDaemon(true);
				this.threads.add(thread);
			}
		}

		void start() {
			this.running = true;
			this.threads.forEach(Thread::start);
		}

		private void call() {
			ClientHttpRequestExecution api = (request, body) -> {
				LockSupport.parkNanos(API_CALL_NANOS);
				return OkExecution.OK;
			};
			while (this.running) {
				try {
					this.interceptor.intercept(new BenchmarkRequest(this.uri), EMPTY, api).close();
					this.calls.incrementAndGet();
				}
				catch (IOException | RuntimeException ex) {
					this.failures.incrementAndGet();
				}
			}
		}

		void stop() {
			if (!this.running) {
				return;
			}
			this.running = false;
			for (Thread thread : this.threads) {
				try {
					thread.join();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			retiredCalls.addAndGet(this.calls.getAndSet(0));
			retiredFailures.addAndGet(this.failures.getAndSet(0));
			this.provider.close();
			if (this.store instanceof RedisProgenyTokenStore redisStore) {
				redisStore.close();
			}
			if (this.redis != null && this.connectionFactory != null) {
				this.redis.destroy(this.connectionFactory);
			}
		}

	}

	private record Result(String mode, int expiries, long tokenRequests, long logins, long apiCalls,
			long redisCommands, long restartLogins, long rejectedRefreshes, long failedCalls) {

		String row() {
			double perExpiry = (this.expiries > 0) ? (double) this.tokenRequests / this.expiries : Double.NaN;
			double perApiCall = (this.apiCalls > 0) ? (double) this.redisCommands / this.apiCalls : Double.NaN;
			return String.format(Locale.ROOT, "%-14s %9d %11.2f %8d %11d %14.6f %12d %9d %9d", this.mode,
					this.expiries, perExpiry, this.logins, this.apiCalls, perApiCall, this.restartLogins,
					this.rejectedRefreshes, this.failedCalls);
		}

	}

}
