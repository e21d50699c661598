package tech.progeny.auth.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;

import tech.progeny.auth.benchmarks.ExpiryStorm.LatencyBuffer;
import tech.progeny.auth.benchmarks.ExpiryStorm.Result;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.web.reactive.ProgenyAuthExchangeFilterFunction;

/**
 * The expiry storm of {@link ExpiryStorm} through a {@link WebClient} with
 * {@link ProgenyAuthExchangeFilterFunction}: concurrent callers on Reactor's
 * {@code parallel} scheduler (non-blocking threads, as many as cores) send requests in a
 * loop across 40 expiries of 3 s tokens from a loopback fake Progeny whose token
 * endpoints answer after 20 ms. Each request ends in an exchange function that answers
 * after 1 ms without sending anything, so that the token path is all that differs. The
 * token client is on Reactor Netty, which {@code ClientHttpRequestFactoryBuilder.detect()}
 * picks, and so the starter's token client uses, in an application with only
 * {@code spring-boot-starter-webflux}. It
 * prints how many token requests each expiry causes and the p99 of the requests near a
 * refresh against the p99 of all the others, and judges every token sent on the server's
 * clock ({@link ServerClockVerdict}).
 * <p>
 * Arguments (all optional): concurrent callers (default {@code 256}), expiries per run
 * (default 40), and token renewals to run before the callers start (default 0), at
 * once, with the token endpoints' delay lifted: with a few thousand, the refresh path is
 * compiled by the JIT before the storm, as the callers' path is, instead of running
 * 40 times in the interpreter. A fourth argument {@code in-process} has the token
 * requests answered by an {@link InProcessTokenEndpoint} after the same delay, in place
 * of the HTTP client and the fake's server: what is left near a refresh is then the
 * lifecycle's own work. A fourth argument {@code burst=N} (milliseconds) is a control: the
 * token stays fresh for an hour, and a {@link CpuBurst} does N ms of CPU every 3 s
 * instead of a refresh, split around the token endpoints' delay.
 */
public final class ReactiveExpiryStorm {

	private static final String SAMPLE = ReactiveExpiryStorm.class.getName() + ".sample";

	private static final String IN_PROCESS = "in-process";

	private static final String BURST = "burst=";

	private ReactiveExpiryStorm() {
	}

	public static void main(String[] args) throws Exception {
		int[] callerCounts = (args.length > 0) ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
				: new int[] { 256 };
		int expiries = (args.length > 1) ? Integer.parseInt(args[1]) : ExpiryStorm.DEFAULT_EXPIRIES;
		int warmRenewals = (args.length > 2) ? Integer.parseInt(args[2]) : 0;
		String mode = (args.length > 3) ? args[3] : "";
		Assert.isTrue(mode.isEmpty() || warmRenewals == 0, "warm-up renewals need the fake's token endpoints");
		Assert.isTrue(mode.isEmpty() || IN_PROCESS.equals(mode) || mode.startsWith(BURST),
				() -> "unknown mode '" + mode + "': use " + IN_PROCESS + " or " + BURST + "<milliseconds>");
		List<Result> results = new ArrayList<>();
		for (int callers : callerCounts) {
			results.add(run(callers, expiries, warmRenewals, mode));
		}
		ExpiryStorm.print(expiries, results);
	}

