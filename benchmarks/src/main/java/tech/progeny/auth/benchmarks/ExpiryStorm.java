package tech.progeny.auth.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.benchmarks.TokenCallRecorder.Episode;
import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;
import tech.progeny.auth.web.ProgenyAuthInterceptor;

/**
 * Many threads calling through an interceptor across 40 expiries of short tokens from a
 * loopback token endpoint that answers after a fixed delay: how many token requests each
 * expiry causes, and how the p99 latency of requests near a refresh compares with the p99
 * of all other requests in the same run.
 * <p>
 * A request is "near" a refresh when it overlaps the 210 ms from 10 ms before the first
 * token request of an expiry. As a control, "p99 mid" is the p99 of the requests in windows
 * of the same length halfway between two refreshes, where nothing happens to the token: the
 * ratio of "p99 mid" to "p99 else" is what the windowing alone does to a p99 on this machine. "Max wait" is the longest time the interceptor held a request before sending it.
 * Below the table, the p99 of the near requests by when they started, in 10 ms steps
 * from 10 ms before the first token request, shows where in the window the slow ones are,
 * and the median time from the first token request of an expiry to the last answer.
 * Forty expiries, not ten, because the p99 of ten windows moves by a third from one run
 * to the next even where nothing happens (the control's ratio).
 * <p>
 * Each request goes through the interceptor to an execution that stands for a 1 ms API
 * call (it parks, it sends nothing), so that the token path is all that differs. Progeny's
 * tokens live 3 s ({@code exp - iat}), of which {@link ProgenyTokenProvider} uses 2 s
 * (it drops one second for simplejwt's whole-second truncation) and refreshes ahead at a
 * fifth of the lifetime plus jitter. Spring Security's client-credentials flow gets
 * {@code expires_in: 2} tokens with its clock skew lowered from 60 s to 400 ms, the same
 * fifth. Both token endpoints answer after 20 ms with 64 server threads.
 * <p>
 * Every token sent to Progeny is judged on the server's clock at the moment it is sent
 * ({@link ServerClockVerdict}): "sent expired" counts the requests the server would have
 * answered with a 401 (each one a replay), "least left" is the least time a sent token had
 * left.
 * <p>
 * Three clients: {@code progeny-auth} ({@link ProgenyAuthInterceptor}),
 * {@code spring+progeny} (Spring Security's {@code OAuth2ClientHttpRequestInterceptor} on
 * the starter's Progeny provider, same fake and settings) and {@code spring-security}
 * (its client-credentials flow).
 * <p>
 * Arguments (all optional): thread counts (default {@code 64,256}), expiries per run
 * (default 40).
 */
public final class ExpiryStorm {

	static final Duration TOKEN_DELAY = Duration.ofMillis(20);

	/**
	 * The lifetime of the fake's access tokens in the storms.
	 */
	static final Duration TOKEN_LIFETIME = Duration.ofSeconds(3);

	static final long API_CALL_NANOS = Duration.ofMillis(1).toNanos();

	private static final long NEAR_MARGIN_NANOS = Duration.ofMillis(10).toNanos();

	private static final long NEAR_WINDOW_NANOS = Duration.ofMillis(200).toNanos();

	private static final long PROFILE_STEP_NANOS = Duration.ofMillis(10).toNanos();

	/**
	 * Expiries per run when the arguments name none; shared with {@link ReactiveExpiryStorm}.
	 */
	static final int DEFAULT_EXPIRIES = 40;

	static final long EPISODE_GAP_NANOS = Duration.ofMillis(300).toNanos();

	private static final byte[] EMPTY = new byte[0];

	private ExpiryStorm() {
	}

	public static void main(String[] args) throws Exception {
		int[] threadCounts = (args.length > 0) ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
				: new int[] { 64, 256 };
		int expiries = (args.length > 1) ? Integer.parseInt(args[1]) : DEFAULT_EXPIRIES;
		List<Result> results = new ArrayList<>();
		for (int threads : threadCounts) {
			results.add(runProgeny(threads, expiries, false));
			results.add(runProgeny(threads, expiries, true));
			results.add(runSpringSecurity(threads, expiries));
		}
		print(expiries, results);
	}

