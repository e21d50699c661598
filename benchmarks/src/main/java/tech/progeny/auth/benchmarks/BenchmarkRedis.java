package tech.progeny.auth.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import redis.embedded.RedisServer;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A real {@code redis-server} (the binary that {@code embedded-redis} ships) on a free
 * loopback port, without persistence, and Lettuce connection factories of their own for
 * each instance of a benchmarked fleet.
 */
final class BenchmarkRedis implements AutoCloseable {

	private final int port;

	private final RedisServer server;

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private final StringRedisTemplate admin;

	BenchmarkRedis() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.port = socket.getLocalPort();
		}
		this.server = RedisServer.newRedisServer()
			.port(this.port)
			.bind("127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		this.server.start();
		this.admin = new StringRedisTemplate(newConnectionFactory());
	}

	/**
	 * Return a new, started connection factory, as one instance of an application has.
	 * @return the factory, destroyed by {@link #close()} or {@link #destroy}
	 */
	LettuceConnectionFactory newConnectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.port));
		factory.afterPropertiesSet();
		factory.start();
		synchronized (this.factories) {
			this.factories.add(factory);
		}
		return factory;
	}

	/**
	 * Destroy a factory from {@link #newConnectionFactory()}, as a stopped instance does.
	 * @param factory the factory
	 */
	void destroy(RedisConnectionFactory factory) {
		synchronized (this.factories) {
			this.factories.remove(factory);
		}
		((LettuceConnectionFactory) factory).destroy();
	}

	/**
	 * Return how many commands the server has run since it started or since
	 * {@link #resetCommandStats()}, from {@code INFO commandstats}, not counting
	 * {@code INFO} and {@code CONFIG} themselves.
	 * @return the count
	 */
	long commands() {
		Properties stats = this.admin.execute(
				(RedisCallback<Properties>) (connection) -> connection.serverCommands().info("commandstats"));
		long total = 0;
		for (String name : stats.stringPropertyNames()) {
			if (name.startsWith("cmdstat_") && !name.equals("cmdstat_info") && !name.startsWith("cmdstat_config")) {
				String value = stats.getProperty(name);
				int start = value.indexOf("calls=") + "calls=".length();
				int end = value.indexOf(',', start);
				total += Long.parseLong(value.substring(start, (end > 0) ? end : value.length()));
			}
		}
		return total;
	}

	/**
	 * Zero the server's command statistics ({@code CONFIG RESETSTAT}).
	 */
	void resetCommandStats() {
		this.admin.execute((RedisCallback<Void>) (connection) -> {
			connection.serverCommands().resetConfigStats();
			return null;
		});
	}

	/**
	 * Remove every key.
	 */
	void flushAll() {
		this.admin.execute((RedisCallback<Void>) (connection) -> {
			connection.serverCommands().flushAll();
			return null;
		});
	}

	@Override
	public void close() throws IOException {
		synchronized (this.factories) {
			this.factories.forEach(LettuceConnectionFactory::destroy);
			this.factories.clear();
		}
		this.server.stop();
	}

}
