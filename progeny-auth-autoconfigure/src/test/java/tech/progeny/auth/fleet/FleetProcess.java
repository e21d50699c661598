package tech.progeny.auth.fleet;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One instance of a fleet in a JVM of its own, for {@link FleetProcessesTests}: starts a
 * {@link FleetInstance} with the {@code name=value} arguments as properties, gets its
 * first token (so that a cold JVM's class loading is not counted), calls the fake
 * Progeny's API from a few threads for {@code fleet.duration}, prints
 * {@code calls=N failures=M logins=L} and exits.
 */
public final class FleetProcess {

	private FleetProcess() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> properties = new LinkedHashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			properties.put(arg.substring(0, equals), arg.substring(equals + 1));
		}
		Duration duration = Duration.parse(properties.remove("fleet.duration"));
		int threads = Integer.parseInt(properties.remove("fleet.threads"));
		try (FleetInstance instance = FleetInstance.start(properties)) {
			// the first token: a login by the first process, adopted from Redis by the others
			instance.provider().token();
			try (FleetLoad load = new FleetLoad(Duration.ofMillis(10))) {
				load.add(instance, threads);
				Thread.sleep(duration.toMillis());
				load.close();
				System.out.println("calls=" + load.calls() + " failures=" + load.failures() + " logins="
						+ instance.provider().status().activity().logins() + " reasons=" + load.failureReasons());
			}
		}
		System.exit(0);
	}

}
