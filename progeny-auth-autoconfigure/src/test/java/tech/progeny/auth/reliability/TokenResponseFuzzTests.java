package tech.progeny.auth.reliability;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.client.ProgenyMalformedResponseException;
import tech.progeny.auth.client.ProgenyRequestRejectedException;
import tech.progeny.auth.client.ProgenyServerUnavailableException;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.client.ProgenyTokenRejectedException;
import tech.progeny.auth.client.ProgenyTokenResponse;
import tech.progeny.auth.reliability.SecretLeakExtension.Secrets;
import tech.progeny.auth.reliability.TokenResponseGenerator.FuzzCase;
import tech.progeny.auth.reliability.TokenResponseGenerator.Mode;
import tech.progeny.auth.support.ManualTaskScheduler;
import tech.progeny.auth.support.TestJwts;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.test.NoDelayServerSocketFactory;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Generated answers of the token endpoints, from a fixed seed that is printed (override
 * with {@code -Dprogeny.fuzz.seed=N}): every case ends in a success or a
 * {@link ProgenyAuthException}, never another exception, never a hang, and only after the
 * generated answer was served; the client and, for a subset, the provider. The answers come from a {@link MockWebServer} whose
 * dispatcher writes each case's status, headers and body, and whose socket effects drop
 * the connection, cut the body halfway or stall.
 */
@ExtendWith(SecretLeakExtension.class)
class TokenResponseFuzzTests {

	static final long SEED = Long.getLong("progeny.fuzz.seed", 0x5EED_2026_0301L);

	private static final int CLIENT_CASES = 1_000;

	private static final int PROVIDER_CASES = 200;

	private static final Duration READ_TIMEOUT = Duration.ofMillis(400);

	private static final Duration CASE_TIMEOUT = Duration.ofSeconds(10);

	/** IMF-fixdate (RFC 9110), the form of a server's {@code Date} header. */
	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private static final String PASSWORD = "fuzz-Pa55w0rd-" + Long.toHexString(SEED);

	private static final String REFRESH_TOKEN = "refresh-secret-" + Long.toHexString(~SEED);

	private static final ProgenyCredentials CREDENTIALS = new ProgenyCredentials("fuzz-user", PASSWORD);

	private static final AtomicReference<FuzzCase> current = new AtomicReference<>();

	private static final AtomicReference<String> currentPath = new AtomicReference<>();

	private static final AtomicInteger fuzzedAnswers = new AtomicInteger();

	private static final List<String> validPairTokens = new java.util.concurrent.CopyOnWriteArrayList<>();

	private static final AdjustableClock clock = AdjustableClock.at(ProviderFixture.START);

	private static final ManualTaskScheduler scheduler = new ManualTaskScheduler(clock);

	private static final MockWebServer server = new MockWebServer();

	private static ProgenyTokenClient client;

