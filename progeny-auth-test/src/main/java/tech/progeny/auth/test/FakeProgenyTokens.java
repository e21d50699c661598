package tech.progeny.auth.test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Mints and inspects tokens exactly as the fake server issues them, for tests that need a token without a round
 * trip, or need to know when one expires.
 *
 * <pre>
 * IssuedTokens tokens = server.tokens().issue(FakeProgenyServer.DEFAULT_USERNAME);
 * Instant expiry = server.tokens().expiresAt(tokens.access()); // same as tokens.accessExpiresAt()
 * Instant iat = server.tokens().issuedAt(tokens.access()); // null in the default IssuedAtClaim.NONE mode
 * String stale = server.tokens().issue(FakeProgenyServer.DEFAULT_USERNAME, clock.instant().minus(Duration.ofHours(1)))
 *         .access();
 * </pre>
 */
public final class FakeProgenyTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JsonWebTokenCodec codec;

	private final Clock clock;

	private final Duration accessTokenLifetime;

	private final Duration refreshTokenLifetime;

	private final FakeProgenyUsers users;

	private final IssuedAtClaim issuedAtClaim;

	private final Set<String> blacklistedIds = ConcurrentHashMap.newKeySet();

	private final Queue<String> issued = new ConcurrentLinkedQueue<>();

	FakeProgenyTokens(JsonWebTokenCodec codec, Clock clock, Duration accessTokenLifetime,
			Duration refreshTokenLifetime, IssuedAtClaim issuedAtClaim, FakeProgenyUsers users) {
		this.codec = codec;
		this.clock = clock;
		this.accessTokenLifetime = accessTokenLifetime;
		this.refreshTokenLifetime = refreshTokenLifetime;
		this.users = users;
		this.issuedAtClaim = issuedAtClaim;
	}

	/**
	 * Issues a token pair for a user now, as a successful obtain would (the user may be inactive).
	 * @param username an existing user
	 * @return the tokens
	 */
	public IssuedTokens issue(String username) {
		return issue(username, this.clock.instant());
	}

	/**
	 * Issues a token pair for a user as if obtained at the given instant; a past instant gives expired tokens.
	 * @param username an existing user
	 * @param issuedAt the issue instant
	 * @return the tokens
	 */
	public IssuedTokens issue(String username, Instant issuedAt) {
		Objects.requireNonNull(issuedAt, "issuedAt must not be null");
		return issueFor(this.users.require(username).userId(), issuedAt);
	}

	/**
	 * Issues an access token for a user now.
	 * @param username an existing user
	 * @return the access token
	 */
	public String access(String username) {
		return issue(username).access();
	}

	/**
	 * Issues a refresh token for a user now.
	 * @param username an existing user
	 * @return the refresh token
	 */
	public String refresh(String username) {
		return issue(username).refresh();
	}

	/**
	 * The expiry ({@code exp}) of a token; the server rejects it from that instant on.
	 * @param token a JWT
	 * @return its expiry
	 * @throws IllegalArgumentException when the token is not a JWT with an integer {@code exp}
	 */
	public Instant expiresAt(String token) {
		JsonNode payload = this.codec.peek(token);
		JsonNode exp = (payload != null) ? payload.get("exp") : null;
		if (exp == null || !exp.isIntegralNumber()) {
			throw new IllegalArgumentException("Not a JWT with an integer 'exp' claim");
		}
		return Instant.ofEpochSecond(exp.asLong());
	}

	/**
	 * The issue time ({@code iat}) of a token, which tokens minted in the {@link IssuedAtClaim#NONE} mode have not.
	 * @param token a JWT
	 * @return its {@code iat}, or {@code null} when it has no integer {@code iat} claim
	 * @throws IllegalArgumentException when the token is not a JWT
	 */
	public @Nullable Instant issuedAt(String token) {
		JsonNode payload = this.codec.peek(token);
		if (payload == null) {
			throw new IllegalArgumentException("Not a JWT");
		}
		return epochSecond(payload.get("iat"));
	}

	/**
	 * How tokens get their {@code iat} claim.
	 * @return the mode
	 */
	public IssuedAtClaim issuedAtClaim() {
		return this.issuedAtClaim;
	}

	/**
	 * The lifetime of access tokens.
	 * @return the lifetime
	 */
	public Duration accessTokenLifetime() {
		return this.accessTokenLifetime;
	}

	/**
	 * The lifetime of refresh tokens, restarted by each rotation.
	 * @return the lifetime
	 */
	public Duration refreshTokenLifetime() {
		return this.refreshTokenLifetime;
	}

	/**
	 * Blacklists a refresh token, as a rotation or a logout would.
	 * @param refreshToken the token
	 */
	public void blacklist(String refreshToken) {
		String id = idOf(refreshToken);
		if (id == null) {
			throw new IllegalArgumentException("Not a JWT with a 'jti' claim");
		}
		this.blacklistedIds.add(id);
	}

	/**
	 * Whether a token has been blacklisted.
	 * @param token the token
	 * @return whether refresh answers "Token is blacklisted" for it
	 */
	public boolean isBlacklisted(String token) {
		String id = idOf(token);
		return id != null && this.blacklistedIds.contains(id);
	}

	/**
	 * Every token string this server minted since it started or was last reset, access and refresh, oldest
	 * first: what a test checks logs and messages against (never log them).
	 * @return a snapshot
	 */
	public List<String> issuedTokens() {
		return List.copyOf(this.issued);
	}

	void reset() {
		this.blacklistedIds.clear();
		this.issued.clear();
	}

	IssuedTokens issueFor(long userId, Instant now) {
		@Nullable Long iat = issuedAt(now);
		TokenClaims refresh = claims(TokenClaims.REFRESH, now, this.refreshTokenLifetime, userId, iat);
		TokenClaims access = claims(TokenClaims.ACCESS, now, this.accessTokenLifetime, userId, iat);
		return new IssuedTokens(encode(access), encode(refresh), Instant.ofEpochSecond(now.getEpochSecond()),
				Instant.ofEpochSecond(access.exp()), Instant.ofEpochSecond(refresh.exp()));
	}

	/**
	 * The access token a refresh answers, made from the claims of the verified refresh token as simplejwt's
	 * {@code RefreshToken.access_token} does: {@code exp} from now, {@code iat} as {@link IssuedAtClaim} says.
	 */
	String refreshedAccess(JsonNode refreshClaims, Instant now) {
		@Nullable Long iat = switch (this.issuedAtClaim) {
			case NONE -> null;
			case INHERITED_ON_REFRESH -> {
				Instant inherited = epochSecond(refreshClaims.get("iat"));
				yield (inherited != null) ? inherited.getEpochSecond() : null;
			}
			case AT_ISSUE -> now.getEpochSecond();
		};
		return encode(claims(TokenClaims.ACCESS, now, this.accessTokenLifetime,
				refreshClaims.path("user_id").asLong(), iat));
	}

	/**
	 * The refresh token a rotation answers: new {@code jti} and {@code exp}, and {@code iat} = now unless the mode
	 * is {@link IssuedAtClaim#NONE} (simplejwt's {@code set_iat()}).
	 */
	String rotatedRefresh(JsonNode refreshClaims, Instant now) {
		return encode(claims(TokenClaims.REFRESH, now, this.refreshTokenLifetime,
				refreshClaims.path("user_id").asLong(), issuedAt(now)));
	}

	private @Nullable Long issuedAt(Instant now) {
		return (this.issuedAtClaim != IssuedAtClaim.NONE) ? now.getEpochSecond() : null;
	}

	private static @Nullable Instant epochSecond(@Nullable JsonNode claim) {
		return (claim != null && claim.isIntegralNumber()) ? Instant.ofEpochSecond(claim.asLong()) : null;
	}

	private String encode(TokenClaims claims) {
		String token = this.codec.encode(claims);
		this.issued.add(token);
		return token;
	}

	void blacklistId(String id) {
		this.blacklistedIds.add(id);
	}

	/**
	 * Verifies a token the way simplejwt's {@code Token} class does.
	 * @param token the raw token
	 * @param type the expected {@code token_type}
	 * @param now the current instant
	 * @return the outcome
	 */
	Verification verify(String token, String type, Instant now) {
		JsonNode payload = this.codec.decode(token);
		if (payload == null) {
			return Verification.failed(TokenError.INVALID_OR_EXPIRED);
		}
		JsonNode exp = payload.get("exp");
		if (exp != null && !now.isBefore(Instant.ofEpochSecond(exp.asLong()))) {
			// PyJWT checks exp with no leeway: a token is valid while now < exp
			return Verification.failed(TokenError.EXPIRED);
		}
		JsonNode id = payload.get("jti");
		if (TokenClaims.REFRESH.equals(type) && id != null && this.blacklistedIds.contains(id.asString(""))) {
			return Verification.failed(TokenError.BLACKLISTED);
		}
		if (exp == null) {
			return Verification.failed(TokenError.NO_EXPIRY);
		}
		if (id == null) {
			return Verification.failed(TokenError.NO_ID);
		}
		JsonNode tokenType = payload.get("token_type");
		if (tokenType == null) {
			return Verification.failed(TokenError.NO_TYPE);
		}
		if (!type.equals(tokenType.asString(""))) {
			return Verification.failed(TokenError.WRONG_TYPE);
		}
		return new Verification(payload, null);
	}

	private @Nullable String idOf(String token) {
		JsonNode payload = this.codec.peek(token);
		JsonNode id = (payload != null) ? payload.get("jti") : null;
		return (id != null) ? id.asString("") : null;
	}

	private static TokenClaims claims(String type, Instant now, Duration lifetime, long userId,
			@Nullable Long iat) {
		byte[] id = new byte[16];
		RANDOM.nextBytes(id);
		return new TokenClaims(type, now.plus(lifetime).getEpochSecond(), iat, HexFormat.of().formatHex(id), userId);
	}

	/** Why simplejwt refuses a token, with its message. */
	enum TokenError {

		INVALID_OR_EXPIRED("Token is invalid or expired"), EXPIRED("Token is invalid or expired"), WRONG_TYPE("Token has wrong type"),
		BLACKLISTED("Token is blacklisted"), NO_EXPIRY("Token has no 'exp' claim"), NO_ID("Token has no id"),
		NO_TYPE("Token has no type");

		private final String message;

		TokenError(String message) {
			this.message = message;
		}

		String message() {
			return this.message;
		}

	}

	/**
	 * The outcome of verifying a token.
	 * @param payload the claims, when valid
	 * @param error the reason, when not
	 */
	record Verification(@Nullable JsonNode payload, @Nullable TokenError error) {

		static Verification failed(TokenError error) {
			return new Verification(null, error);
		}

	}

}
