package tech.progeny.auth.token;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.client.ProgenyCredentialsSupplier;
import tech.progeny.auth.client.ProgenyMalformedResponseException;
import tech.progeny.auth.client.ProgenyRequestRejectedException;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.client.ProgenyTokenRejectedException;
import tech.progeny.auth.client.ProgenyTokenResponse;

/**
 * The two token requests: a refresh, which follows rotation, and a login with the
 * credentials that the supplier gives at that moment, held off after refusals both in
 * this process and, through the store, across a fleet. Every token it returns can still
 * be used. It counts what succeeded in the {@link LifecycleActivity}.
 */
final class TokenExchange {

	private static final Log logger = LogFactory.getLog(TokenExchange.class);

	private final ProgenyTokenClient client;

	private final ProgenyCredentialsSupplier credentialsSupplier;

	private final ProgenyTokenSettings settings;

	private final LoginHoldOff loginHoldOff;

	private final GuardedStore store;

	private final LifecycleTime time;

	private final LifecycleActivity activity;

	TokenExchange(ProgenyTokenClient client, ProgenyCredentialsSupplier credentialsSupplier,
			ProgenyTokenSettings settings, LoginHoldOff loginHoldOff, GuardedStore store, LifecycleTime time,
			LifecycleActivity activity) {
		this.client = client;
		this.credentialsSupplier = credentialsSupplier;
		this.settings = settings;
		this.loginHoldOff = loginHoldOff;
		this.store = store;
		this.time = time;
		this.activity = activity;
	}

	/**
	 * Whether the token's refresh token can still be sent.
	 * @param token the token
	 * @return {@code true} if it has one that is not known to have expired
	 */
	boolean canRefresh(ProgenyToken token) {
		return token.canRefresh(this.time.now());
	}

	/**
	 * Refresh the given token. A response without a new refresh token keeps the old one.
	 * @param current the token to refresh, which {@link #canRefresh(ProgenyToken) can be
	 * refreshed}
	 * @return the new token, or {@code null} if Progeny refused the refresh token
	 */
	@Nullable ProgenyToken refresh(ProgenyToken current) {
		String refreshToken = current.refreshToken();
		Assert.state(refreshToken != null, "No refresh token");
		try {
			ProgenyToken refreshed = usable(this.client.refresh(refreshToken)).withRefreshTokenOf(current);
			this.activity.refreshed(this.time.now());
			return refreshed;
		}
		catch (ProgenyTokenRejectedException | ProgenyRequestRejectedException ex) {
			logger.info("Progeny refused to refresh " + current + " (" + ex.getMessage() + ")");
			return null;
		}
	}

	/**
	 * Log in with the supplier's credentials, unless logins are held off, here or across
	 * the fleet. A refusal holds logins off for the next step of the fleet's schedule.
	 * @return the new token
	 * @throws ProgenyCredentialsRejectedException if the credentials are refused, now or
	 * recently
	 */
	ProgenyToken login() {
		ProgenyCredentials credentials = this.credentialsSupplier.getCredentials();
		Assert.state(credentials != null, "ProgenyCredentialsSupplier returned null");
		ProgenyAuthException heldOff = this.loginHoldOff.check(credentials, this.time.tick());
		if (heldOff != null) {
			throw heldOff;
		}
		ProgenyLoginHoldOff fleet = this.store.loginHoldOff();
		if (fleet.isActive()) {
			ProgenyCredentialsRejectedException refusal = new ProgenyCredentialsRejectedException(
					"Logins are held off for " + fleet.remaining() + " after Progeny refused the credentials of user '"
							+ credentials.username() + "' on another instance (" + fleet.refusals()
							+ " refusal(s) in a row)");
			this.loginHoldOff.holdOff(credentials, refusal, fleet, this.time.tick());
			throw refusal;
		}
		ProgenyToken token;
		try {
			token = usable(this.client.obtain(credentials));
		}
		catch (ProgenyCredentialsRejectedException | ProgenyRequestRejectedException ex) {
			ProgenyLoginHoldOff holdOff = this.store.holdOffLogins(this.loginHoldOff.next(credentials, fleet));
			this.loginHoldOff.holdOff(credentials, ex, holdOff, this.time.tick());
			logger.warn("Progeny refused the login of user '" + credentials.username() + "' (" + ex.getMessage()
					+ "); holding logins off for " + holdOff.remaining() + " (" + holdOff.refusals()
					+ " refusal(s) in a row)");
			throw ex;
		}
		this.activity.loggedIn(this.time.now());
		if (this.loginHoldOff.reset() || fleet.refusals() > 0) {
			this.store.holdOffLogins(ProgenyLoginHoldOff.NONE);
		}
		return token;
	}

	private ProgenyToken usable(ProgenyTokenResponse response) {
		ProgenyToken token = ProgenyToken.from(response, this.settings.fallbackLifetime());
		if (!this.time.now().isBefore(TokenTimeline.unusableAt(token, this.settings))) {
			throw new ProgenyMalformedResponseException(
					"Progeny issued " + token + ", which expires before it can be used", null);
		}
		return token;
	}

}