	@BeforeAll
	static void startServer() throws IOException {
		System.out.println("TokenResponseFuzzTests seed=" + SEED);
		server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return serve(request);
			}

		});
		server.setServerSocketFactory(new NoDelayServerSocketFactory());
		server.start(Loopback.ADDRESS, 0);
		URI baseUrl = URI.create(Loopback.baseUrl(server.getPort()));
		client = ProgenyTokenClient.create(baseUrl, Duration.ofSeconds(1), READ_TIMEOUT);
		client.setClock(clock);
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void obtainWhenAnswersAreGeneratedThenEachEndsInSuccessOrATypedException(Secrets secrets) {
		run("obtain", SEED, CLIENT_CASES, ProgenyTokenClient.OBTAIN_PATH, List.of(PASSWORD), secrets, (fuzzCase) -> {
			ProgenyTokenResponse response = client.obtain(CREDENTIALS);
			assertThat(response.refresh()).isNotNull();
			return response;
		});
	}

	@Test
	void refreshWhenAnswersAreGeneratedThenEachEndsInSuccessOrATypedException(Secrets secrets) {
		run("refresh", SEED + 1, CLIENT_CASES, ProgenyTokenClient.REFRESH_PATH, List.of(REFRESH_TOKEN), secrets,
				(fuzzCase) -> client.refresh(REFRESH_TOKEN));
	}

	@Test
	void providerLoginWhenAnswersAreGeneratedThenEachEndsInAUsableTokenOrATypedException(Secrets secrets) {
		run("provider-obtain", SEED + 2, PROVIDER_CASES, ProgenyTokenClient.OBTAIN_PATH, List.of(PASSWORD), secrets,
				(fuzzCase) -> {
			try (ProgenyTokenProvider provider = provider()) {
				String header = provider.authorizationHeader();
				assertThat(provider.status().phase().isUsable()).isTrue();
				return header;
			}
		});
	}

	@Test
	void providerRefreshWhenAnswersAreGeneratedThenEachEndsInAUsableTokenOrATypedException(Secrets secrets) {
		run("provider-refresh", SEED + 3, PROVIDER_CASES, ProgenyTokenClient.REFRESH_PATH, List.of(), secrets,
				(fuzzCase) -> {
			try (ProgenyTokenProvider provider = provider()) {
				FuzzCase refreshCase = current.getAndSet(null);
				String first = provider.authorizationHeader();
				current.set(refreshCase);
				// into the must-refresh margin of the 5-minute token: the next caller waits for the refresh
				scheduler.advance(Duration.ofSeconds(290));
				String header = provider.authorizationHeader();
				assertThat(header).isNotEqualTo(first);
				return header;
			}
		});
	}

	private static ProgenyTokenProvider provider() {
		clock.set(ProviderFixture.START);
		ProgenyTokenProvider provider = new ProgenyTokenProvider(client, () -> CREDENTIALS,
				new InMemoryProgenyTokenStore(), ProgenyTokenSettings.defaults()
					.withMaxJitter(0)
					.withTimeouts(Duration.ofSeconds(1), READ_TIMEOUT));
		provider.setClock(clock);
		provider.setTaskScheduler(scheduler);
		provider.setTicker(scheduler.ticker());
		return provider;
	}

	private void run(String name, long seed, int count, String path, List<String> echoed, Secrets secrets,
			Function<FuzzCase, Object> call) {
		secrets.watch(PASSWORD, REFRESH_TOKEN);
		List<String> issued = new ArrayList<>();
		secrets.watch(() -> issued);
		secrets.watch(() -> validPairTokens);
		TokenResponseGenerator generator = new TokenResponseGenerator(seed, ProviderFixture.START.getEpochSecond(),
				echoed);
		Map<String, Integer> outcomes = new TreeMap<>();
		Map<Mode, Long> millis = new TreeMap<>();
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			FuzzCase fuzzCase = generator.next(i);
			current.set(fuzzCase);
			currentPath.set(path);
			Object outcome;
			int answersBefore = fuzzedAnswers.get();
			long start = System.nanoTime();
			try {
				outcome = assertTimeoutPreemptively(CASE_TIMEOUT, () -> {
					try {
						return call.apply(fuzzCase);
					}
					catch (Throwable ex) {
						return ex;
					}
				}, () -> "no outcome within " + CASE_TIMEOUT + " for case " + fuzzCase + " (seed " + seed + ")");
			}
			finally {
				current.set(null);
				millis.merge(fuzzCase.mode(), Loopback.since(start).toMillis(), Long::sum);
			}
			String kind = (outcome instanceof Throwable) ? outcome.getClass().getSimpleName() : "success";
			outcomes.merge(kind, 1, Integer::sum);
			if (outcome instanceof Throwable ex) {
				secrets.check(ex);
				if (!(ex instanceof ProgenyAuthException)) {
					failures.add(fuzzCase + " -> " + ex);
				}
				else if (!name.startsWith("provider")) {
					String mismatch = expectation(fuzzCase, (ProgenyAuthException) ex, path);
					if (mismatch != null) {
						failures.add(fuzzCase + " -> " + ex.getClass().getSimpleName() + ": " + mismatch);
					}
				}
			}
			else {
				if (!name.startsWith("provider") && (transportFault(fuzzCase) || fuzzCase.status() / 100 != 2)) {
					failures.add(fuzzCase + " -> success, expected a failure");
				}
				issued.addAll(fuzzCase.tokens());
			}
			if (outcome == null) {
				failures.add(fuzzCase + " -> null");
			}
			if (fuzzedAnswers.get() == answersBefore) {
				failures.add(fuzzCase + " -> " + kind + " before any request was answered with the case");
			}
		}
		System.out.println("TokenResponseFuzzTests " + name + ": seed=" + seed + " cases=" + count + " outcomes="
				+ outcomes + " millis=" + millis);
		assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(count);
		assertThat(failures).as("cases that did not end in success or the expected typed exception (seed %d)", seed)
			.isEmpty();
	}

	/**
	 * The exception a case must end in, where the status and transport decide it.
	 * @return a description of the mismatch, or {@code null}
	 */
	private static String expectation(FuzzCase fuzzCase, ProgenyAuthException ex, String path) {
		boolean refresh = path.equals(ProgenyTokenClient.REFRESH_PATH);
		if (transportFault(fuzzCase)) {
			return (ex instanceof ProgenyServerUnavailableException) ? null : "expected ServerUnavailable";
		}
		int status = fuzzCase.status();
		if (status == 429 || status >= 500) {
			return (ex instanceof ProgenyServerUnavailableException) ? null : "expected ServerUnavailable";
		}
		if (status == 401) {
			Class<?> expected = refresh ? ProgenyTokenRejectedException.class
					: ProgenyCredentialsRejectedException.class;
			// a provider whose refresh is rejected logs in, which succeeds
			return expected.isInstance(ex) ? null : "expected " + expected.getSimpleName();
		}
		if (status >= 400 && status != 403) {
			return (ex instanceof ProgenyRequestRejectedException) ? null : "expected RequestRejected";
		}
		if (status == 403) {
			return (ex instanceof ProgenyRequestRejectedException || ex instanceof ProgenyTokenRejectedException
					|| ex instanceof ProgenyCredentialsRejectedException) ? null : "expected a rejection";
		}
		if (status / 100 == 2 && fuzzCase.validPair() && !noBody(fuzzCase) && !refresh) {
			return "a valid pair must be accepted";
		}
		return (ex instanceof ProgenyMalformedResponseException) ? null : "expected MalformedResponse";
	}

	private static boolean noBody(FuzzCase fuzzCase) {
		return fuzzCase.body().length == 0 || fuzzCase.status() == 204 || fuzzCase.status() == 304;
	}

	/**
	 * Whether the client must see the transport fault: a dropped or hung connection, or a
	 * cut body that it reads up to the cut (it reads no more than 64 KiB and one byte).
	 */
	private static boolean transportFault(FuzzCase fuzzCase) {
		return switch (fuzzCase.mode()) {
			case DROPPED, HANG_BEFORE_HEADERS -> true;
			case TRUNCATED, HANG_IN_BODY -> !noBody(fuzzCase) && fuzzCase.body().length / 2 <= 64 * 1024;
			default -> false;
		};
	}

	private static MockResponse serve(RecordedRequest request) {
		FuzzCase fuzzCase = current.get();
		if (fuzzCase == null || !request.getUrl().encodedPath().equals(currentPath.get())) {
			return validPair();
		}
		fuzzedAnswers.incrementAndGet();
		return respond(fuzzCase);
	}

	private static MockResponse validPair() {
		String refresh = TestJwts.jwt("refresh", clock.instant(), Duration.ofDays(14), true);
		String access = TestJwts.jwt("access", clock.instant(), Duration.ofMinutes(5), true);
		validPairTokens.add(refresh);
		validPairTokens.add(access);
		return headers(200).addHeader("Content-Type", "application/json")
			.body("{\"refresh\":\"" + refresh + "\",\"access\":\"" + access + "\"}")
			.build();
	}

	/**
	 * The answer to a case: its status, content type and headers, then its body as the
	 * mode says. A dropped connection closes before the status line; a hang stalls before
	 * the status line or halfway through the body until the server closes; a truncated
	 * body promises ten bytes more than the body in its {@code Content-Length}, sends
	 * half and closes the connection.
	 */
	private static MockResponse respond(FuzzCase fuzzCase) {
		MockResponse.Builder response = headers(fuzzCase.status());
		if (fuzzCase.contentType() != null) {
			response.addHeaderLenient("Content-Type", fuzzCase.contentType());
		}
		fuzzCase.headers().forEach(response::addHeaderLenient);
		byte[] body = fuzzCase.body();
		boolean noBody = noBody(fuzzCase);
		return switch (fuzzCase.mode()) {
			case DROPPED -> response.onResponseStart(new SocketEffect.CloseSocket()).build();
			case HANG_BEFORE_HEADERS -> response.onResponseStart(SocketEffect.Stall.INSTANCE).build();
			case HANG_IN_BODY, TRUNCATED -> {
				if (noBody) {
					yield emptyBody(response, fuzzCase.status()).onResponseEnd(new SocketEffect.CloseSocket()).build();
				}
				// the socket effect fires halfway through the body, after body.length / 2 bytes
				yield response.body(new Buffer().write(body))
					.setHeader("Content-Length", String.valueOf(body.length + 10))
					.onResponseBody((fuzzCase.mode() == Mode.HANG_IN_BODY) ? SocketEffect.Stall.INSTANCE
							: new SocketEffect.CloseSocket())
					.onResponseEnd(new SocketEffect.CloseSocket())
					.build();
			}
			case CHUNKED -> (noBody ? emptyBody(response, fuzzCase.status())
					: response.chunkedBody(new Buffer().write(body), Integer.MAX_VALUE))
				.build();
			default -> (noBody ? emptyBody(response, fuzzCase.status()) : response.body(new Buffer().write(body)))
				.build();
		};
	}

	/**
	 * A response with the status and the server's {@code Date}, and no other header yet.
	 */
	private static MockResponse.Builder headers(int status) {
		return new MockResponse.Builder().code(status)
			.clearHeaders()
			.addHeader("Date", HTTP_DATE.format(clock.instant()));
	}

	/**
	 * No body: {@code Content-Length: 0}, or no length at all for 204 and 304.
	 */
	private static MockResponse.Builder emptyBody(MockResponse.Builder response, int status) {
		return (status == 204 || status == 304) ? response : response.addHeader("Content-Length", "0");
	}

}
