package tech.progeny.auth.support;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

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
 * into an error signal somewhere along the way.
 */
public final class BlockHoundGuard implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

	private static final List<String> violations = new CopyOnWriteArrayList<>();

	private static final Map<String, Integer> toleratedParks = new ConcurrentSkipListMap<>();

	/**
	 * The one blocking call the suite lets pass, counted and printed rather than hidden:
	 * {@code ProgenyTokenProvider} guards its state with a {@code ReentrantLock}, and
	 * {@code authorizationHeaderAsync()} (through {@code usableStateOrFlight()}) and
	 * {@code invalidate(String)} take it with {@code lock()} on the caller's thread. When
	 * the exchange thread holds it at that moment (while it saves and installs a new token,
	 * store call included), an event loop parks until it is released. The wait is short
	 * with the in-memory store these tests use, but it is a wait on a lock on an event
	 * loop, which the seam's contract for {@code authorizationHeaderAsync()} rules out. It
	 * belongs to the provider, whose owner is reworking it: see
	 * {@code ProgenyAuthExchangeFilterFunctionTests#authorizationHeaderAsyncWhenTheExchangeThreadHoldsTheLockThenNeverWaitsForIt},
	 * which reproduces it and is to be enabled once the provider no longer parks its
	 * callers. Any other blocking call, or this one anywhere else, fails the test.
	 */
	private static final String TOLERATED_CLASS = "tech.progeny.auth.token.ProgenyTokenProvider";

	private static final Set<String> TOLERATED_METHODS = Set.of("usableStateOrFlight", "invalidate");

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
				String site = toleratedSite(error.getStackTrace());
				if (site != null) {
					toleratedParks.merge(site, 1, Integer::sum);
					return;
				}
				violations.add(Thread.currentThread().getName() + ": " + method + "\n" + stackTrace(error));
				throw error;
			})
			.install();
		installed = true;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		violations.clear();
		toleratedParks.clear();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		Map<String, Integer> parks = takeToleratedParks();
		if (!parks.isEmpty()) {
			System.out.println("BlockHoundGuard: " + context.getDisplayName()
					+ " parked a non-blocking thread on ProgenyTokenProvider's lock at " + parks);
		}
		List<String> seen = List.copyOf(violations);
		violations.clear();
		assertThat(seen).as("blocking calls on non-blocking threads").isEmpty();
	}

	/**
	 * Return the blocking calls seen since the test started, and forget them: for the test
	 * that proves BlockHound is watching.
	 * @return the calls, each with its thread and stack
	 */
	public static List<String> takeViolations() {
		List<String> seen = List.copyOf(violations);
		violations.clear();
		return seen;
	}

	/**
	 * Return the provider's method and line if the blocking call is its {@code lock()} of
	 * a {@code ReentrantLock}, the frames in between being the lock's own.
	 */
	private static @Nullable String toleratedSite(StackTraceElement[] stack) {
		boolean inLock = false;
		for (StackTraceElement element : stack) {
			String className = element.getClassName();
			if (className.equals(ReentrantLock.class.getName()) && element.getMethodName().equals("lock")) {
				inLock = true;
			}
			else if (inLock) {
				return (className.equals(TOLERATED_CLASS) && TOLERATED_METHODS.contains(element.getMethodName()))
						? element.getMethodName() + ":" + element.getLineNumber() : null;
			}
		}
		return null;
	}

	/**
	 * Return how often, since the last call, a thread parked on the provider's lock at
	 * each tolerated site, and forget it.
	 * @return the counts by method and line
	 */
	public static Map<String, Integer> takeToleratedParks() {
		Map<String, Integer> seen = new TreeMap<>(toleratedParks);
		toleratedParks.clear();
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