	/**
	 * Print the results of the runs as a table; shared with {@link ReactiveExpiryStorm}.
	 * @param expiries how many expiries each run measured
	 * @param results the results
	 */
	static void print(int expiries, List<Result> results) {
		System.out.println();
		System.out.println("Expiry storm: " + expiries + " expiries per run, token endpoint delay "
				+ TOKEN_DELAY.toMillis() + " ms, 1 ms simulated API call, near = overlapping ["
				+ "first token request of an expiry - " + NEAR_MARGIN_NANOS / 1_000_000 + " ms, + "
				+ NEAR_WINDOW_NANOS / 1_000_000 + " ms]");
		System.out.printf(Locale.ROOT, "%-16s %7s %9s %11s %9s %10s %10s %10s %9s %9s %9s %9s %19s %13s %11s%n",
				"client", "threads", "expiries", "calls/exp", "max/exp", "requests", "near", "p99 near", "p99 else",
				"p99 ratio", "p99 mid", "mid ratio", "max wait near/else", "sent expired", "least left");
		for (Result result : results) {
			System.out.println(result.row());
		}
		System.out.println();
		System.out.println("p99 of the near requests by start, in " + PROFILE_STEP_NANOS / 1_000_000
				+ " ms steps from " + NEAR_MARGIN_NANOS / 1_000_000
				+ " ms before the first token request (the first step also holds longer requests begun earlier)");
		for (Result result : results) {
			System.out.println(result.profile());
		}
	}

	/**
	 * Start the fake Progeny of a storm: 3 s tokens from token endpoints that answer after
	 * {@link #TOKEN_DELAY}; shared with {@link ReactiveExpiryStorm}.
	 * @return the server
	 */
	static FakeProgenyServer stormServer() {
		FakeProgenyServer server = FakeProgenyServer.builder()
			.accessTokenLifetime(TOKEN_LIFETIME)
			.threads(64)
			.start();
		server.faults().delay(ProgenyEndpoint.TOKEN, TOKEN_DELAY);
		return server;
	}

	/**
	 * Create a provider with default settings whose token requests the recorder times, on
	 * the given HTTP client; shared with {@link ReactiveExpiryStorm}.
	 * @param server the fake Progeny
	 * @param recorder the recorder of token requests
	 * @param requestFactoryBuilder the builder of the token client's request factory: the
	 * one that {@code ClientHttpRequestFactoryBuilder.detect()} picks, and so the starter's
	 * token client uses, in the kind of application the storm stands for
	 * @param endpoint interceptors after the recorder, such as an
	 * {@link InProcessTokenEndpoint} that answers in place of the HTTP client
	 * @return the provider
	 */
	static ProgenyTokenProvider provider(FakeProgenyServer server, TokenCallRecorder recorder,
			ClientHttpRequestFactoryBuilder<?> requestFactoryBuilder, ClientHttpRequestInterceptor... endpoint) {
		URI baseUrl = URI.create(server.baseUrl());
		HttpClientSettings settings = HttpClientSettings.defaults()
			.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
			.withRedirects(HttpRedirects.DONT_FOLLOW);
		RestClient tokenRestClient = RestClient.builder()
			.requestFactory(requestFactoryBuilder.build(settings))
			.requestInterceptor(recorder)
			.requestInterceptors((interceptors) -> interceptors.addAll(List.of(endpoint)))
			.build();
		return new ProgenyTokenProvider(new ProgenyTokenClient(tokenRestClient, baseUrl),
				() -> new ProgenyCredentials(server.username(), server.password()), new InMemoryProgenyTokenStore(),
				ProgenyTokenSettings.defaults());
	}

	/**
	 * Run against the fake Progeny, through {@link ProgenyAuthInterceptor} or through
	 * Spring Security's interceptor on the Progeny provider.
	 */
	private static Result runProgeny(int threads, int expiries, boolean throughSpringSecurity) throws Exception {
		try (FakeProgenyServer server = stormServer()) {
			URI baseUrl = URI.create(server.baseUrl());
			TokenCallRecorder recorder = new TokenCallRecorder();
			// a servlet application without Reactor Netty, Jetty or Apache HttpClient: the JDK's HttpClient
			try (ProgenyTokenProvider provider = provider(server, recorder, ClientHttpRequestFactoryBuilder.jdk())) {
				ClientHttpRequestInterceptor interceptor = throughSpringSecurity
						? SpringSecurityBaseline.withProgenyProvider(provider, baseUrl)
						: new ProgenyAuthInterceptor(provider, baseUrl);
				long before = server.counters().tokenRequests();
				Result result = run(throughSpringSecurity ? "spring+progeny" : "progeny-auth", threads, expiries,
						interceptor, server.url(FakeProgenyServer.PING_PATH), recorder,
						new ServerClockVerdict(server.tokens()));
				long served = server.counters().tokenRequests() - before;
				System.out.println("  fake Progeny served " + served + " token requests from the warm-up to the end ("
						+ result.calls + " of them in the measured expiries)");
				return result;
			}
		}
	}

