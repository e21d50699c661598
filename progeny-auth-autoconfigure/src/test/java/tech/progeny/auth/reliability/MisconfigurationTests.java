package tech.progeny.auth.reliability;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every invalid combination of {@code progeny.auth.*} properties fails at start-up with a
 * failure analysis that names the property and shows no password; the valid edges start.
 */
class MisconfigurationTests {

	private static final String PASSWORD = "m1sconf-Pa55word";

	private static final List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
		.load(FailureAnalyzer.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
		}));

	private final ApplicationContextRunner runner = ProgenyContextRunners.runner()
		.withPropertyValues("progeny.auth.base-url=http://127.0.0.1:9", "progeny.auth.username=clinic",
				"progeny.auth.password=" + PASSWORD);

	static Stream<Arguments> invalid() {
		return Stream.of(arguments("progeny.auth.username", List.of("progeny.auth.username=")),
				arguments("progeny.auth.username", List.of("progeny.auth.username=   ")),
				arguments("progeny.auth.password", List.of("progeny.auth.password=")),
				arguments("progeny.auth.base-url", List.of("progeny.auth.base-url=")),
				arguments("progeny.auth.base-url", List.of("progeny.auth.base-url=ftp://be.progeny.tech")),
				arguments("progeny.auth.base-url", List.of("progeny.auth.base-url=not a url")),
				arguments("progeny.auth.base-url", List.of("progeny.auth.base-url=/api/v3")),
				arguments("progeny.auth.base-url", List.of("progeny.auth.base-url=http://be.progeny.tech")),
				arguments("progeny.auth.base-url",
						List.of("progeny.auth.base-url=http://10.0.0.5:8000", "progeny.auth.allow-insecure-http=false")),
				arguments("progeny.auth.base-url",
						List.of("progeny.auth.base-url=https://clinic:" + PASSWORD + "@be.progeny.tech")),
				arguments("progeny.auth.connect-timeout", List.of("progeny.auth.connect-timeout=0")),
				arguments("progeny.auth.connect-timeout", List.of("progeny.auth.connect-timeout=-1s")),
				arguments("progeny.auth.connect-timeout", List.of("progeny.auth.connect-timeout=soon")),
				arguments("progeny.auth.read-timeout", List.of("progeny.auth.read-timeout=0s")),
				arguments("progeny.auth.read-timeout", List.of("progeny.auth.read-timeout=-10s")),
				arguments("progeny.auth.refresh-ahead", List.of("progeny.auth.refresh-ahead=0")),
				arguments("progeny.auth.refresh-ahead", List.of("progeny.auth.refresh-ahead=-60s")),
				arguments("progeny.auth.must-refresh-margin", List.of("progeny.auth.must-refresh-margin=-1s")),
				arguments("progeny.auth.fallback-lifetime", List.of("progeny.auth.fallback-lifetime=0")),
				arguments("progeny.auth.fallback-lifetime", List.of("progeny.auth.fallback-lifetime=-5m")),
				arguments("progeny.auth.refresh-ahead",
						List.of("progeny.auth.refresh-ahead=10s", "progeny.auth.must-refresh-margin=15s")),
				arguments("progeny.auth.refresh-ahead",
						List.of("progeny.auth.refresh-ahead=15s", "progeny.auth.must-refresh-margin=15s")),
				arguments("progeny.auth.allow-insecure-http", List.of("progeny.auth.allow-insecure-http=maybe")),
				arguments("progeny.auth.customize-clients", List.of("progeny.auth.customize-clients=sometimes")),
				arguments("progeny.auth.http-service-group", List.of("progeny.auth.http-service-group= ")));
	}

	@ParameterizedTest(name = "{1} fails naming {0}")
	@MethodSource("invalid")
	void invalidPropertiesFailAtStartUpWithAnAnalysisNamingTheProperty(String property, List<String> values) {
		this.runner.withPropertyValues(values.toArray(String[]::new)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis).as("a failure analysis of %s", context.getStartupFailure()).isNotNull();
			assertThat(analysis.getDescription()).contains(property);
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(PASSWORD);
			assertThat(String.valueOf(context.getStartupFailure())).doesNotContain(PASSWORD);
		});
	}

	static Stream<Arguments> validEdges() {
		return Stream.of(arguments(List.of("progeny.auth.must-refresh-margin=0")),
				arguments(List.of("progeny.auth.refresh-ahead=16s", "progeny.auth.must-refresh-margin=15s")),
				arguments(List.of("progeny.auth.base-url=http://localhost:8000")),
				arguments(List.of("progeny.auth.base-url=http://[::1]:8000")),
				arguments(List.of("progeny.auth.base-url=http://be.progeny.tech",
						"progeny.auth.allow-insecure-http=true")),
				arguments(List.of("progeny.auth.connect-timeout=1ms", "progeny.auth.read-timeout=1ms")),
				arguments(List.of("progeny.auth.enabled=false", "progeny.auth.username=",
						"progeny.auth.connect-timeout=-1s")));
	}

	@ParameterizedTest(name = "{0} starts")
	@MethodSource("validEdges")
	void validEdgesStart(List<String> values) {
		this.runner.withPropertyValues(values.toArray(String[]::new))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	static FailureAnalysis analyze(Throwable failure) {
		return analyzers.stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
	}

}
