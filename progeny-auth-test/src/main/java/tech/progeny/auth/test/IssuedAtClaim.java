package tech.progeny.auth.test;

/**
 * How the fake server sets the {@code iat} (issued at) claim of the tokens it mints, as the servers a client meets
 * do. Chosen with {@link FakeProgenyServer.Builder#issuedAtClaim(IssuedAtClaim)}; {@link #NONE} by default.
 *
 * <p>Whatever the mode, {@code exp} is the server's now plus the token's lifetime, so {@code exp - iat} is the
 * lifetime only for {@link #AT_ISSUE}: a client must not take a token's lifetime from {@code iat}.
 */
public enum IssuedAtClaim {

	/**
	 * No {@code iat} claim in any token, as in Progeny's documented tokens.
	 */
	NONE,

	/**
	 * simplejwt 5.0 to 5.4 (simplejwt issue #778): every token obtained by logging in carries {@code iat} = now, but
	 * a refreshed access token carries the {@code iat} of the refresh token it was made from, because
	 * {@code RefreshToken.access_token} copies every claim of the refresh token but {@code token_type}, {@code exp}
	 * and {@code jti}. With rotation, {@code TokenRefreshSerializer} then gives the rotated refresh token a new
	 * {@code jti}, {@code exp} and {@code iat} = now ({@code set_iat()}), so each access token carries the time of
	 * the previous refresh; without rotation every access token carries the login's {@code iat}.
	 */
	INHERITED_ON_REFRESH,

	/**
	 * simplejwt 5.5 and later (pull request #888): every token, access or refresh, obtained or refreshed, carries
	 * {@code iat} = the time it was issued.
	 */
	AT_ISSUE

}
