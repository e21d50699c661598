package tech.progeny.auth.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Installs BlockHound once per JVM, with the integrations on the class path (Reactor's,
 * Reactor Netty's and Netty's, which mark their event loops and Reactor's
 * {@code parallel} and {@code single} schedulers as non-blocking), and fails each test
 * during which a blocking call happened on a non-blocking thread, even when the
 * {@link BlockingOperationError} that BlockHound throws there was swallowed or turned
 * into an error signal somewhere along the way. Nothing is let pass: a thread that parks
 * on a lock counts as one that sleeps.
 */
public final class BlockHoundGuard implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

	private static final List<String> violations = new CopyOnWriteArrayList<>();

	private static volatile boolean installed;

	@Override
	public void beforeAll(ExtensionContext context) {
		install();
	}

	private static synchronized void install() {
		if (installed) {
			return;
		}
		BlockHound.builder()
			.loadIntegrations()
			.blockingMethodCallback((method) -> {
				BlockingOperationError error = new BlockingOperationError(method);
				violations.add(Thread.currentThread().getName() + ": " + method + "\n" + stackTrace(error));
				throw error;
			})
			.install();
		installed = true;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		violations.clear();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		List<String> seen = List.copyOf(violations);
		violations.clear();
		assertThat(seen).as("blocking calls on non-blocking threads").isEmpty();
	}

	/**
	 * Return the blocking calls seen since the test started, and forget them: for the
	 * tests that prove BlockHound is watching, and those that check a step of their own.
	 * @return the calls, each with its thread and stack
	 */
	public static List<String> takeViolations() {
		List<String> seen = List.copyOf(violations);
		violations.clear();
		return seen;
	}

	private static String stackTrace(Throwable error) {
		StringBuilder trace = new StringBuilder();
		for (StackTraceElement element : error.getStackTrace()) {
			trace.append("\tat ").append(element).append('\n');
		}
		return trace.toString();
	}

}
