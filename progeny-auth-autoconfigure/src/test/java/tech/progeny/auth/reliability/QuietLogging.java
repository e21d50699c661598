package tech.progeny.auth.reliability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Sets the project's and Spring's loggers to INFO for a load test, so that the suite
 * stays fast, and restores them afterwards.
 */
final class QuietLogging implements AutoCloseable {

	private static final List<String> LOGGERS = List.of("tech.progeny", "org.springframework", "reactor.netty",
			"io.netty", "jdk.internal.httpclient");

	private final Map<String, Level> previous = new LinkedHashMap<>();

	QuietLogging() {
		LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
		for (String name : LOGGERS) {
			Logger logger = loggers.getLogger(name);
			this.previous.put(name, logger.getLevel());
			logger.setLevel(Level.INFO);
		}
	}

	@Override
	public void close() {
		LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
		this.previous.forEach((name, level) -> loggers.getLogger(name).setLevel(level));
	}

}
