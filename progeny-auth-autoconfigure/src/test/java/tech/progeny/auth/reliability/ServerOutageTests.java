package tech.progeny.auth.reliability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.util.backoff.BackOffExecution;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyServerUnavailableException;
import tech.progeny.auth.reliability.SecretLeakExtension.Secrets;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.IssuedAtClaim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static tech.progeny.auth.reliability.ProviderFixture.CONNECT_TIMEOUT;
import static tech.progeny.auth.reliability.ProviderFixture.READ_TIMEOUT;
import static tech.progeny.auth.reliability.ProviderFixture.START;

/**
 * A Progeny server that cannot be reached, or goes away while the token is valid, and
 * comes back.
 */
@ExtendWith(SecretLeakExtension.class)
class ServerOutageTests {

	private static final ProgenyCredentials CREDENTIALS = new ProgenyCredentials(FakeProgenyServer.DEFAULT_USERNAME,
			FakeProgenyServer.DEFAULT_PASSWORD);

	private final AdjustableClock clock = AdjustableClock.at(START);

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	private FakeProgenyServer startServer(int port, Secrets secrets) {
		// the timings assume a 300 s lifetime read from exp - iat
		FakeProgenyServer server = FakeProgenyServer.builder()
			.clock(this.clock)
			.issuedAtClaim(IssuedAtClaim.AT_ISSUE)
			.port(port)
			.start();
		secrets.watch(server);
		this.closeables.add(server);
		return server;
	}

	private ProviderFixture fixture(String baseUrl) {
		ProviderFixture fixture = new ProviderFixture(this.clock, baseUrl, CREDENTIALS);
		this.closeables.add(fixture);
		return fixture;
	}

	@Test
	void unreachableAtFirstUseThenTypedExceptionWithinTheConnectTimeoutAndTheFirstCallAfterItIsBackSucceeds(
			Secrets secrets) {
		int port = Loopback.freePort();
		ProviderFixture fixture = fixture(Loopback.baseUrl(port));
		long start = System.nanoTime();
		ProgenyServerUnavailableException failure = secrets
			.check(catchThrowableOfType(ProgenyServerUnavailableException.class, fixture.provider::authorizationHeader));
		assertThat(Loopback.since(start)).isLessThanOrEqualTo(CONNECT_TIMEOUT);
		assertThat(failure.getStatusCode()).isZero();
		assertThat(fixture.requests.finished("obtain:server_unavailable")).isEqualTo(1);
		assertThat(catchThrowable(fixture.provider::authorizationHeader)).as("within the backoff").isSameAs(failure);
		assertThat(fixture.requests.started()).isEqualTo(1);

		FakeProgenyServer server = startServer(port, secrets);
		fixture.advance(Duration.ofMillis(100));
		assertThat(fixture.provider.authorizationHeader()).isEqualTo("Bearer " + server.tokens().issuedTokens().get(0));
		assertThat(server.counters().obtainRequests()).isEqualTo(1);
		assertThat(fixture.requests.started()).isEqualTo(2);
	}

	@Test
	void listenerThatNeverAcceptsThenTypedExceptionWithinTheConnectAndReadTimeouts(Secrets secrets) throws IOException {
		try (ServerSocket listener = new ServerSocket(0, 1, Loopback.ADDRESS)) {
			List<Socket> backlog = fillBacklog(listener);
			try {
				ProviderFixture fixture = fixture(Loopback.baseUrl(listener.getLocalPort()));
				long start = System.nanoTime();
				ProgenyServerUnavailableException failure = secrets.check(catchThrowableOfType(
						ProgenyServerUnavailableException.class, fixture.provider::authorizationHeader));
				assertThat(Loopback.since(start)).isLessThanOrEqualTo(CONNECT_TIMEOUT.plus(READ_TIMEOUT).plusSeconds(1));
				assertThat(failure).hasCauseInstanceOf(HttpTimeoutException.class);
				assertThat(fixture.requests.finished("obtain:server_unavailable")).isEqualTo(1);
			}
			finally {
				for (Socket socket : backlog) {
					socket.close();
				}
			}
		}
	}