	private static Result run(int callerCount, int expiries, int warmRenewals, String mode) throws Exception {
		boolean inProcess = IN_PROCESS.equals(mode);
		@Nullable Duration burst = mode.startsWith(BURST)
				? Duration.ofMillis(Long.parseLong(mode.substring(BURST.length()))) : null;
		Scheduler apiCalls = Schedulers.newParallel("storm-api", 2);
		// with bursts in place of refreshes, the token stays fresh all along
		try (FakeProgenyServer server = (burst != null)
				? FakeProgenyServer.builder().accessTokenLifetime(Duration.ofHours(1)).start()
				: ExpiryStorm.stormServer()) {
			TokenCallRecorder recorder = new TokenCallRecorder();
			// a WebFlux application: its token client is on Reactor Netty
			ClientHttpRequestInterceptor[] endpoint = inProcess
					? new ClientHttpRequestInterceptor[] { new InProcessTokenEndpoint(server, ExpiryStorm.TOKEN_DELAY) }
					: new ClientHttpRequestInterceptor[0];
			try (ProgenyTokenProvider provider = ExpiryStorm.provider(server, recorder,
					ClientHttpRequestFactoryBuilder.reactor(), endpoint)) {
				URI baseUrl = URI.create(server.baseUrl());
				ServerClockVerdict verdict = new ServerClockVerdict(server.tokens());
				ExchangeFunction api = (request) -> {
					Caller caller = (Caller) request.attribute(SAMPLE).orElseThrow();
					caller.sentAt = System.nanoTime();
					String authorization = request.headers().getFirst(HttpHeaders.AUTHORIZATION);
					if (authorization == null) {
						return Mono.error(new IllegalStateException("no Authorization header"));
					}
					verdict.judge(authorization);
					return Mono.delay(Duration.ofNanos(ExpiryStorm.API_CALL_NANOS), apiCalls)
						.map((tick) -> ClientResponse.create(HttpStatus.OK).build());
				};
				WebClient webClient = WebClient.builder()
					.baseUrl(baseUrl.toString())
					.exchangeFunction(api)
					.filter(new ProgenyAuthExchangeFilterFunction(provider, baseUrl))
					.build();
				String name = "webclient-" + (inProcess ? "inproc-" : "")
						+ ((burst != null) ? "burst" + burst.toMillis() + "-" : "") + callerCount;
				System.out.println(name + ": warming up");
				Caller warmUp = new Caller(webClient);
				Flux.range(0, 20_000).concatMap((n) -> warmUp.call()).blockLast(Duration.ofMinutes(2));
				warmRenewals(server, provider, warmRenewals);
				recorder.reset();
				verdict.reset();
				List<Caller> callers = new ArrayList<>();
				for (int i = 0; i < callerCount; i++) {
					callers.add(new Caller(webClient));
				}
				@Nullable CpuBurst bursts = (burst != null)
						? new CpuBurst(burst, ExpiryStorm.TOKEN_LIFETIME, recorder) : null;
				ThreadCpu cpu = ThreadCpu.snapshot();
				long t0 = System.nanoTime();
				Flux.fromIterable(callers)
					.flatMap((caller) -> caller.loop().subscribeOn(Schedulers.parallel()), callerCount)
					.subscribe();
				long deadline = t0 + Duration.ofSeconds(10L * expiries).toNanos();
				while (System.nanoTime() < deadline
						&& recorder.episodes(ExpiryStorm.EPISODE_GAP_NANOS).size() < expiries + 1) {
					Thread.sleep(50);
				}
				long stop = System.nanoTime();
				ExpiryStorm.RefreshCpu refreshCpu = ExpiryStorm.RefreshCpu.since(cpu);
				if (bursts != null) {
					bursts.close();
				}
				callers.forEach(Caller::stop);
				for (Caller caller : callers) {
					caller.awaitStopped();
				}
				List<LatencyBuffer> samples = callers.stream().map((caller) -> caller.samples).toList();
				long errors = callers.stream().mapToLong((caller) -> caller.errors.get()).sum();
				Result result = ExpiryStorm.analyze(name, callerCount, expiries, recorder, t0, stop, samples, errors,
						verdict, refreshCpu);
				System.out.println("  " + result.row());
				return result;
			}
		}
		finally {
			apiCalls.dispose();
		}
	}

	/**
	 * Renew the token the given number of times, one after the other, with the token
	 * endpoints' delay lifted.
	 */
	private static void warmRenewals(FakeProgenyServer server, ProgenyTokenProvider provider, int renewals) {
		if (renewals <= 0) {
			return;
		}
		System.out.println("  renewing the token " + renewals + " times");
		server.faults().delay(ProgenyEndpoint.TOKEN, Duration.ZERO);
		for (int i = 0; i < renewals; i++) {
			provider.invalidate(provider.authorizationHeader());
		}
		provider.authorizationHeader();
		server.faults().delay(ProgenyEndpoint.TOKEN, ExpiryStorm.TOKEN_DELAY);
	}

	/**
	 * One caller: sends a request, records when it started, how long the filter took to
	 * send it and how long it took in all, and sends the next, until stopped. Its
	 * requests follow each other, so its fields are never touched by two threads at once.
	 */
	private static final class Caller {

		private final WebClient webClient;

		private final LatencyBuffer samples = new LatencyBuffer();

		private final AtomicLong errors = new AtomicLong();

		private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

		private volatile boolean running = true;

		private long begin;

		private long sentAt;

		Caller(WebClient webClient) {
			this.webClient = webClient;
		}

		Mono<Void> call() {
			return Mono.defer(() -> {
				this.begin = System.nanoTime();
				return this.webClient.get().uri(FakeProgenyServer.PING_PATH).attribute(SAMPLE, this).retrieve()
					.toBodilessEntity();
			}).doOnNext((response) -> {
				long end = System.nanoTime();
				this.samples.add(this.begin, end - this.begin, this.sentAt - this.begin);
			}).doOnError((ex) -> this.errors.incrementAndGet()).onErrorComplete().then();
		}

		Mono<Void> loop() {
			return call().repeat(() -> this.running).doFinally((signal) -> this.stopped.countDown()).then();
		}

		void stop() {
			this.running = false;
		}

		void awaitStopped() throws InterruptedException {
			this.stopped.await(30, TimeUnit.SECONDS);
		}

	}

}
