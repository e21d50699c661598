package tech.progeny.auth.token;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * What every way into Progeny's API needs of the token lifecycle: the seam between the
 * clients that send tokens ({@code ProgenyAuthInterceptor}, the reactive exchange filter,
 * the Spring Security bridge) and the {@link ProgenyTokenProvider} that keeps them.
 * <p>
 * Implementations are thread-safe. {@link #freshAuthorizationHeader()} is the hot path:
 * it reads one volatile field and takes no lock, reads no clock and makes no request.
 */
public interface ProgenyTokenSource {

	/**
	 * Return the {@code Authorization} header value of the current token if it is fresh,
	 * without any request, wait, lock or clock read.
	 * @return {@code Bearer} and the access token, or {@code null} if no fresh token is
	 * held
	 */
	@Nullable String freshAuthorizationHeader();

	/**
	 * Return the {@code Authorization} header value to send, logging in or refreshing
	 * first if needed. The calling thread waits, at most for the token calls' timeouts.
	 * @return {@code Bearer} and a usable access token
	 * @throws tech.progeny.auth.client.ProgenyAuthException if no usable token can be had
	 */
	String authorizationHeader();

	/**
	 * Return the {@code Authorization} header value to send once a usable token is
	 * there, without blocking the calling thread: the future is completed by the single
	 * token exchange in flight (shared by every caller), or at once when a usable token
	 * is held. Cancelling the returned future does not cancel the exchange.
	 * @return a future of {@code Bearer} and a usable access token, completed
	 * exceptionally with a {@link tech.progeny.auth.client.ProgenyAuthException} if no
	 * usable token can be had
	 */
	CompletableFuture<String> authorizationHeaderAsync();

	/**
	 * Return the current token, logging in or refreshing first if needed. The calling
	 * thread waits, as for {@link #authorizationHeader()}.
	 * @return a usable token
	 * @throws tech.progeny.auth.client.ProgenyAuthException if no usable token can be had
	 */
	ProgenyToken token();

	/**
	 * Return the current token once a usable one is there, without blocking the calling
	 * thread, as {@link #authorizationHeaderAsync()} does for its header value.
	 * Cancelling the returned future does not cancel the exchange.
	 * @return a future of a usable token, completed exceptionally with a
	 * {@link tech.progeny.auth.client.ProgenyAuthException} if no usable token can be had
	 */
	CompletableFuture<ProgenyToken> tokenAsync();

	/**
	 * Mark the token sent with the given header as rejected by the API, but only if it
	 * is still the current one, so that many concurrent rejections of one token cause a
	 * single new exchange.
	 * @param authorizationHeader the {@code Authorization} value that the API rejected
	 * @return {@code true} if the current token was invalidated
	 */
	boolean invalidate(String authorizationHeader);

	/**
	 * Return the lifecycle's state, for health checks, metrics and the actuator
	 * endpoint. Makes no request and holds no secret.
	 * @return the status
	 */
	ProgenyTokenStatus status();

}