	private static Result runSpringSecurity(int threads, int expiries) throws Exception {
		try (OAuth2TokenEndpoint endpoint = new OAuth2TokenEndpoint(TOKEN_DELAY, 2, 64)) {
			TokenCallRecorder recorder = new TokenCallRecorder();
			ClientHttpRequestInterceptor interceptor = SpringSecurityBaseline.withClientCredentials(endpoint.tokenUri(),
					Duration.ofMillis(400), recorder);
			return run("spring-security", threads, expiries, interceptor, URI.create("http://127.0.0.1:9/api/ping/"),
					recorder, null);
		}
	}

	private static Result run(String name, int threadCount, int expiries, ClientHttpRequestInterceptor interceptor,
			URI uri, TokenCallRecorder recorder, @Nullable ServerClockVerdict verdict) throws Exception {
		System.out.println(name + ", " + threadCount + " threads: warming up");
		ClientHttpRequestExecution noWait = (request, body) -> OkExecution.OK;
		for (int i = 0; i < 200_000; i++) {
			interceptor.intercept(new BenchmarkRequest(uri), EMPTY, noWait).close();
		}
		recorder.reset();
		if (verdict != null) {
			verdict.reset();
		}
		ThreadCpu cpu = ThreadCpu.snapshot();
		long t0 = System.nanoTime();
		CountDownLatch start = new CountDownLatch(1);
		Worker[] workers = new Worker[threadCount];
		Thread[] threads = new Thread[threadCount];
		for (int i = 0; i < threadCount; i++) {
			workers[i] = new Worker(interceptor, uri, start, verdict);
			threads[i] = new Thread(workers[i], "storm-" + i);
			threads[i].start();
		}
		start.countDown();
		long deadline = t0 + Duration.ofSeconds(10L * expiries).toNanos();
		while (System.nanoTime() < deadline) {
			Thread.sleep(50);
			List<Episode> episodes = recorder.episodes(EPISODE_GAP_NANOS);
			if (episodes.size() >= expiries + 1) {
				break;
			}
		}
		long stop = System.nanoTime();
		RefreshCpu refreshCpu = RefreshCpu.since(cpu);
		for (Worker worker : workers) {
			worker.running = false;
		}
		for (Thread thread : threads) {
			thread.join();
		}
		List<LatencyBuffer> samples = new ArrayList<>();
		long errors = 0;
		for (Worker worker : workers) {
			samples.add(worker.samples);
			errors += worker.errors;
		}
		Result result = analyze(name, threadCount, expiries, recorder, t0, stop, samples, errors, verdict,
				refreshCpu);
		System.out.println("  " + result.row());
		return result;
	}

