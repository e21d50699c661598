package tech.progeny.auth.reliability;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.LoggerFactory;

import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs each test with the project's packages and Spring's HTTP client logging at TRACE,
 * captures everything written to {@code System.out} and {@code System.err}, and fails the
 * test if any watched secret appears in that output or in a recorded exception's message,
 * {@code toString()} or stack trace. Watched secrets: strings a test names and, for each
 * watched fake server, its users' passwords and every token it minted.
 * <p>
 * Tests get the {@link Secrets} through a parameter.
 */
final class SecretLeakExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

	static final List<String> TRACED_LOGGERS = List.of("tech.progeny", "org.springframework.web.client",
			"org.springframework.http", "org.springframework.boot.http", "org.springframework.boot.restclient");

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(SecretLeakExtension.class);

	@Override
	public void beforeEach(ExtensionContext context) {
		Secrets secrets = new Secrets();
		secrets.start();
		context.getStore(NAMESPACE).put(Secrets.class, secrets);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		Secrets secrets = context.getStore(NAMESPACE).remove(Secrets.class, Secrets.class);
		if (secrets != null) {
			secrets.stop();
			secrets.assertNoLeak();
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == Secrets.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return extensionContext.getStore(NAMESPACE).get(Secrets.class, Secrets.class);
	}

	/**
	 * Return the places where any of the secrets occurs in the text, or its signature part
	 * when it is a JWT.
	 * @param text the captured text
	 * @param secrets the secrets
	 * @return a description of each leak, empty when none
	 */
	static List<String> findLeaks(String text, Set<String> secrets) {
		List<String> leaks = new ArrayList<>();
		for (String secret : secrets) {
			for (String needle : needles(secret)) {
				int index = text.indexOf(needle);
				if (index >= 0) {
					leaks.add("secret #" + Math.abs(secret.hashCode() % 10_000) + " (" + secret.length()
							+ " chars) at offset " + index + " near: "
							+ text.substring(Math.max(0, index - 80), index).replace('\n', ' ') + "<SECRET>");
					break;
				}
			}
		}
		return leaks;
	}

	private static List<String> needles(String secret) {
		List<String> needles = new ArrayList<>();
		needles.add(secret);
		String[] parts = secret.split("\\.", -1);
		if (parts.length == 3 && parts[2].length() >= 16) {
			needles.add(parts[2]);
		}
		return needles;
	}

	/**
	 * What one test watches: secrets, fake servers and exceptions; and the output captured
	 * while it runs.
	 */
	static final class Secrets {

		private final Set<String> secrets = new LinkedHashSet<>();

		private final List<FakeProgenyServer> servers = new CopyOnWriteArrayList<>();

		private final List<Supplier<? extends Iterable<String>>> sources = new CopyOnWriteArrayList<>();

		private final List<Throwable> exceptions = new CopyOnWriteArrayList<>();

		private final Map<String, Level> previousLevels = new LinkedHashMap<>();

		private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

		private PrintStream originalOut;

		private PrintStream originalErr;

		/**
		 * Watch the given strings.
		 * @param secrets passwords or tokens
		 * @return these secrets
		 */
		Secrets watch(String... secrets) {
			synchronized (this.secrets) {
				for (String secret : secrets) {
					if (secret != null && !secret.isEmpty()) {
						this.secrets.add(secret);
					}
				}
			}
			return this;
		}

		/**
		 * Watch the strings a source holds when the test ends.
		 * @param source the source, such as a list of tokens a test server issued
		 * @return these secrets
		 */
		Secrets watch(Supplier<? extends Iterable<String>> source) {
			this.sources.add(source);
			return this;
		}

		/**
		 * Watch a fake server's password and, when the test ends, every token it minted.
		 * @param server the server
		 * @return these secrets
		 */
		Secrets watch(FakeProgenyServer server) {
			this.servers.add(server);
			watch(server.password());
			return this;
		}

		/**
		 * Record an exception whose message, {@code toString()} and stack trace must not
		 * hold a secret.
		 * @param exception the exception
		 * @param <T> its type
		 * @return the exception
		 */
		<T extends Throwable> T check(T exception) {
			this.exceptions.add(exception);
			return exception;
		}

		/**
		 * Return what was captured so far.
		 * @return the output
		 */
		String output() {
			synchronized (this.captured) {
				return this.captured.toString(StandardCharsets.UTF_8);
			}
		}

		int secretCount() {
			return allSecrets().size();
		}

		void start() {
			LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
			for (String name : TRACED_LOGGERS) {
				Logger logger = loggers.getLogger(name);
				this.previousLevels.put(name, logger.getLevel());
				logger.setLevel(Level.TRACE);
			}
			this.originalOut = System.out;
			this.originalErr = System.err;
			System.setOut(tee(this.originalOut));
			System.setErr(tee(this.originalErr));
		}

		void stop() {
			System.setOut(this.originalOut);
			System.setErr(this.originalErr);
			LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
			this.previousLevels.forEach((name, level) -> loggers.getLogger(name).setLevel(level));
		}

		private PrintStream tee(PrintStream original) {
			OutputStream tee = new OutputStream() {

				@Override
				public void write(int b) {
					original.write(b);
					synchronized (Secrets.this.captured) {
						Secrets.this.captured.write(b);
					}
				}

				@Override
				public void write(byte[] b, int off, int len) {
					original.write(b, off, len);
					synchronized (Secrets.this.captured) {
						Secrets.this.captured.write(b, off, len);
					}
				}

			};
			return new PrintStream(tee, true, StandardCharsets.UTF_8);
		}

		private Set<String> allSecrets() {
			Set<String> all;
			synchronized (this.secrets) {
				all = new LinkedHashSet<>(this.secrets);
			}
			for (FakeProgenyServer server : this.servers) {
				all.add(server.password());
				all.addAll(server.tokens().issuedTokens());
			}
			for (Supplier<? extends Iterable<String>> source : this.sources) {
				source.get().forEach((secret) -> {
					if (secret != null && !secret.isEmpty()) {
						all.add(secret);
					}
				});
			}
			return all;
		}

		void assertNoLeak() {
			Set<String> all = allSecrets();
			assertThat(findLeaks(output(), all)).as("secrets in the captured output").isEmpty();
			for (Throwable exception : this.exceptions) {
				StringWriter trace = new StringWriter();
				exception.printStackTrace(new PrintWriter(trace));
				String text = exception.getMessage() + "\n" + exception + "\n" + trace;
				assertThat(findLeaks(text, all)).as("secrets in %s", exception.getClass().getName()).isEmpty();
			}
		}

	}

}
