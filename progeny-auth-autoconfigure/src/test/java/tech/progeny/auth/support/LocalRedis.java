package tech.progeny.auth.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A real {@code redis-server} process on a free loopback port, for tests: started before
 * the test class, emptied before each test, killed after the class. Tests can
 * {@link #stop()} it and {@link #start()} it again on the same port (empty, as after a
 * crash without persistence), and {@link #hang()} it (SIGSTOP: connections stay open, no
 * command is answered) until {@link #resume()}.
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final LocalRedis redis = new LocalRedis();
 * </pre>
 *
 * The binary comes from {@link RedisServerBinary}; without one the tests fail, never skip.
 */
public final class LocalRedis
		implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final List<LettuceConnectionFactory> connectionFactories = new ArrayList<>();

	private final Deque<String> output = new ArrayDeque<>();

	private @Nullable Process process;

	private @Nullable Path directory;

	private int port;

	private boolean hung;

	private @Nullable LettuceConnectionFactory adminFactory;

	private @Nullable StringRedisTemplate admin;

	@Override
	public void beforeAll(ExtensionContext context) {
		start();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		if (this.hung) {
			resume();
		}
		start();
		flushAll();
	}

	/**
	 * Remove every key.
	 */
	public void flushAll() {
		admin().execute((RedisCallback<Void>) (connection) -> {
			connection.serverCommands().flushAll();
			return null;
		});
	}

	@Override
	public void afterEach(ExtensionContext context) {
		closeConnectionFactories();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		close();
	}

	/**
	 * Start the server: on a free port the first time, on the same port afterwards.
	 * @return this instance
	 */
	public synchronized LocalRedis start() {
		if (isRunning()) {
			return this;
		}
		try {
			if (this.directory == null) {
				this.directory = Files.createTempDirectory("progeny-redis");
			}
			if (this.port == 0) {
				this.port = freePort();
			}
			RedisServerBinary binary = RedisServerBinary.find();
			Process started = new ProcessBuilder(binary.path().toString(), "--port", String.valueOf(this.port),
					"--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir",
					this.directory.toString(), "--loglevel", "notice")
				.redirectErrorStream(true)
				.start();
			CountDownLatch ready = new CountDownLatch(1);
			Thread reader = new Thread(() -> drain(started, ready), "local-redis-output-" + this.port);
			reader.setDaemon(true);
			reader.start();
			if (!ready.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				started.destroyForcibly();
				throw new IllegalStateException(binary + " did not start on port " + this.port + ": " + output());
			}
			this.process = started;
			this.hung = false;
			Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "local-redis-kill-" + this.port));
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void drain(Process started, CountDownLatch ready) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				synchronized (this.output) {
					this.output.addLast(line);
					if (this.output.size() > 50) {
						this.output.removeFirst();
					}
				}
				if (line.contains("Ready to accept connections")) {
					ready.countDown();
				}
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	private String output() {
		synchronized (this.output) {
			return String.join("\n", this.output);
		}
	}

	/**
	 * Kill the server (SIGKILL), as a crash would; its data is gone.
	 */
	public synchronized void stop() {
		Process running = this.process;
		if (running != null) {
			running.destroyForcibly();
			try {
				running.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.process = null;
			this.hung = false;
		}
	}

	/**
	 * Freeze the server (SIGSTOP): it keeps its connections but answers nothing.
	 */
	public synchronized void hang() {
		signal("STOP");
		this.hung = true;
	}

	/**
	 * Let a frozen server go on (SIGCONT).
	 */
	public synchronized void resume() {
		signal("CONT");
		this.hung = false;
	}

	private void signal(String signal) {
		Process running = this.process;
		if (running == null) {
			throw new IllegalStateException("redis-server is not running");
		}
		try {
			Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + running.pid()).inheritIO()
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("Could not send SIG" + signal + " to redis-server " + running.pid());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Whether the server process is alive.
	 * @return {@code true} if it runs (or is frozen)
	 */
	public synchronized boolean isRunning() {
		Process running = this.process;
		return running != null && running.isAlive();
	}

	/**
	 * Return the server's port, the same across restarts.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the properties that point Spring Boot at this server.
	 * @return {@code spring.data.redis.host} and {@code .port}
	 */
	public Map<String, String> properties() {
		return Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", String.valueOf(this.port));
	}

	/**
	 * Return the properties that point Spring Boot at this server, as
	 * {@code name=value} pairs.
	 * @return the pairs
	 */
	public String[] propertyValues() {
		return properties().entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
	}

	/**
	 * Return a new, started Lettuce connection factory of its own, configured as Spring
	 * Boot configures one by default (Lettuce's command timeout of 60 s); closed after the
	 * test.
	 * @return the factory
	 */
	public synchronized LettuceConnectionFactory newConnectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.port));
		factory.afterPropertiesSet();
		factory.start();
		this.connectionFactories.add(factory);
		return factory;
	}

	/**
	 * Return a template on a connection of its own, for inspecting the server.
	 * @return the template
	 */
	public synchronized StringRedisTemplate admin() {
		if (this.admin == null) {
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", this.port));
			factory.afterPropertiesSet();
			factory.start();
			this.adminFactory = factory;
			this.admin = new StringRedisTemplate(factory);
		}
		return this.admin;
	}

	@Override
	public synchronized void close() {
		if (this.hung) {
			resume();
		}
		closeConnectionFactories();
		if (this.adminFactory != null) {
			this.adminFactory.destroy();
		}
		this.admin = null;
		this.adminFactory = null;
		stop();
		if (this.directory != null) {
			try {
				Files.deleteIfExists(this.directory);
			}
			catch (IOException ex) {
				// a temporary directory
			}
		}
	}

	private synchronized void closeConnectionFactories() {
		for (LettuceConnectionFactory factory : this.connectionFactories) {
			factory.destroy();
		}
		this.connectionFactories.clear();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	@Override
	public String toString() {
		return "LocalRedis[port=" + this.port + ", running=" + isRunning() + "]";
	}

}
