package tech.progeny.auth.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback OAuth2 token endpoint for Spring Security's client-credentials flow: every
 * {@code POST} is answered, after a fixed delay, with a new opaque bearer token and a
 * fixed {@code expires_in}. It checks nothing.
 */
final class OAuth2TokenEndpoint implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor;

	private final Duration delay;

	private final long expiresInSeconds;

	private final AtomicLong requests = new AtomicLong();

	/**
	 * Start an endpoint.
	 * @param delay how long each answer is held back
	 * @param expiresInSeconds the {@code expires_in} of every token
	 * @param threads how many requests are served at the same time
	 */
	OAuth2TokenEndpoint(Duration delay, long expiresInSeconds, int threads) {
		this.delay = delay;
		this.expiresInSeconds = expiresInSeconds;
		this.executor = Executors.newFixedThreadPool(threads, (task) -> {
			Thread thread = new Thread(task, "oauth2-token-endpoint");
			thread.setDaemon(true);
			return thread;
		});
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/oauth2/token", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	/**
	 * Return the URI of the token endpoint.
	 * @return the URI
	 */
	URI tokenUri() {
		return URI.create("http://" + this.server.getAddress().getAddress().getHostAddress() + ":"
				+ this.server.getAddress().getPort() + "/oauth2/token");
	}

	/**
	 * Return how many token requests have been answered or are being answered.
	 * @return the count
	 */
	long requests() {
		return this.requests.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			long n = this.requests.incrementAndGet();
			exchange.getRequestBody().readAllBytes();
			Thread.sleep(this.delay.toMillis());
			byte[] body = ("{\"access_token\":\"token-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":"
					+ this.expiresInSeconds + "}").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