	/**
	 * Split the requests of a run into those near a refresh and the others, and compare
	 * their p99 latencies; shared with {@link ReactiveExpiryStorm}.
	 * @param name the client's name
	 * @param threadCount how many callers ran at once
	 * @param expiries how many expiries the run measures
	 * @param recorder the token requests of the run
	 * @param t0 when the run started
	 * @param stop when the run stopped
	 * @param samples each caller's requests
	 * @param errors how many requests failed
	 * @param verdict the server's verdict on the tokens sent, if they were judged
	 * @param refreshCpu the CPU time of the run's token requests
	 * @return the result
	 */
	static Result analyze(String name, int threadCount, int expiries, TokenCallRecorder recorder, long t0, long stop,
			List<LatencyBuffer> samples, long errors, @Nullable ServerClockVerdict verdict, RefreshCpu refreshCpu) {
		List<Episode> episodes = new ArrayList<>(recorder.episodes(EPISODE_GAP_NANOS));
		int episodesInRun = episodes.size();
		// the (expiries + 1)th episode only ends the window; requests after its start are dropped
		long end = stop;
		if (episodes.size() > expiries) {
			end = episodes.get(expiries).start() - 2 * NEAR_MARGIN_NANOS;
			episodes = episodes.subList(0, expiries);
		}
		int calls = episodes.stream().mapToInt(Episode::calls).sum();
		int maxCalls = episodes.stream().mapToInt(Episode::calls).max().orElse(0);
		LatencyBuffer near = new LatencyBuffer();
		LatencyBuffer elsewhere = new LatencyBuffer();
		LatencyBuffer midway = new LatencyBuffer();
		LatencyBuffer[] nearByStart = new LatencyBuffer[(int) ((NEAR_MARGIN_NANOS + NEAR_WINDOW_NANOS)
				/ PROFILE_STEP_NANOS)];
		Arrays.setAll(nearByStart, (step) -> new LatencyBuffer());
		for (LatencyBuffer buffer : samples) {
			for (int i = 0; i < buffer.size(); i++) {
				long s = buffer.start(i);
				long total = buffer.total(i);
				if (s < t0 || s >= end) {
					continue;
				}
				boolean isNear = false;
				for (Episode episode : episodes) {
					if (s + total >= episode.start() - NEAR_MARGIN_NANOS && s <= episode.start() + NEAR_WINDOW_NANOS) {
						isNear = true;
						long step = Math.floorDiv(s - episode.start() + NEAR_MARGIN_NANOS, PROFILE_STEP_NANOS);
						nearByStart[(int) Math.max(0, Math.min(nearByStart.length - 1, step))].add(s, total,
								buffer.auth(i));
						break;
					}
				}
				(isNear ? near : elsewhere).add(s, total, buffer.auth(i));
				if (!isNear && isMidway(episodes, s, total)) {
					midway.add(s, total, buffer.auth(i));
				}
			}
		}
		double[] episodeNanos = episodes.stream().mapToDouble((episode) -> episode.end() - episode.start()).toArray();
		return new Result(name, threadCount, episodes.size(), calls, maxCalls, recorder.maxInFlight(),
				near.size() + elsewhere.size(), near.size(), near.p99Total(), elsewhere.p99Total(), midway.p99Total(),
				near.maxAuth(),
				elsewhere.maxAuth(), errors, (verdict != null) ? verdict.expired() : -1,
				(verdict != null) ? verdict.leastLeftMillis() : Long.MAX_VALUE,
				Arrays.stream(nearByStart).mapToLong(LatencyBuffer::p99Total).toArray(),
				(episodeNanos.length > 0) ? JmhRatios.median(episodeNanos) : 0,
				refreshCpu.perEpisode(episodesInRun));
	}

	/**
	 * Whether a request overlaps a control window: as long as a near window, halfway
	 * between the first token requests of two expiries.
	 */
	private static boolean isMidway(List<Episode> episodes, long start, long total) {
		for (int i = 0; i + 1 < episodes.size(); i++) {
			long windowStart = (episodes.get(i).start() + episodes.get(i + 1).start()) / 2 - NEAR_MARGIN_NANOS;
			if (start + total >= windowStart && start <= windowStart + NEAR_MARGIN_NANOS + NEAR_WINDOW_NANOS) {
				return true;
			}
		}
		return false;
	}

	/**
	 * One caller: calls through the interceptor in a loop and records, for every request,
	 * when it started, how long the interceptor took until the request was sent, and how
	 * long the whole request took.
	 */
	private static final class Worker implements Runnable, ClientHttpRequestExecution {

		private final ClientHttpRequestInterceptor interceptor;

		private final URI uri;

		private final CountDownLatch start;

		private final @Nullable ServerClockVerdict verdict;

		private final LatencyBuffer samples = new LatencyBuffer();

		private volatile boolean running = true;

		private long sentAt;

		private long errors;

		Worker(ClientHttpRequestInterceptor interceptor, URI uri, CountDownLatch start,
				@Nullable ServerClockVerdict verdict) {
			this.interceptor = interceptor;
			this.uri = uri;
			this.start = start;
			this.verdict = verdict;
		}

		@Override
		public void run() {
			try {
				this.start.await();
			}
			catch (InterruptedException ex) {
				return;
			}
			while (this.running) {
				long begin = System.nanoTime();
				try {
					this.interceptor.intercept(new BenchmarkRequest(this.uri), EMPTY, this).close();
					long end = System.nanoTime();
					this.samples.add(begin, end - begin, this.sentAt - begin);
				}
				catch (IOException | RuntimeException ex) {
					this.errors++;
				}
			}
		}

		@Override
		public ClientHttpResponse execute(HttpRequest request, byte[] body) {
			this.sentAt = System.nanoTime();
			String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
			if (authorization == null) {
				throw new IllegalStateException("no Authorization header");
			}
			if (this.verdict != null) {
				this.verdict.judge(authorization);
			}
			LockSupport.parkNanos(API_CALL_NANOS);
			return OkExecution.OK;
		}

	}

	/**
	 * A growable column store of request samples: start, total and interceptor time in
	 * nanoseconds.
	 */
	static final class LatencyBuffer {

