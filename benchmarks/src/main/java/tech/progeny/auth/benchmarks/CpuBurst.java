package tech.progeny.auth.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A control for the expiry storms: a thread that, every token lifetime, does what a
 * refresh does to the CPU and nothing else. It burns half the given CPU time, parks for
 * the token endpoints' delay, burns the other half, and records the whole as a token
 * call, so that the storm's windows "near a refresh" fall around it, while the callers'
 * token stays fresh and nothing else changes. Its thread's name starts with
 * {@code progeny-auth-}, so {@link ThreadCpu} counts it as the client's refresh work.
 */
final class CpuBurst implements AutoCloseable {

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final Thread thread;

	private volatile boolean running = true;

	private long sink;

	/**
	 * Start bursting.
	 * @param cpu the CPU time of one burst, both halves together
	 * @param every the time from one burst to the next
	 * @param recorder where each burst is recorded as a token call
	 */
	CpuBurst(Duration cpu, Duration every, TokenCallRecorder recorder) {
		this.thread = new Thread(() -> run(cpu.toNanos() / 2, every.toNanos(), recorder), "progeny-auth-burst");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void run(long halfNanos, long everyNanos, TokenCallRecorder recorder) {
		long next = System.nanoTime() + everyNanos;
		while (this.running) {
			LockSupport.parkNanos(next - System.nanoTime());
			if (!this.running) {
				return;
			}
			long start = System.nanoTime();
			burn(halfNanos);
			LockSupport.parkNanos(ExpiryStorm.TOKEN_DELAY.toNanos());
			burn(halfNanos);
			recorder.record(start, System.nanoTime());
			next += everyNanos;
		}
	}

	private void burn(long nanos) {
		long until = threads.getCurrentThreadCpuTime() + nanos;
		while (threads.getCurrentThreadCpuTime() < until) {
			this.sink += System.nanoTime();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		LockSupport.unpark(this.thread);
		this.thread.join();
	}

}