	/**
	 * Connect to a listener that never accepts until its accept queue is full, so that
	 * the next connection attempt gets no answer at all.
	 */
	private static List<Socket> fillBacklog(ServerSocket listener) throws IOException {
		List<Socket> sockets = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			Socket socket = new Socket();
			try {
				socket.connect(new InetSocketAddress(Loopback.ADDRESS, listener.getLocalPort()), 200);
				sockets.add(socket);
			}
			catch (SocketTimeoutException ex) {
				socket.close();
				return sockets;
			}
		}
		throw new IllegalStateException("The accept queue did not fill up");
	}

	@Test
	void downWhileTheTokenIsValidThenServedUntilTheMustRefreshMarginThenTypedExceptionsAndTokenRequestsWithinTheBackoff(
			Secrets secrets) {
		int port = Loopback.freePort();
		FakeProgenyServer server = startServer(port, secrets);
		ProviderFixture fixture = fixture(server.baseUrl());
		String header = fixture.provider.authorizationHeader();
		Instant staleAt = START.plusSeconds(239);
		Instant unusableAt = START.plusSeconds(284);
		server.close();

		BackOffExecution backOff = ProviderFixture.backOff(100, 10_000).start();
		Instant retryAt = null;
		int attempts = 0;
		int served = 0;
		int refused = 0;
		int servedAfterMargin = 0;
		for (int second = 1; second <= 320; second++) {
			fixture.advanceTo(START.plusSeconds(second));
			Instant now = this.clock.instant();
			boolean usable = now.isBefore(unusableAt);
			boolean attemptDue = !now.isBefore(staleAt) && (retryAt == null || !now.isBefore(retryAt));
			for (int call = 0; call < 20; call++) {
				boolean attempt = attemptDue && call == 0;
				int finished = fixture.requests.finished();
				if (usable) {
					assertThat(fixture.provider.authorizationHeader()).isEqualTo(header);
					served++;
					if (attempt) {
						await().atMost(Duration.ofSeconds(5)).until(() -> fixture.requests.finished() == finished + 1);
					}
				}
				else {
					Throwable failure = catchThrowable(fixture.provider::authorizationHeader);
					assertThat(failure).isInstanceOf(ProgenyServerUnavailableException.class);
					secrets.check(failure);
					refused++;
				}
				if (attempt) {
					attempts++;
					retryAt = now.plusMillis(backOff.nextBackOff());
				}
				assertThat(fixture.requests.finished()).as("token requests at %s", now).isEqualTo(1 + attempts);
			}
			if (!usable && fixture.provider.status().phase().isUsable()) {
				servedAfterMargin++;
			}
		}
		assertThat(served).isEqualTo(283 * 20);
		assertThat(refused).isEqualTo(37 * 20);
		assertThat(servedAfterMargin).isZero();
		assertThat(attempts).isEqualTo(14);
		assertThat(fixture.requests.finished("refresh:server_unavailable")).isEqualTo(14);
		assertThat(fixture.requests.finished("obtain")).isEqualTo(1);

		FakeProgenyServer back = startServer(port, secrets);
		assertThat(catchThrowable(fixture.provider::authorizationHeader)).as("still within the backoff")
			.isInstanceOf(ProgenyServerUnavailableException.class);
		assertThat(back.counters().tokenRequests()).isZero();
		fixture.advanceTo(retryAt);
		String renewed = fixture.provider.authorizationHeader();
		assertThat(renewed).isNotEqualTo(header).isEqualTo("Bearer " + back.tokens().issuedTokens().get(0));
		assertThat(back.counters().refreshRequests()).isEqualTo(1);
		assertThat(back.counters().obtainRequests()).isZero();
		assertThat(back.counters().rejectedRefreshRequests()).isZero();
	}

}
