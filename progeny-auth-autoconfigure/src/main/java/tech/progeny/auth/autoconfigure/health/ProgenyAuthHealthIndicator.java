package tech.progeny.auth.autoconfigure.health;

import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.token.ProgenyTokenSource;
import tech.progeny.auth.token.ProgenyTokenStatus;
import tech.progeny.auth.token.ProgenyTokenStatus.Phase;

/**
 * Health of the Progeny token, read from {@link ProgenyTokenSource#status()} without a
 * request of its own: {@code UNKNOWN} until a token is needed, {@code UP} while a usable
 * token is held, {@code DOWN} when the latest token request failed and no usable token
 * remains, for example because the credentials were rejected. Its details hold the phase,
 * expiry and id of the token, the failure's message and the store (its type, whether it
 * answered its latest call, whether this instance holds the fleet's lease), never a token
 * or password.
 */
public final class ProgenyAuthHealthIndicator extends AbstractHealthIndicator {

	private final ProgenyTokenSource tokenSource;

	/**
	 * Create a new indicator.
	 * @param tokenSource the token source whose state to report
	 */
	public ProgenyAuthHealthIndicator(ProgenyTokenSource tokenSource) {
		super("Progeny token health check failed");
		Assert.notNull(tokenSource, "tokenSource cannot be null");
		this.tokenSource = tokenSource;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ProgenyTokenStatus status = this.tokenSource.status();
		ProgenyAuthException failure = status.lastFailure();
		if (status.phase().isUsable()) {
			builder.up();
		}
		else if (failure != null) {
			builder.down();
		}
		else {
			builder.unknown();
		}
		builder.withDetail("phase", status.phase().name());
		if (status.expiresAt() != null) {
			builder.withDetail("expiresAt", status.expiresAt().toString());
		}
		if (status.tokenId() != null) {
			builder.withDetail("tokenId", status.tokenId());
		}
		if (failure != null) {
			builder.withDetail("failure", failure.getClass().getSimpleName());
			builder.withDetail("reason", String.valueOf(failure.getMessage()));
		}
		if (status.phase() == Phase.NONE && failure == null) {
			builder.withDetail("reason", "No token has been requested yet");
		}
		ProgenyTokenStatus.Store store = status.store();
		builder.withDetail("store", Map.of("type", store.type(), "reachable", store.reachable(), "leaseHolder",
				store.leaseHolder()));
	}

}
