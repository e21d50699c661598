package tech.progeny.auth.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.IssuedTokens;

/**
 * Answers a token client's requests itself, as the last interceptor of its
 * {@code RestClient}, without sending anything: after the token endpoints' delay it
 * issues a new pair from the fake Progeny's own token issuer, so that the tokens are
 * judged on the fake's clock as usual. The HTTP client and the fake's server threads
 * then do no work on a refresh, and what is left of a refresh's CPU is the lifecycle's
 * own, the {@code RestClient}'s, the JSON's and the signing of the new pair. An
 * attribution experiment, not a stand-in for Progeny.
 */
final class InProcessTokenEndpoint implements ClientHttpRequestInterceptor {

	private final FakeProgenyServer server;

	private final Duration delay;

	InProcessTokenEndpoint(FakeProgenyServer server, Duration delay) {
		this.server = server;
		this.delay = delay;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution) {
		LockSupport.parkNanos(this.delay.toNanos());
		IssuedTokens tokens = this.server.tokens().issue(this.server.username());
		byte[] json = JsonMapper.shared()
			.writeValueAsBytes(Map.of("access", tokens.access(), "refresh", tokens.refresh()));
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.setContentLength(json.length);
		headers.setDate(tokens.issuedAt());
		return new OkResponse(headers, json);
	}

}