		private long[] starts = new long[16 * 1024];

		private long[] totals = new long[16 * 1024];

		private long[] auths = new long[16 * 1024];

		private int size;

		void add(long start, long total, long auth) {
			if (this.size == this.starts.length) {
				this.starts = Arrays.copyOf(this.starts, this.size * 2);
				this.totals = Arrays.copyOf(this.totals, this.size * 2);
				this.auths = Arrays.copyOf(this.auths, this.size * 2);
			}
			this.starts[this.size] = start;
			this.totals[this.size] = total;
			this.auths[this.size] = auth;
			this.size++;
		}

		int size() {
			return this.size;
		}

		long start(int i) {
			return this.starts[i];
		}

		long total(int i) {
			return this.totals[i];
		}

		long auth(int i) {
			return this.auths[i];
		}

		long p99Total() {
			return p99(this.totals);
		}

		long maxAuth() {
			return Arrays.stream(this.auths, 0, this.size).max().orElse(0);
		}

		private long p99(long[] values) {
			if (this.size == 0) {
				return 0;
			}
			long[] sorted = Arrays.copyOf(values, this.size);
			Arrays.sort(sorted);
			return sorted[Math.min(this.size - 1, (int) Math.ceil(this.size * 0.99) - 1)];
		}

	}

	record Result(String name, int threads, int expiries, int calls, int maxCalls, int maxInFlight,
			long requests, long nearRequests, long p99Near, long p99Elsewhere, long p99Midway, long maxWaitNear,
			long maxWaitElsewhere, long errors, long sentExpired, long leastLeftMillis, long[] p99NearByStart,
			double medianEpisodeNanos, RefreshCpu cpuPerExpiry) {

		String row() {
			return String.format(Locale.ROOT,
					"%-16s %7d %9d %11.2f %9d %10d %10d %8.2fms %7.2fms %9.2f %7.2fms %9.2f %19s %13s %11s%s",
					this.name, this.threads, this.expiries, (this.expiries > 0) ? (double) this.calls / this.expiries : 0,
					this.maxCalls, this.requests, this.nearRequests, this.p99Near / 1e6, this.p99Elsewhere / 1e6,
					(this.p99Elsewhere > 0) ? (double) this.p99Near / this.p99Elsewhere : 0, this.p99Midway / 1e6,
					(this.p99Elsewhere > 0) ? (double) this.p99Midway / this.p99Elsewhere : 0,
					String.format(Locale.ROOT, "%.2f/%.2fms", this.maxWaitNear / 1e6, this.maxWaitElsewhere / 1e6),
					(this.sentExpired >= 0) ? String.valueOf(this.sentExpired) : "-",
					(this.leastLeftMillis != Long.MAX_VALUE) ? this.leastLeftMillis + "ms" : "-",
					(this.errors > 0) ? "  errors=" + this.errors : "");
		}

		String profile() {
			StringBuilder profile = new StringBuilder(String.format(Locale.ROOT, "%-16s %7d  ", this.name, this.threads));
			for (long p99 : this.p99NearByStart) {
				profile.append(String.format(Locale.ROOT, " %.1f", p99 / 1e6));
			}
			return profile.append(String.format(Locale.ROOT,
					" ms; token requests of an expiry took %.1f ms (median); CPU per expiry: client's token-request"
							+ " threads %.1f ms, token server %.1f ms",
					this.medianEpisodeNanos / 1e6, this.cpuPerExpiry.client() / 1e6, this.cpuPerExpiry.server() / 1e6))
				.toString();
		}

	}

	/**
	 * The CPU time of the threads that work only on token requests, on the client's side
	 * ({@link ThreadCpu#CLIENT_REFRESH}) and on the token server's
	 * ({@link ThreadCpu#TOKEN_SERVER}), in nanoseconds; shared with
	 * {@link ReactiveExpiryStorm}. Spring Security's client-credentials flow renews on the
	 * callers' own threads, so its client column holds only its HTTP client's threads.
	 *
	 * @param client the client's share
	 * @param server the token server's share
	 */
	record RefreshCpu(long client, long server) {

		static RefreshCpu since(ThreadCpu snapshot) {
			return new RefreshCpu(snapshot.nanosSince(ThreadCpu.CLIENT_REFRESH),
					snapshot.nanosSince(ThreadCpu.TOKEN_SERVER));
		}

		RefreshCpu perEpisode(int episodes) {
			return (episodes > 0) ? new RefreshCpu(this.client / episodes, this.server / episodes) : this;
		}

	}

}
