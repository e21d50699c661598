package tech.progeny.auth.fleet;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import tech.progeny.auth.support.LocalRedis;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.test.RecordedTokenRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fleet mode across processes: three JVMs of their own ({@link FleetProcess}) share one
 * token through a real {@code redis-server} while calling the fake Progeny, which counts
 * their logins and refreshes.
 */
class FleetProcessesTests {

	@RegisterExtension
	static final LocalRedis redis = new LocalRedis();

	private static final Pattern SUMMARY = Pattern.compile("calls=(\\d+) failures=(\\d+) logins=(\\d+)");

	@Test
	void fleetWhenThreeProcessesCallThenTheyShareOneLoginAndOneRefreshPerExpiry(@TempDir Path logs)
			throws Exception {
		try (FakeProgenyServer progeny = FakeProgenyServer.builder()
			.accessTokenLifetime(Duration.ofSeconds(8))
			.rotateRefreshTokens(true)
			.blacklistAfterRotation(true)
			.start()) {
			List<String> command = new ArrayList<>(List.of(
					Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
					"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
					FleetProcess.class.getName(), "fleet.duration=PT20S", "fleet.threads=4",
					"progeny.auth.store.type=redis", "progeny.auth.connect-timeout=1s",
					"progeny.auth.read-timeout=3s"));
			progeny.properties().forEach((name, value) -> command.add(name + "=" + value));
			redis.properties().forEach((name, value) -> command.add(name + "=" + value));
			List<Process> processes = new ArrayList<>();
			List<File> outputs = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				File output = logs.resolve("instance-" + i + ".log").toFile();
				outputs.add(output);
				processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start());
			}
			long calls = 0;
			long logins = 0;
			try {
				for (int i = 0; i < processes.size(); i++) {
					Process process = processes.get(i);
					assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("instance %d ended", i).isTrue();
					String log = Files.readString(outputs.get(i).toPath(), StandardCharsets.UTF_8);
					assertThat(process.exitValue()).as("instance %d exit value; its output:%n%s", i, log).isZero();
					Matcher summary = SUMMARY.matcher(log);
					assertThat(summary.find()).as("instance %d summary; its output:%n%s", i, log).isTrue();
					calls += Long.parseLong(summary.group(1));
					assertThat(Long.parseLong(summary.group(2))).as("instance %d failed calls:%n%s", i, log).isZero();
					logins += Long.parseLong(summary.group(3));
					assertThat(log).doesNotContain(progeny.password());
				}
			}
			finally {
				processes.forEach(Process::destroyForcibly);
			}
			List<String> refreshBodies = progeny.counters()
				.recordedTokenRequests()
				.stream()
				.filter((request) -> request.endpoint() == ProgenyEndpoint.REFRESH)
				.map(RecordedTokenRequest::body)
				.toList();
			System.out.printf(
					"Three JVMs in fleet mode for 20 s each, 8 s tokens: %d calls; the fake served %d login(s) and %d "
							+ "refreshes (%d distinct refresh tokens), %d rejected, at most %d in flight%n",
					calls, progeny.counters().obtainRequests(), refreshBodies.size(),
					new HashSet<>(refreshBodies).size(), progeny.counters().rejectedRefreshRequests(),
					progeny.counters().maxConcurrentTokenRequests());
			assertThat(calls).isPositive();
			assertThat(progeny.counters().obtainRequests()).isOne();
			assertThat(logins).isOne();
			assertThat(new HashSet<>(refreshBodies)).hasSameSizeAs(refreshBodies);
			assertThat(progeny.counters().rejectedRefreshRequests()).isZero();
			assertThat(progeny.counters().maxConcurrentTokenRequests()).isOne();
			assertThat(refreshBodies).isNotEmpty();
		}
	}

}
