package tech.progeny.auth.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the sample's jar, processed ahead of time by {@code spring-boot:process-aot},
 * with {@code -Dspring.aot.enabled=true} (the bean definitions a native image would use,
 * on the JVM) against the fake Progeny it embeds, with its 20-second tokens, and reads its
 * log until it shows a login and a refresh. A bean missing from the generated context fails the start-up, and
 * this test with it. Run by failsafe after {@code package}.
 */
class AotProcessedSampleTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(180);

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.");

	@Test
	void aotProcessedSampleLogsInAndRefreshesAgainstTheEmbeddedFake() throws Exception {
		Path jar = Path.of(System.getProperty("sample.jar", "target/progeny-auth-sample-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).exists();
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-Dspring.aot.enabled=true", "-jar", jar.toString(),
				"--server.port=0", "--sample.interval=500ms")
			.redirectErrorStream(true)
			.start();
		List<String> log = new CopyOnWriteArrayList<>();
		Thread reader = new Thread(() -> read(process, log), "aot-sample-log");
		reader.setDaemon(true);
		reader.start();
		try {
			await().atMost(TIMEOUT)
				.until(() -> !process.isAlive() || (contains(log, "Logged in: access token")
						&& contains(log, "New access token") && contains(log, "refresh token rotated")));
			assertThat(process.isAlive()).as(() -> "the AOT-processed sample stopped:\n" + String.join("\n", log))
				.isTrue();
			assertThat(contains(log, "Starting AOT-processed SampleApplication")).as("started from AOT artifacts")
				.isTrue();
			RestClient actuator = RestClient.create("http://127.0.0.1:" + port(log));
			String health = actuator.get().uri("/actuator/health/progeny").retrieve().body(String.class);
			assertThat(health).contains("\"status\":\"UP\"");
			String token = actuator.get().uri("/actuator/progeny").retrieve().body(String.class);
			assertThat(token).contains("\"logins\":1", "\"type\":\"in-memory\"")
				.doesNotContain(FakeProgenyServer.DEFAULT_PASSWORD)
				.doesNotContainPattern(JWT);
		}
		finally {
			// SIGTERM through the handle leaves the output open for the shutdown's lines
			process.toHandle().destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
			reader.join(TimeUnit.SECONDS.toMillis(10));
		}
		log.stream()
			.filter((line) -> line.contains("AOT-processed") || line.contains("Logged in")
					|| line.contains("New access token"))
			.limit(3)
			.forEach(System.out::println);
		String output = String.join("\n", log);
		assertThat(output).contains("progenyRestClient 200, ProgenyDemoApi 200")
			.doesNotContain("failed (")
			.doesNotContain(FakeProgenyServer.DEFAULT_PASSWORD)
			.doesNotContainPattern(JWT);
		Files.writeString(Path.of(jar.getParent().toString(), "aot-processed-sample.log"), output);
	}

	private static void read(Process process, List<String> log) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				log.add(line);
			}
		}
		catch (IOException ex) {
			// closed by a forced stop: what was read is kept
		}
	}

	private static boolean contains(List<String> log, String text) {
		return log.stream().anyMatch((line) -> line.contains(text));
	}

	private static int port(List<String> log) {
		for (String line : log) {
			Matcher matcher = PORT.matcher(line);
			if (matcher.find()) {
				return Integer.parseInt(matcher.group(1));
			}
		}
		throw new IllegalStateException("No 'Tomcat started on port' in the log");
	}

}
