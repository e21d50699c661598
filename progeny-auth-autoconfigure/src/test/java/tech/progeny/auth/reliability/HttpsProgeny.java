package tech.progeny.auth.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import tech.progeny.auth.test.FakeProgenyServer;

/**
 * Progeny's origin over https, for the redirect scenarios that need TLS, until
 * {@link FakeProgenyServer} serves https: a MockWebServer with a loopback certificate
 * that answers the obtain endpoint with an opaque token pair and the API with 200, or
 * with the redirects queued by {@link #redirectNext(int, String)}.
 */
final class HttpsProgeny implements AutoCloseable {

	private final MockWebServer server = new MockWebServer();

	private final Queue<MockResponse> next = new ConcurrentLinkedQueue<>();

	private final AtomicLong obtains = new AtomicLong();

	HttpsProgeny(LoopbackTls tls) {
		this.server.useHttps(tls.serverSocketFactory());
		this.server.setDispatcher(new Dispatcher() {

			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return answer(request);
			}

		});
		try {
			this.server.start(Loopback.ADDRESS, 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private MockResponse answer(RecordedRequest request) {
		if (request.getTarget().equals(FakeProgenyServer.OBTAIN_PATH)) {
			long n = this.obtains.incrementAndGet();
			return new MockResponse.Builder().addHeader("Content-Type", "application/json")
				.body("{\"access\":\"tls-access-" + n + "\",\"refresh\":\"tls-refresh-" + n + "\"}")
				.build();
		}
		MockResponse queued = this.next.poll();
		return (queued != null) ? queued
				: new MockResponse.Builder().addHeader("Content-Type", "application/json")
					.body("{\"status\":\"ok\"}")
					.build();
	}

	void redirectNext(int status, String location) {
		this.next.add(new MockResponse.Builder().code(status).addHeader("Location", location).build());
	}

	String baseUrl() {
		return "https://" + Loopback.ADDRESS.getHostAddress() + ":" + this.server.getPort();
	}

	long obtains() {
		return this.obtains.get();
	}

	@Override
	public void close() {
		this.server.close();
	}

}
