package tech.progeny.auth.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.jspecify.annotations.Nullable;

/**
 * A loopback server that is not Progeny, over http or https: it counts the requests and
 * the {@code Authorization} headers it receives, and answers {@value #REDIRECT_PATH} with
 * a 302 to {@value #LANDING_PATH}, {@value #HANG_PATH} not at all until it closes, and
 * everything else with 200 and {@code other}.
 */
final class OtherOrigin implements AutoCloseable {

	static final String REDIRECT_PATH = "/redirect";

	static final String LANDING_PATH = "/landing";

	static final String HANG_PATH = "/hang";

	private final HttpServer server;

	private final String scheme;

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	private final CountDownLatch closed = new CountDownLatch(1);

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong authorizationHeaders = new AtomicLong();

	OtherOrigin() {
		this(null);
	}

	/**
	 * Create a server, on https when given an SSL context.
	 * @param sslContext the server's TLS, or {@code null} for plain http
	 */
	OtherOrigin(@Nullable SSLContext sslContext) {
		try {
			InetSocketAddress address = new InetSocketAddress(Loopback.ADDRESS, 0);
			if (sslContext != null) {
				HttpsServer https = HttpsServer.create(address, 50);
				https.setHttpsConfigurator(new HttpsConfigurator(sslContext));
				this.server = https;
				this.scheme = "https";
			}
			else {
				this.server = HttpServer.create(address, 50);
				this.scheme = "http";
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.requests.incrementAndGet();
		if (exchange.getRequestHeaders().containsKey("Authorization")) {
			this.authorizationHeaders.incrementAndGet();
		}
		exchange.getRequestBody().readAllBytes();
		String path = exchange.getRequestURI().getPath();
		if (path.equals(HANG_PATH)) {
			try {
				this.closed.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
			return;
		}
		if (path.equals(REDIRECT_PATH)) {
			exchange.getResponseHeaders().add("Location", baseUrl() + LANDING_PATH);
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
			return;
		}
		byte[] body = "other".getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "text/plain");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	String baseUrl() {
		return this.scheme + "://" + Loopback.ADDRESS.getHostAddress() + ":" + this.server.getAddress().getPort();
	}

	long requests() {
		return this.requests.get();
	}

	long authorizationHeaders() {
		return this.authorizationHeaders.get();
	}

	@Override
	public void close() {
		this.closed.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
