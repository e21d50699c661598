package tech.progeny.auth.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import redis.embedded.core.ExecutableProvider;

/**
 * Finds a {@code redis-server} that runs on this machine, in this order: the path in the
 * system property {@value #PROPERTY} or the environment variable {@value #VARIABLE};
 * {@code redis-server} on the {@code PATH} (the system's, such as Debian's, which CI
 * installs); the real binary that {@code com.github.codemonstur:embedded-redis} ships for
 * this operating system and architecture, so that a machine with nothing but a JDK runs
 * the Redis tests. Without one, tests fail: they are never skipped.
 */
public final class RedisServerBinary {

	/**
	 * System property that names a {@code redis-server} to use.
	 */
	public static final String PROPERTY = "progeny.test.redis-server";

	/**
	 * Environment variable that names a {@code redis-server} to use.
	 */
	public static final String VARIABLE = "PROGENY_TEST_REDIS_SERVER";

	private static volatile @Nullable RedisServerBinary found;

	private final Path path;

	private final String version;

	private RedisServerBinary(Path path, String version) {
		this.path = path;
		this.version = version;
	}

	/**
	 * Return the binary to run, found once per JVM.
	 * @return the binary
	 * @throws IllegalStateException if no {@code redis-server} runs here, naming what was
	 * tried
	 */
	public static RedisServerBinary find() {
		RedisServerBinary binary = found;
		if (binary == null) {
			synchronized (RedisServerBinary.class) {
				binary = found;
				if (binary == null) {
					binary = search();
					found = binary;
				}
			}
		}
		return binary;
	}

	private static RedisServerBinary search() {
		List<String> tried = new ArrayList<>();
		String configured = System.getProperty(PROPERTY, System.getenv(VARIABLE));
		if (configured != null && !configured.isBlank()) {
			RedisServerBinary binary = probe(Path.of(configured), tried);
			if (binary != null) {
				return binary;
			}
		}
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (!directory.isEmpty()) {
				Path candidate = Path.of(directory, "redis-server");
				if (Files.isExecutable(candidate)) {
					RedisServerBinary binary = probe(candidate, tried);
					if (binary != null) {
						return binary;
					}
				}
			}
		}
		try {
			File embedded = ExecutableProvider.newJarResourceProvider().get();
			RedisServerBinary binary = probe(embedded.toPath(), tried);
			if (binary != null) {
				return binary;
			}
		}
		catch (IOException | RuntimeException ex) {
			tried.add("embedded-redis's binary for " + System.getProperty("os.name") + "/"
					+ System.getProperty("os.arch") + ": " + ex);
		}
		throw new IllegalStateException("No redis-server runs on this machine, so the Redis tests cannot run. Tried: "
				+ String.join("; ", tried) + ". Install one (apt-get install -y redis-server) or set -D" + PROPERTY
				+ " to its path.");
	}

	private static @Nullable RedisServerBinary probe(Path path, List<String> tried) {
		try {
			Process process = new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
				String text = new String(output, StandardCharsets.UTF_8);
				int start = text.indexOf("v=");
				String version = (start >= 0) ? text.substring(start + 2).split("\\s")[0] : "unknown";
				return new RedisServerBinary(path, version);
			}
			process.destroyForcibly();
			tried.add(path + ": exit " + (process.isAlive() ? "none" : process.exitValue()) + " "
					+ new String(output, StandardCharsets.UTF_8).trim());
		}
		catch (IOException ex) {
			tried.add(path + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			tried.add(path + ": interrupted");
		}
		return null;
	}

	/**
	 * Return the path of the binary.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Return the server's version, such as {@code 6.2.11}.
	 * @return the version
	 */
	public String version() {
		return this.version;
	}

	@Override
	public String toString() {
		return "redis-server " + this.version + " at " + this.path;
	}

}
