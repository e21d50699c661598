package tech.progeny.auth.sample;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientException;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.test.FakeProgenyCounters;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.ProgenyToken;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenStatus;

/**
 * Every {@code sample.interval}, reads the demo path through both clients of
 * {@link ProgenyDemoService} and through {@code progenyWebClient}, and logs the outcome with what is not secret about the
 * token: its id, phase and expiry, the {@code progeny} health status, and, against the
 * embedded fake, how many logins and refreshes it has served. A new access token and a
 * rotated refresh token get a line of their own. Tokens and passwords are never logged.
 */
@Component
public final class ProgenyDemoLoop {

	private static final Log logger = LogFactory.getLog(ProgenyDemoLoop.class);

	private final ProgenyDemoService demoService;

	private final WebClient progenyWebClient;

	private final ProgenyTokenProvider tokenProvider;

	private final ObjectProvider<HealthEndpoint> healthEndpoint;

	private final ObjectProvider<FakeProgenyServer> fakeProgeny;

	private final AtomicLong rounds = new AtomicLong();

	private final AtomicLong successfulCalls = new AtomicLong();

	private final AtomicLong failedCalls = new AtomicLong();

	private final AtomicLong refreshTokenRotations = new AtomicLong();

	// Only read and written by the scheduled method, one round at a time
	private @Nullable ProgenyToken lastToken;

	ProgenyDemoLoop(ProgenyDemoService demoService, @Qualifier("progenyWebClient") WebClient progenyWebClient,
			ProgenyTokenProvider tokenProvider, ObjectProvider<HealthEndpoint> healthEndpoint,
			ObjectProvider<FakeProgenyServer> fakeProgeny) {
		this.demoService = demoService;
		this.progenyWebClient = progenyWebClient;
		this.tokenProvider = tokenProvider;
		this.healthEndpoint = healthEndpoint;
		this.fakeProgeny = fakeProgeny;
	}

	/**
	 * Runs one round of demo calls and logs it.
	 */
	@Scheduled(initialDelayString = "1s", fixedDelayString = "${sample.interval:2s}")
	public void callProgeny() {
		long round = this.rounds.incrementAndGet();
		String restClient = call(this.demoService::readWithRestClient);
		String httpService = call(this.demoService::readWithHttpService);
		String webClient = call(this::readWithWebClient);
		logger.info("Call " + round + ": GET " + this.demoService.demoPath() + " -> progenyRestClient " + restClient
				+ ", ProgenyDemoApi " + httpService + ", progenyWebClient " + webClient + " | " + describe(this.tokenProvider.status()) + " | health "
				+ progenyHealth() + fakeProgenyCounters());
		reportNewToken();
	}

	/**
	 * Demo calls answered with a 2xx status so far.
	 * @return the count
	 */
	public long successfulCalls() {
		return this.successfulCalls.get();
	}

	/**
	 * Demo calls that failed so far, with an error status or an exception.
	 * @return the count
	 */
	public long failedCalls() {
		return this.failedCalls.get();
	}

	/**
	 * How many times a new access token came with a new refresh token.
	 * @return the count
	 */
	public long refreshTokenRotations() {
		return this.refreshTokenRotations.get();
	}

	/**
	 * Reads the demo path with {@code progenyWebClient}, which authenticates it without
	 * blocking. A reactive application would return the {@code Mono}; this servlet sample
	 * waits for it on its scheduler thread.
	 */
	private HttpStatusCode readWithWebClient() {
		return this.progenyWebClient.get()
			.uri(this.demoService.demoPath())
			.retrieve()
			.toBodilessEntity()
			.map(ResponseEntity::getStatusCode)
			.block(Duration.ofSeconds(30));
	}

	private String call(Supplier<HttpStatusCode> request) {
		try {
			HttpStatusCode status = request.get();
			(status.is2xxSuccessful() ? this.successfulCalls : this.failedCalls).incrementAndGet();
			return String.valueOf(status.value());
		}
		catch (RestClientException | WebClientException | ProgenyAuthException ex) {
			// neither carries a token or a password in its message
			this.failedCalls.incrementAndGet();
			return "failed (" + ex.getMessage() + ")";
		}
	}

	private void reportNewToken() {
		if (!this.tokenProvider.status().phase().isUsable()) {
			return;
		}
		ProgenyToken token;
		try {
			token = this.tokenProvider.token();
		}
		catch (ProgenyAuthException ex) {
			return;
		}
		ProgenyToken previous = this.lastToken;
		this.lastToken = token;
		if (previous == null) {
			logger.info("Logged in: access token " + id(token) + " expires at " + seconds(token.expiresAt()));
		}
		else if (!Objects.equals(previous.id(), token.id()) || !previous.expiresAt().equals(token.expiresAt())) {
			// Compare the refresh tokens, never print them
			boolean rotated = !Objects.equals(previous.refreshToken(), token.refreshToken());
			if (rotated) {
				this.refreshTokenRotations.incrementAndGet();
			}
			logger.info("New access token " + id(token) + " (was " + id(previous) + "), expires at "
					+ seconds(token.expiresAt()) + "; refresh token " + (rotated ? "rotated" : "kept"));
		}
	}

	private static String describe(ProgenyTokenStatus status) {
		Instant expiresAt = status.expiresAt();
		if (expiresAt == null) {
			return "token " + status.phase();
		}
		long seconds = Duration.between(Instant.now(), expiresAt).toSeconds();
		String id = (status.tokenId() != null) ? "..." + status.tokenId() : "(no id)";
		return "token " + id + " " + status.phase() + ", expires in " + seconds + " s";
	}

	private static Instant seconds(Instant instant) {
		return instant.truncatedTo(ChronoUnit.SECONDS);
	}

	private static String id(ProgenyToken token) {
		return (token.id() != null) ? "..." + token.id() : "(no id)";
	}

	private String progenyHealth() {
		HealthEndpoint endpoint = this.healthEndpoint.getIfAvailable();
		HealthDescriptor health = (endpoint != null) ? endpoint.healthForPath("progeny") : null;
		return (health != null) ? health.getStatus().getCode() : "n/a";
	}

	private String fakeProgenyCounters() {
		FakeProgenyServer server = this.fakeProgeny.getIfAvailable();
		if (server == null) {
			return "";
		}
		FakeProgenyCounters counters = server.counters();
		return " | fake Progeny: " + counters.obtainRequests() + " login(s), " + counters.refreshRequests()
				+ " refresh(es)";
	}

}
