package tech.progeny.auth.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.web.client.RestClient;

import tech.progeny.auth.client.ProgenyOrigin;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.reliability.SecretLeakExtension.Secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 9 problem 7: a password in the base URL's user information is never printed,
 * whichever way the client is made and whatever else is wrong with the URL: not in the
 * start-up failure, its analysis or the log, nor in the exceptions of
 * {@link ProgenyTokenClient} and {@link ProgenyOrigin}.
 */
@ExtendWith(SecretLeakExtension.class)
class BaseUrlUserInfoTests {

	private static final String PASSWORD = "us3r1nfo-Pa55word";

	@ParameterizedTest
	@ValueSource(strings = { "https://clinic:" + PASSWORD + "@be.progeny.tech",
			"ftp://clinic:" + PASSWORD + "@be.progeny.tech", "http://clinic:" + PASSWORD + "@10.0.0.5:8000",
			"https://clinic:" + PASSWORD + "@", "https://clinic:" + PASSWORD + "@be.progeny.tech/a b",
			"https://clinic:p@" + PASSWORD + "@be.progeny.tech", "//clinic:" + PASSWORD + "@be.progeny.tech" })
	void startUpWhenBaseUrlCarriesUserInfoThenFailsWithoutPrintingIt(String baseUrl, Secrets secrets) {
		secrets.watch(PASSWORD);
		ProgenyContextRunners.runner()
			.withPropertyValues("progeny.auth.base-url=" + baseUrl, "progeny.auth.username=clinic",
					"progeny.auth.password=other-secret")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(stackTrace(context.getStartupFailure())).contains("progeny.auth.base-url")
					.doesNotContain(PASSWORD);
				secrets.check(context.getStartupFailure());
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://clinic:" + PASSWORD + "@be.progeny.tech",
			"http://clinic:" + PASSWORD + "@10.0.0.5:8000", "ftp://clinic:" + PASSWORD + "@be.progeny.tech",
			"https://clinic:" + PASSWORD + "@" })
	void tokenClientWhenBaseUrlCarriesUserInfoThenRejectsItWithoutPrintingIt(String baseUrl, Secrets secrets) {
		secrets.watch(PASSWORD);
		URI uri = URI.create(baseUrl);
		Throwable created = catchThrowable(() -> ProgenyTokenClient.create(uri, Duration.ofSeconds(1),
				Duration.ofSeconds(1)));
		Throwable constructed = catchThrowable(() -> new ProgenyTokenClient(RestClient.create(), uri, true));
		Throwable origin = catchThrowable(() -> ProgenyOrigin.of(uri));
		assertThat(created).isInstanceOf(IllegalArgumentException.class);
		assertThat(constructed).isInstanceOf(IllegalArgumentException.class);
		assertThat(stackTrace(created) + stackTrace(constructed)).doesNotContain(PASSWORD);
		if (origin != null) {
			assertThat(stackTrace(origin)).doesNotContain(PASSWORD);
		}
	}

	private static String stackTrace(Throwable failure) {
		StringWriter writer = new StringWriter();
		failure.printStackTrace(new PrintWriter(writer));
		return writer.toString();
	}

}
