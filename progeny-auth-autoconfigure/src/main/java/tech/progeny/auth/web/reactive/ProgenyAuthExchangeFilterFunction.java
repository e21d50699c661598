package tech.progeny.auth.web.reactive;

import java.net.URI;
import java.util.OptionalLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import tech.progeny.auth.client.ProgenyChallenge;
import tech.progeny.auth.client.ProgenyOrigin;
import tech.progeny.auth.client.ProgenyTokenEndpoints;
import tech.progeny.auth.token.ProgenyTokenSource;

/**
 * {@link ExchangeFilterFunction} that sends {@code Authorization: Bearer} with a fresh
 * Progeny access token on every request to Progeny's origin, without blocking the thread
 * it runs on: the reactive twin of {@code ProgenyAuthInterceptor}.
 * <p>
 * Requests to any other scheme, host or port pass through untouched, as do requests that
 * already carry an {@code Authorization} header and requests to the token endpoints, so
 * the filter can sit on a shared builder, and applying it twice is harmless.
 *
 * <pre class="code">
 * WebClient webClient = WebClient.builder()
 *     .baseUrl("https://be.progeny.tech")
 *     .filter(new ProgenyAuthExchangeFilterFunction(tokenProvider, URI.create("https://be.progeny.tech")))
 *     .build();
 * </pre>
 *
 * <h2>Threads</h2> The token is read when the exchange is subscribed to, not when it is
 * assembled, and again on every re-subscription. While the token is fresh that is one
 * volatile read. Otherwise the exchange subscribes to
 * {@link ProgenyTokenSource#authorizationHeaderAsync()}, which completes at once with a
 * token that is still usable, or with the one token exchange in flight that every waiting
 * caller shares. Nothing sleeps, waits or blocks. Cancelling a request cancels only its
 * own wait: the token exchange goes on for the others. When a caller waited, its request
 * goes on on the thread that completed the token exchange.
 *
 * <h2>Failures</h2> When the API answers 401 with {@code "code":"token_not_valid"}, or
 * with no {@code code} at all, or 403 with {@code "code":"token_not_valid"} (see
 * {@link ProgenyChallenge}), the token is stale: the answer's body is read (at most
 * {@value ProgenyChallenge#MAX_BODY_BYTES} bytes) and released, the token is invalidated
 * if it is still the current one, a fresh token is fetched and the request is replayed
 * once. The answer to the replay goes back to the caller as it is; there is no loop. Any
 * other 401 or 403, such as {@code user_inactive}, goes back to the caller with its
 * status, headers and body as they came (the body is re-created from the bytes read). A
 * 401 or 403 with a {@code Content-Length} above that limit is not read and goes back
 * untouched; one of unknown length whose body turns out larger fails with a
 * {@link DataBufferLimitException} when its body is read. When no token can be had, the
 * exchange fails with the {@link tech.progeny.auth.client.ProgenyAuthException} of the
 * token source.
 *
 * <h2>Request bodies</h2> A replay sends the bytes of the first send again; it never
 * writes the request's {@link org.springframework.web.reactive.function.BodyInserter}
 * a second time. A body from {@code bodyValue}, form data, multipart data or a resource
 * could be written again, but a body from a {@code Publisher} is subscribed to again when
 * written again ({@code ClientRequest.from(request)} keeps the inserter), and a
 * publisher that can be subscribed to only once (a unicast sink, a server request's body
 * relayed as it arrives) or whose data buffers were released on the first write could
 * not be sent twice. Keeping the bytes makes every body of up to
 * {@value ReplayableBody#MAX_BYTES} bytes replayable. These requests are <em>not</em>
 * replayed, and the 401 goes back to the caller: a body larger than that, a streamed
 * body ({@code writeAndFlushWith}), and a body that was still being written when the
 * answer came. Requests to Progeny's origin that have a body are copied as they go out
 * to allow this.
 */
public final class ProgenyAuthExchangeFilterFunction implements ExchangeFilterFunction {

	private static final Log logger = LogFactory.getLog(ProgenyAuthExchangeFilterFunction.class);

	/**
	 * The header's name in lower case: {@code HttpHeaders} looks names up lower-cased, and
	 * lower-casing a lower-case name allocates nothing.
	 */
	private static final String AUTHORIZATION_KEY = "authorization";

	private static final byte[] NO_BYTES = new byte[0];

	/**
	 * Stands for a body over the limit; compared by identity.
	 */
	private static final byte[] TOO_LARGE = new byte[0];

	private final ProgenyTokenSource tokenSource;

	private final ProgenyOrigin origin;

