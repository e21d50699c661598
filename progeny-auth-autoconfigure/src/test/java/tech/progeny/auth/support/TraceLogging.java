package tech.progeny.auth.support;

import java.util.LinkedHashMap;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Turns TRACE logging on for the project's packages and Spring's HTTP client, and back
 * to what it was.
 */
public final class TraceLogging implements AutoCloseable {

	private static final String[] LOGGERS = { "tech.progeny", "org.springframework.web.client",
			"org.springframework.http", "org.springframework.web.client.DefaultRestClient" };

	private final Map<Logger, Level> previous = new LinkedHashMap<>();

	private TraceLogging() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		for (String name : LOGGERS) {
			Logger logger = context.getLogger(name);
			this.previous.put(logger, logger.getLevel());
			logger.setLevel(Level.TRACE);
		}
	}

	public static TraceLogging enable() {
		return new TraceLogging();
	}

	@Override
	public void close() {
		this.previous.forEach(Logger::setLevel);
	}

}
