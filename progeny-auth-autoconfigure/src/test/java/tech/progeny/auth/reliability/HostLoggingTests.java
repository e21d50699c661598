package tech.progeny.auth.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpRequest;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import tech.progeny.auth.client.ProgenyCredentialsSupplier;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.reliability.SecretLeakExtension.Secrets;
import tech.progeny.auth.support.ManualTaskScheduler;
import tech.progeny.auth.test.AdjustableClock;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;
import tech.progeny.auth.token.ProgenyTokenStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9 (a): a host application whose {@link RestClientCustomizer} and
 * {@link RestTemplateCustomizer} log every request and response (line, headers and body,
 * as Logbook and similar libraries do) sees its own traffic to Progeny, but no token
 * request and no token: the output of a login, several refreshes with rotation and a 401
 * replay holds no password and no token.
 */
@ExtendWith(SecretLeakExtension.class)
class HostLoggingTests {

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private static final int REFRESHES = 3;

	private static final AdjustableClock clock = AdjustableClock.at(Instant.parse("2026-03-01T10:00:00Z"));

	@Test
	void loggingHostClientsWhenTokensAreObtainedRefreshedAndReplayedThenNoSecretIsLogged(Secrets secrets) {
		try (FakeProgenyServer server = FakeProgenyServer.builder()
			.clock(clock)
			.accessTokenLifetime(LIFETIME)
			.rotateRefreshTokens(true)
			.blacklistAfterRotation(true)
			.start()) {
			secrets.watch(server);
			ProgenyContextRunners.hostRunner()
				.withUserConfiguration(LoggingHostConfiguration.class)
				.withPropertyValues(ProgenyContextRunners.properties(server.properties()))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					RestClient hostClient = context.getBean(RestClient.Builder.class).build();
					RestTemplate hostTemplate = context.getBean(RestTemplateBuilder.class).build();
					RestClient progenyRestClient = context.getBean("progenyRestClient", RestClient.class);
					String ping = server.baseUrl() + FakeProgenyServer.PING_PATH;
					String echo = server.baseUrl() + FakeProgenyServer.ECHO_PATH;
					hostClient.get().uri(ping).retrieve().toBodilessEntity();
					for (int i = 0; i < REFRESHES; i++) {
						// into the must-refresh margin: the next call waits for one refresh
						context.getBean(ManualTaskScheduler.class).advance(LIFETIME.minusSeconds(10));
						hostClient.post().uri(echo).contentType(MediaType.APPLICATION_JSON).body("{\"visit\":" + i + "}").retrieve().toBodilessEntity();
						hostTemplate.getForEntity(ping, String.class);
						progenyRestClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity();
					}
					server.faults()
						.failNext(ProgenyEndpoint.API, 1, CannedResponse.accessTokenNotValid());
					hostClient.post().uri(echo).contentType(MediaType.APPLICATION_JSON).body("{\"replayed\":true}").retrieve().toBodilessEntity();
				});
			assertThat(server.counters().refreshRequests()).isGreaterThanOrEqualTo(REFRESHES);
			assertThat(server.counters().obtainRequests()).isGreaterThanOrEqualTo(1);
		}
		List<String> logged = LoggingInterceptor.lines;
		assertThat(logged).as("the host logged its own Progeny calls").anyMatch((line) -> line.contains("/demo/echo/"));
		assertThat(logged).as("the host logged the replayed call").anyMatch((line) -> line.contains("replayed"));
		assertThat(logged).as("no token request passed through the host's interceptors")
			.noneMatch((line) -> line.contains(ProgenyTokenClient.OBTAIN_PATH)
					|| line.contains(ProgenyTokenClient.REFRESH_PATH));
		assertThat(logged).noneMatch((line) -> line.toLowerCase().contains("bearer"));
		assertThat(secrets.output()).contains("host-http");
	}

	/**
	 * Logs every request and response it sees, headers and bodies included.
	 */
	static final class LoggingInterceptor implements ClientHttpRequestInterceptor {

		static final List<String> lines = new CopyOnWriteArrayList<>();

		private static final Log logger = LogFactory.getLog("host-http");

		@Override
		public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
				throws IOException {
			log("--> " + request.getMethod() + " " + request.getURI() + " " + request.getHeaders() + " "
					+ new String(body, StandardCharsets.UTF_8));
			ClientHttpResponse response = execution.execute(request, body);
			log("<-- " + response.getStatusCode() + " " + response.getHeaders());
			return response;
		}

		private static void log(String line) {
			lines.add(line);
			logger.info(line);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LoggingHostConfiguration {

		@Bean
		RestClientCustomizer loggingRestClientCustomizer() {
			return (builder) -> builder.requestInterceptor(new LoggingInterceptor());
		}

		@Bean
		RestTemplateCustomizer loggingRestTemplateCustomizer() {
			return (restTemplate) -> restTemplate.getInterceptors().add(new LoggingInterceptor());
		}

		@Bean
		ManualTaskScheduler manualTaskScheduler() {
			return new ManualTaskScheduler(clock);
		}

		@Bean
		ProgenyTokenProvider progenyTokenProvider(ProgenyTokenClient tokenClient,
				ProgenyCredentialsSupplier credentialsSupplier, ProgenyTokenStore tokenStore,
				ManualTaskScheduler scheduler) {
			tokenClient.setClock(clock);
			ProgenyTokenProvider provider = new ProgenyTokenProvider(tokenClient, credentialsSupplier, tokenStore,
					ProgenyTokenSettings.defaults().withMaxJitter(0));
			provider.setClock(clock);
			provider.setTaskScheduler(scheduler);
			return provider;
		}

	}

}