	/**
	 * Create a new filter.
	 * @param tokenSource the source of tokens
	 * @param baseUrl Progeny's base URL; only requests to its origin are authenticated
	 */
	public ProgenyAuthExchangeFilterFunction(ProgenyTokenSource tokenSource, URI baseUrl) {
		Assert.notNull(tokenSource, "tokenSource cannot be null");
		this.tokenSource = tokenSource;
		this.origin = ProgenyOrigin.of(baseUrl);
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		URI url = request.url();
		if (!this.origin.matches(url) || ProgenyTokenEndpoints.contains(url)
				|| request.headers().containsHeader(AUTHORIZATION_KEY)) {
			return next.exchange(request);
		}
		return Mono.defer(() -> {
			String fresh = this.tokenSource.freshAuthorizationHeader();
			if (fresh != null) {
				return exchange(request, next, fresh);
			}
			return authorizationHeader().flatMap((authorization) -> exchange(request, next, authorization));
		});
	}

	/**
	 * Return the header value to send without blocking: at once when the token is fresh,
	 * otherwise when the shared token exchange completes. Cancelling the returned Mono
	 * never cancels a future the source may share between callers.
	 */
	private Mono<String> authorizationHeader() {
		String fresh = this.tokenSource.freshAuthorizationHeader();
		return (fresh != null) ? Mono.just(fresh) : Mono.fromFuture(this.tokenSource::authorizationHeaderAsync, true);
	}

	private Mono<ClientResponse> exchange(ClientRequest request, ExchangeFunction next, String authorization) {
		ReplayableBody body = ReplayableBody.of(request);
		return next.exchange(authorized(request, authorization, body.recording()))
			.flatMap((response) -> ProgenyChallenge.mayRejectToken(response.statusCode().value())
					? challenged(request, next, authorization, body, response) : Mono.just(response));
	}

	private Mono<ClientResponse> challenged(ClientRequest request, ExchangeFunction next, String authorization,
			ReplayableBody body, ClientResponse response) {
		OptionalLong length = response.headers().contentLength();
		if (length.isPresent() && length.getAsLong() > ProgenyChallenge.MAX_BODY_BYTES) {
			return Mono.just(response);
		}
		int status = response.statusCode().value();
		return readChallenge(response).flatMap((challenge) -> {
			if (challenge == TOO_LARGE) {
				return Mono.just(withBody(response, Flux.error(() -> new DataBufferLimitException("Progeny answered "
						+ status + " with a body larger than " + ProgenyChallenge.MAX_BODY_BYTES + " bytes"))));
			}
			if (!ProgenyChallenge.isStaleToken(status, challenge)) {
				return Mono.just(withBody(response, challenge));
			}
			this.tokenSource.invalidate(authorization);
			if (!body.isReplayable()) {
				if (logger.isDebugEnabled()) {
					logger.debug("Progeny answered " + status + " to " + request.method() + " " + path(request)
							+ " with a stale token; its body cannot be sent again, so it is not replayed");
				}
				return Mono.just(withBody(response, challenge));
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Progeny answered " + status + " to " + request.method() + " " + path(request)
						+ " with a stale token; replaying it once with a new token");
			}
			return authorizationHeader().flatMap((fresh) -> next.exchange(authorized(request, fresh, body.replay())));
		});
	}

	/**
	 * Read and release the body of a 401 or 403, up to the limit.
	 * @return the bytes, or {@link #TOO_LARGE}
	 */
	private static Mono<byte[]> readChallenge(ClientResponse response) {
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), ProgenyChallenge.MAX_BODY_BYTES)
			.map(ProgenyAuthExchangeFilterFunction::bytes)
			.defaultIfEmpty(NO_BYTES)
			.onErrorResume(DataBufferLimitException.class, (ex) -> Mono.just(TOO_LARGE));
	}

	private static ClientRequest authorized(ClientRequest request, String authorization,
			BodyInserter<?, ? super ClientHttpRequest> body) {
		return ClientRequest.from(request)
			.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, authorization))
			.body(body)
			.build();
	}

	private static ClientResponse withBody(ClientResponse response, byte[] body) {
		return withBody(response,
				(body.length == 0) ? Flux.empty() : Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body))));
	}

	/**
	 * Return the response with another body; the transforming variant, because the
	 * replacing one would subscribe to the body already read, to release it.
	 */
	private static ClientResponse withBody(ClientResponse response, Flux<DataBuffer> body) {
		return response.mutate().body((read) -> body).build();
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static String path(ClientRequest request) {
		return request.url().getRawPath();
	}

	@Override
	public String toString() {
		return "ProgenyAuthExchangeFilterFunction[" + this.origin + "]";
	}

}
