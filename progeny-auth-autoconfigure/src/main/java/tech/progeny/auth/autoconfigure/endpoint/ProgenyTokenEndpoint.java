package tech.progeny.auth.autoconfigure.endpoint;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.util.Assert;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.token.ProgenyToken;
import tech.progeny.auth.token.ProgenyTokenSource;
import tech.progeny.auth.token.ProgenyTokenStatus;
import tech.progeny.auth.token.ProgenyTokenStatus.Phase;

/**
 * {@link Endpoint @Endpoint} {@code progeny}: the state of the Progeny token, read from
 * {@link ProgenyTokenSource#status()} without a request of its own, and a write
 * operation that invalidates the current token. It never shows a token or a password:
 * a token is named by the end of its {@code jti}.
 * <p>
 * Like every actuator endpoint but {@code health}, it is not exposed over HTTP unless
 * the application exposes it ({@code management.endpoints.web.exposure.include=progeny}).
 * {@code GET /actuator/progeny} answers:
 *
 * <pre class="code">
 * {
 *   "phase": "FRESH",
 *   "expiresAt": "2026-12-01T10:04:59Z",
 *   "tokenId": "9f3c1a2b",
 *   "activity": { "logins": 1, "refreshes": 3, "failures": 0, "invalidations": 0,
 *                 "lastLoginAt": "2026-12-01T09:44:00Z", "lastRefreshAt": "2026-12-01T09:59:59Z" },
 *   "store": { "type": "in-memory", "reachable": true, "leaseHolder": false }
 * }
 * </pre>
 *
 * {@code lastFailure} ({@code type} and {@code message}) is added while the latest
 * token request failed. {@code POST /actuator/progeny} invalidates the current token,
 * for example after the password was rotated: the next request that needs a token makes
 * one exchange with Progeny, shared by every caller. Applications that want the read
 * operation only set {@code management.endpoint.progeny.access=read-only}.
 */
@Endpoint(id = "progeny")
public final class ProgenyTokenEndpoint {

	private final ProgenyTokenSource tokenSource;

	/**
	 * Create a new endpoint.
	 * @param tokenSource the token lifecycle whose state to show
	 */
	public ProgenyTokenEndpoint(ProgenyTokenSource tokenSource) {
		Assert.notNull(tokenSource, "tokenSource cannot be null");
		this.tokenSource = tokenSource;
	}

	/**
	 * Return the state of the token. Makes no request.
	 * @return the descriptor of the token's state
	 */
	@ReadOperation
	public ProgenyTokenDescriptor token() {
		return ProgenyTokenDescriptor.of(this.tokenSource.status());
	}

	/**
	 * Invalidate the current token, if there is a usable one, so that the next request
	 * that needs a token makes one new exchange with Progeny. Makes no request itself.
	 * @return whether a token was invalidated, and the state afterwards
	 */
	@WriteOperation
	public InvalidationDescriptor invalidate() {
		boolean invalidated = invalidateCurrentToken();
		return new InvalidationDescriptor(invalidated, ProgenyTokenDescriptor.of(this.tokenSource.status()));
	}

	private boolean invalidateCurrentToken() {
		if (!this.tokenSource.status().phase().isUsable()) {
			return false;
		}
		String header = this.tokenSource.freshAuthorizationHeader();
		if (header == null) {
			// stale: still usable and held, so token() answers without an exchange
			ProgenyToken token = this.tokenSource.token();
			header = "Bearer " + token.accessToken();
		}
		return this.tokenSource.invalidate(header);
	}

	/**
	 * The state of the Progeny token, without the token.
	 *
	 * @param phase the phase of the current token
	 * @param expiresAt when the current access token expires, or {@code null} without one
	 * @param tokenId the end of the current access token's {@code jti}, or {@code null}
	 * @param lastFailure the failure of the latest token request, or {@code null}
	 * @param activity the counts and times of logins, refreshes, failures and
	 * invalidations (tokens that the API rejected, or that this endpoint invalidated)
	 * @param store the store the token is kept in, whether it is reachable, and whether
	 * this instance holds the fleet's lease
	 */
	public record ProgenyTokenDescriptor(Phase phase, @Nullable Instant expiresAt, @Nullable String tokenId,
			@Nullable FailureDescriptor lastFailure, ProgenyTokenStatus.Activity activity,
			ProgenyTokenStatus.Store store) implements OperationResponseBody {

		static ProgenyTokenDescriptor of(ProgenyTokenStatus status) {
			ProgenyAuthException failure = status.lastFailure();
			return new ProgenyTokenDescriptor(status.phase(), status.expiresAt(), status.tokenId(),
					(failure != null) ? FailureDescriptor.of(failure) : null, status.activity(), status.store());
		}

	}

	/**
	 * A failed token request: its type and its message, which carries the server's own
	 * words and never a token or password.
	 *
	 * @param type the simple name of the {@link ProgenyAuthException} type
	 * @param message its message
	 */
	public record FailureDescriptor(String type, @Nullable String message) {

		static FailureDescriptor of(ProgenyAuthException failure) {
			return new FailureDescriptor(failure.getClass().getSimpleName(), failure.getMessage());
		}

	}

	/**
	 * The outcome of {@link #invalidate()}.
	 *
	 * @param invalidated whether a usable token was held and invalidated ({@code false}
	 * without one, or when a refresh replaced it meanwhile)
	 * @param token the state of the token afterwards
	 */
	public record InvalidationDescriptor(boolean invalidated,
			ProgenyTokenDescriptor token) implements OperationResponseBody {

	}

}
