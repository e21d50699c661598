package tech.progeny.auth.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU time the JVM's threads use from a snapshot on, summed over the threads whose
 * names start with given prefixes: how the storms tell the client's share of a refresh's
 * work from the in-process token server's, which run on the same cores.
 */
final class ThreadCpu {

	/**
	 * The threads that work only on the client's token requests: the provider's exchange
	 * and timer threads, the JDK {@code HttpClient}'s selector and workers, and Reactor
	 * Netty's event loops (in the storms, only token requests go over the network). The
	 * thread Spring's {@code JdkClientHttpRequestFactory} starts to write each request
	 * body on has ended before it could be counted, so on the JDK client the sum is a
	 * lower bound.
	 */
	static final List<String> CLIENT_REFRESH = List.of("progeny-auth-", "HttpClient-", "reactor-http-");

	/**
	 * The threads of the two token servers: {@code MockWebServer}'s (the fake Progeny) and
	 * {@link OAuth2TokenEndpoint}'s.
	 */
	static final List<String> TOKEN_SERVER = List.of("MockWebServer", "oauth2-token-endpoint", "HTTP-Dispatcher");

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final Map<Long, Long> start;

	private ThreadCpu(Map<Long, Long> start) {
		this.start = start;
	}

	/**
	 * Take a snapshot of the CPU time of every live thread.
	 * @return the snapshot
	 */
	static ThreadCpu snapshot() {
		Map<Long, Long> cpu = new HashMap<>();
		for (long id : threads.getAllThreadIds()) {
			cpu.put(id, Math.max(0, threads.getThreadCpuTime(id)));
		}
		return new ThreadCpu(cpu);
	}

	/**
	 * Return the CPU time that the live threads whose names start with one of the prefixes
	 * used since the snapshot (all of it for threads started since). A thread that ended in
	 * between is not counted.
	 * @param prefixes the prefixes of the threads' names
	 * @return the CPU time in nanoseconds
	 */
	long nanosSince(List<String> prefixes) {
		long total = 0;
		for (long id : threads.getAllThreadIds()) {
			ThreadInfo info = threads.getThreadInfo(id);
			long now = threads.getThreadCpuTime(id);
			if (info != null && now >= 0 && prefixes.stream().anyMatch(info.getThreadName()::startsWith)) {
				total += now - this.start.getOrDefault(id, 0L);
			}
		}
		return total;
	}

}
