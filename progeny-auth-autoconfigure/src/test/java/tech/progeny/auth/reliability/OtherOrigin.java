package tech.progeny.auth.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback server that is not Progeny: it answers every request with 200 and counts
 * the requests and the {@code Authorization} headers it receives.
 */
final class OtherOrigin implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong authorizationHeaders = new AtomicLong();

	OtherOrigin() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(Loopback.ADDRESS, 0), 50);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", (exchange) -> {
			this.requests.incrementAndGet();
			if (exchange.getRequestHeaders().containsKey("Authorization")) {
				this.authorizationHeaders.incrementAndGet();
			}
			exchange.getRequestBody().readAllBytes();
			byte[] body = "other".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "text/plain");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	String baseUrl() {
		return Loopback.baseUrl(this.server.getAddress().getPort());
	}

	long requests() {
		return this.requests.get();
	}

	long authorizationHeaders() {
		return this.authorizationHeaders.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
