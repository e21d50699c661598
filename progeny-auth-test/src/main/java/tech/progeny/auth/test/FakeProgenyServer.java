package tech.progeny.auth.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

import mockwebserver3.MockWebServer;
import okhttp3.Protocol;
import okhttp3.tls.HeldCertificate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import tech.progeny.auth.test.FakeProgenyUsers.Account;

/**
 * An in-process fake of Progeny's token API (djangorestframework-simplejwt behind Django REST framework),
 * listening on {@code 127.0.0.1} and a free port, over HTTP or HTTPS. It stands on OkHttp's
 * {@code MockWebServer} (HTTP/1.1).
 *
 * <p>It answers {@code POST /api/v3/accounts/token/obtain/} and {@code POST /api/v3/accounts/token/refresh/} with
 * HS256 tokens and the real server's error bodies, byte for byte, and serves a protected demo API that checks the
 * bearer token like the real server: {@code GET /api/v3/demo/ping/} answers {@code {"status":"ok","user_id":41}}
 * and {@code POST /api/v3/demo/echo/} echoes its JSON body. Defaults: one active user {@value #DEFAULT_USERNAME} /
 * {@value #DEFAULT_PASSWORD} with id {@value #DEFAULT_USER_ID}, 5-minute access tokens, 14-day refresh tokens,
 * refresh rotation on and the rotated refresh token blacklisted, tokens without an {@code iat} claim
 * ({@link IssuedAtClaim#NONE}), the system UTC clock.
 *
 * <p>The server's clock drives everything that tells time: the {@code exp} (and {@code iat}) of the tokens it mints,
 * its expiry checks (no leeway, as simplejwt), and the {@code Date} header of every response (which
 * {@link Builder#sendDateHeader(boolean)} can leave out). A server ahead of its client by 30 seconds is
 * {@code .clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(30)))}.
 *
 * <p>In a JUnit 5 test, the simplest use is {@link FakeProgenyExtension}. Standalone:
 * <pre>
 * try (FakeProgenyServer progeny = FakeProgenyServer.start()) {
 *     URI obtain = progeny.url(FakeProgenyServer.OBTAIN_PATH);
 *     // ... call it with progeny.username() and progeny.password()
 *     assertThat(progeny.counters().obtainRequests()).isEqualTo(1);
 * }
 * </pre>
 * Configured:
 * <pre>
 * AdjustableClock clock = AdjustableClock.at(Instant.parse("2024-01-01T00:00:00Z"));
 * FakeProgenyServer progeny = FakeProgenyServer.builder()
 *         .clock(clock)
 *         .accessTokenLifetime(Duration.ofMinutes(1))
 *         .rotateRefreshTokens(false)
 *         .user("alice", "secret", 7)
 *         .start();
 * </pre>
 * At runtime, {@link #users()} deactivates users and changes passwords, {@link #faults()} injects delays, error
 * statuses, dropped connections, hangs and truncated bodies, {@link #counters()} tells what was asked and
 * {@link #tokens()} mints tokens directly. Everything is thread-safe. {@link #close()} stops the server and its
 * threads, letting go of requests held by a delay or a hang without answering them; close every server you start
 * (MockWebServer's threads are not daemons).
 *
 * <h2>HTTPS</h2>
 * {@link Builder#https()} serves over TLS with a self-signed certificate for {@code localhost} and
 * {@code 127.0.0.1}, generated once per builder (every server a builder starts, as after a restart on a fixed port,
 * presents the same one); {@link Builder#https(HeldCertificate)} presents a certificate of the test's own. The base
 * URL is then {@code https://127.0.0.1:<port>}, and a client trusts the server with {@link #sslContext()} or
 * {@link #trustManager()}, which trust its certificate and nothing else, or with {@link #certificatePem()}:
 * <pre>
 * try (FakeProgenyServer progeny = FakeProgenyServer.builder().https().start()) {
 *     HttpClient client = HttpClient.newBuilder().sslContext(progeny.sslContext()).build();
 *     // ... client.send(HttpRequest.newBuilder(progeny.url(FakeProgenyServer.OBTAIN_PATH)) ...)
 * }
 * </pre>
 * In a Spring Boot test, {@code @AutoConfigureFakeProgeny(sslBundle = "progeny")} (or
 * {@code FakeProgenyProperties.registerSslBundle(registry, progeny, "progeny")}) registers the certificate as the
 * trust store of the SSL bundle {@code progeny} ({@code spring.ssl.bundle.pem.progeny.truststore.certificate});
 * {@code spring.http.clients.ssl.bundle=progeny} then makes Boot's HTTP clients, the starter's among them, trust it.
 */
public final class FakeProgenyServer implements AutoCloseable {

	/** Username of the default user. */
	public static final String DEFAULT_USERNAME = "progeny-demo";

	/** Password of the default user. */
	public static final String DEFAULT_PASSWORD = "demo-password";

	/** Id of the default user, the {@code user_id} claim of its tokens. */
	public static final long DEFAULT_USER_ID = 41;

	/** Default access token lifetime: 5 minutes, as on Progeny. */
	public static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);

	/** Default refresh token lifetime: 14 days, as on Progeny. */
	public static final Duration DEFAULT_REFRESH_TOKEN_LIFETIME = Duration.ofDays(14);

	/** Default HMAC key the tokens are signed with. */
	public static final String DEFAULT_SIGNING_KEY = "fake-progeny-signing-key-for-tests-only";

	/** Path of the obtain endpoint. */
	public static final String OBTAIN_PATH = "/api/v3/accounts/token/obtain/";

	/** Path of the refresh endpoint. */
	public static final String REFRESH_PATH = "/api/v3/accounts/token/refresh/";

	/** Path of the protected demo endpoint answering {@code GET} with {@code {"status":"ok","user_id":<id>}}. */
	public static final String PING_PATH = "/api/v3/demo/ping/";

	/** Path of the protected demo endpoint answering {@code POST} with its JSON request body. */
	public static final String ECHO_PATH = "/api/v3/demo/echo/";

	/** Property holding the base URL, set by the Spring integration. */
	public static final String BASE_URL_PROPERTY = "progeny.auth.base-url";

	/** Property holding the username, set by the Spring integration. */
	public static final String USERNAME_PROPERTY = "progeny.auth.username";

	/** Property holding the password, set by the Spring integration. */
	public static final String PASSWORD_PROPERTY = "progeny.auth.password";

	private final MockWebServer server = new MockWebServer();

	private final @Nullable TlsCertificates tls;

	private final FakeProgenyDispatcher dispatcher;

	private final CountDownLatch closed = new CountDownLatch(1);

	private final AtomicBoolean closing = new AtomicBoolean();

	private final String baseUrl;

	private final String username;

	private final Builder settings;

	private final FakeProgenyUsers users;

	private final FakeProgenyCounters counters = new FakeProgenyCounters();

	private final FakeProgenyFaults faults = new FakeProgenyFaults(this.closed);

	private final FakeProgenyTokens tokens;

	private FakeProgenyServer(Builder builder) {
		this.settings = builder.copy();
		List<Account> accounts = new ArrayList<>(builder.accounts);
		if (accounts.isEmpty()) {
			accounts.add(new Account(DEFAULT_USERNAME, DEFAULT_PASSWORD, DEFAULT_USER_ID, true));
		}
		this.username = accounts.get(0).username();
		this.users = new FakeProgenyUsers(accounts);
		JsonMapper json = JsonMapper.builder().build();
		this.tokens = new FakeProgenyTokens(new JsonWebTokenCodec(builder.signingKey, json), builder.clock,
				builder.accessTokenLifetime, builder.refreshTokenLifetime, builder.issuedAtClaim, this.users);
		this.tls = (builder.certificate != null) ? new TlsCertificates(builder.certificate) : null;
		this.dispatcher = new FakeProgenyDispatcher(json, this.settings, this.users, this.tokens, this.counters,
				this.faults, this.closed, this.server);
		this.server.setDispatcher(this.dispatcher);
		this.server.setServerSocketFactory(new NoDelayServerSocketFactory());
		this.server.setProtocols(List.of(Protocol.HTTP_1_1));
		if (this.tls != null) {
			this.server.useHttps(this.tls.serverSocketFactory());
		}
		InetAddress loopback = InetAddress.getLoopbackAddress();
		try {
			this.server.start(loopback, builder.port);
		}
		catch (IOException ex) {
			this.server.close();
			throw new UncheckedIOException("Could not start the fake Progeny server", ex);
		}
		String host = (loopback instanceof Inet6Address) ? "[" + loopback.getHostAddress() + "]"
				: loopback.getHostAddress();
		this.baseUrl = ((this.tls != null) ? "https" : "http") + "://" + host + ":" + this.server.getPort();
	}

	/**
	 * Starts a server with the defaults.
	 * @return the running server
	 */
	public static FakeProgenyServer start() {
		return builder().start();
	}

	/**
	 * A builder for a server with other settings.
	 * @return a builder holding the defaults
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The base URL, without a trailing slash, e.g. {@code http://127.0.0.1:54321}, or
	 * {@code https://127.0.0.1:54321} for an {@linkplain Builder#https() HTTPS} server.
	 * @return the base URL
	 */
	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * The absolute URL of a path of this server.
	 * @param path a path starting with {@code /}, e.g. {@link #OBTAIN_PATH}
	 * @return the URL
	 */
	public URI url(String path) {
		return URI.create(this.baseUrl + path);
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getPort();
	}

	/**
	 * Whether the server serves HTTPS.
	 * @return whether it was built with {@link Builder#https()} or {@link Builder#https(HeldCertificate)}
	 */
	public boolean isHttps() {
		return this.tls != null;
	}

	/**
	 * The certificate an HTTPS server presents, with its private key: pass it to
	 * {@link Builder#https(HeldCertificate)} to start another server that clients trusting this one trust too.
	 * @return the certificate
	 * @throws IllegalStateException when the server serves plain HTTP
	 */
	public HeldCertificate certificate() {
		return tls().certificate();
	}

	/**
	 * The PEM of the certificate an HTTPS server presents, for a client's trust store (such as a Spring Boot SSL
	 * bundle's {@code truststore.certificate}).
	 * @return the {@code -----BEGIN CERTIFICATE-----} block
	 * @throws IllegalStateException when the server serves plain HTTP
	 */
	public String certificatePem() {
		return certificate().certificatePem();
	}

	/**
	 * An SSL context whose trust manager trusts this HTTPS server's certificate and nothing else, for a client
	 * ({@code HttpClient.newBuilder().sslContext(...)}, Apache HttpClient, ...).
	 * @return a new context
	 * @throws IllegalStateException when the server serves plain HTTP
	 */
	public SSLContext sslContext() {
		return tls().clientContext();
	}

	/**
	 * A trust manager that trusts this HTTPS server's certificate and nothing else, for clients configured with one
	 * (Reactor Netty, OkHttp).
	 * @return the trust manager
	 * @throws IllegalStateException when the server serves plain HTTP
	 */
	public X509TrustManager trustManager() {
		return tls().clientTrustManager();
	}

	/**
	 * The username of the first user (by default {@value #DEFAULT_USERNAME}).
	 * @return the username
	 */
	public String username() {
		return this.username;
	}

	/**
	 * The current password of the first user (by default {@value #DEFAULT_PASSWORD}).
	 * @return the password
	 */
	public String password() {
		return this.users.password(this.username);
	}

	/**
	 * The id of the first user (by default {@value #DEFAULT_USER_ID}).
	 * @return the id
	 */
	public long userId() {
		return this.users.userId(this.username);
	}

	/**
	 * The {@code progeny.auth.*} properties that point a client at this server as its first user: base URL,
	 * username and password.
	 * @return the properties, in that order
	 */
	public Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put(BASE_URL_PROPERTY, baseUrl());
		properties.put(USERNAME_PROPERTY, username());
		properties.put(PASSWORD_PROPERTY, password());
		return properties;
	}

	/**
	 * The users, to deactivate, reactivate, add, or change passwords of at runtime.
	 * @return the users
	 */
	public FakeProgenyUsers users() {
		return this.users;
	}

	/**
	 * The request counters.
	 * @return the counters
	 */
	public FakeProgenyCounters counters() {
		return this.counters;
	}

	/**
	 * The fault injection controls.
	 * @return the faults
	 */
	public FakeProgenyFaults faults() {
		return this.faults;
	}

	/**
	 * Direct token minting and inspection.
	 * @return the tokens
	 */
	public FakeProgenyTokens tokens() {
		return this.tokens;
	}

	/**
	 * The clock the server reads the time from.
	 * @return the clock
	 */
	public Clock clock() {
		return this.settings.clock();
	}

	/**
	 * Whether a refresh answers a new refresh token as well as an access token.
	 * @return whether refresh tokens are rotated
	 */
	public boolean rotatesRefreshTokens() {
		return this.settings.rotatesRefreshTokens();
	}

	/**
	 * Whether a rotated refresh token is blacklisted at once.
	 * @return whether refresh tokens are blacklisted after rotation
	 */
	public boolean blacklistsAfterRotation() {
		return this.settings.blacklistsAfterRotation();
	}

	/**
	 * How the tokens this server mints get their {@code iat} claim.
	 * @return the mode
	 */
	public IssuedAtClaim issuedAtClaim() {
		return this.settings.issuedAtClaim;
	}

	/**
	 * Whether responses carry a {@code Date} header (the server clock's now).
	 * @return whether the {@code Date} header is sent
	 */
	public boolean sendsDateHeader() {
		return this.settings.sendsDateHeader();
	}

	/**
	 * Brings the server back to how it started: counters at zero, no faults (hung requests released), the users
	 * with their initial passwords and active flags, no blacklisted token.
	 */
	public void reset() {
		this.counters.reset();
		this.faults.reset();
		this.users.reset();
		this.tokens.reset();
	}

	/**
	 * Whether {@link #close()} was called.
	 * @return whether the server is closed
	 */
	public boolean isClosed() {
		return this.closing.get();
	}

	/**
	 * Stops the server and its threads; requests held by a delay or a hang get their connection closed. Idempotent.
	 * MockWebServer waits for its connection threads to finish; their worker threads end right after.
	 */
	@Override
	public void close() {
		if (!this.closing.compareAndSet(false, true)) {
			return;
		}
		// first let go of delayed, hung and waiting requests, so that MockWebServer finds every connection done
		this.closed.countDown();
		this.dispatcher.close();
		this.server.close();
	}

	@Override
	public String toString() {
		return "FakeProgenyServer[" + this.baseUrl + "]";
	}

	private TlsCertificates tls() {
		if (this.tls == null) {
			throw new IllegalStateException("The fake Progeny server at " + this.baseUrl
					+ " serves plain HTTP: build it with FakeProgenyServer.builder().https()");
		}
		return this.tls;
	}

	/**
	 * Settings of a {@link FakeProgenyServer}, starting from the defaults.
	 */
	public static final class Builder {

		private Clock clock = Clock.systemUTC();

		private Duration accessTokenLifetime = DEFAULT_ACCESS_TOKEN_LIFETIME;

		private Duration refreshTokenLifetime = DEFAULT_REFRESH_TOKEN_LIFETIME;

		private boolean rotateRefreshTokens = true;

		private boolean blacklistAfterRotation = true;

		private IssuedAtClaim issuedAtClaim = IssuedAtClaim.NONE;

		private boolean sendDateHeader = true;

		private String signingKey = DEFAULT_SIGNING_KEY;

		private int threads = 8;

		private int port = 0;

		private @Nullable HeldCertificate certificate;

		private final List<Account> accounts = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Sets the clock tokens are issued and checked with and the {@code Date} header is written from (default:
		 * system UTC), e.g. an {@link AdjustableClock}, or {@code Clock.offset(Clock.systemUTC(), skew)} for a
		 * server whose clock is ahead of (or, with a negative skew, behind) its client's.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/**
		 * Sets the access token lifetime (default 5 minutes).
		 * @param lifetime a positive lifetime
		 * @return this builder
		 */
		public Builder accessTokenLifetime(Duration lifetime) {
			this.accessTokenLifetime = positive(lifetime, "accessTokenLifetime");
			return this;
		}

		/**
		 * Sets the refresh token lifetime (default 14 days).
		 * @param lifetime a positive lifetime
		 * @return this builder
		 */
		public Builder refreshTokenLifetime(Duration lifetime) {
			this.refreshTokenLifetime = positive(lifetime, "refreshTokenLifetime");
			return this;
		}

		/**
		 * Sets whether a refresh answers {@code {"access","refresh"}} with a new refresh token (default) or
		 * {@code {"access"}} only.
		 * @param rotate whether to rotate refresh tokens
		 * @return this builder
		 */
		public Builder rotateRefreshTokens(boolean rotate) {
			this.rotateRefreshTokens = rotate;
			return this;
		}

		/**
		 * Sets whether a rotated refresh token is blacklisted at once (default), so that reusing it answers
		 * "Token is blacklisted".
		 * @param blacklist whether to blacklist after rotation
		 * @return this builder
		 */
		public Builder blacklistAfterRotation(boolean blacklist) {
			this.blacklistAfterRotation = blacklist;
			return this;
		}

		/**
		 * Sets how tokens get their {@code iat} claim (default {@link IssuedAtClaim#NONE}, as Progeny documents).
		 * @param issuedAtClaim the mode
		 * @return this builder
		 */
		public Builder issuedAtClaim(IssuedAtClaim issuedAtClaim) {
			this.issuedAtClaim = Objects.requireNonNull(issuedAtClaim, "issuedAtClaim must not be null");
			return this;
		}

		/**
		 * Sets whether responses carry a {@code Date} header with the server clock's now (default), as Django
		 * behind a web server does, or none, as some proxies strip it.
		 * @param sendDateHeader whether to send the {@code Date} header
		 * @return this builder
		 */
		public Builder sendDateHeader(boolean sendDateHeader) {
			this.sendDateHeader = sendDateHeader;
			return this;
		}

		/**
		 * Sets the HMAC-SHA256 signing key (default {@value FakeProgenyServer#DEFAULT_SIGNING_KEY}).
		 * @param signingKey the key
		 * @return this builder
		 */
		public Builder signingKey(String signingKey) {
			Objects.requireNonNull(signingKey, "signingKey must not be null");
			if (signingKey.isEmpty()) {
				throw new IllegalArgumentException("signingKey must not be empty");
			}
			this.signingKey = signingKey;
			return this;
		}

		/**
		 * Adds an active user. When no user is added the server has the default one; the first user added is the
		 * one {@link FakeProgenyServer#username()} and {@link FakeProgenyServer#password()} name.
		 * @param username the username
		 * @param password the password
		 * @param userId the {@code user_id} claim of its tokens
		 * @return this builder
		 */
		public Builder user(String username, String password, long userId) {
			return user(username, password, userId, true);
		}

		/**
		 * Adds a user.
		 * @param username the username
		 * @param password the password
		 * @param userId the {@code user_id} claim of its tokens
		 * @param active whether the user may log in
		 * @return this builder
		 */
		public Builder user(String username, String password, long userId, boolean active) {
			this.accounts.add(new Account(username, password, userId, active));
			return this;
		}

		/**
		 * Serves HTTPS instead of HTTP, with a self-signed certificate for {@code localhost}, {@code 127.0.0.1}
		 * and {@code ::1} generated now: every server this builder starts presents the same one. Clients trust it
		 * with {@link FakeProgenyServer#sslContext()}, {@link FakeProgenyServer#trustManager()} or
		 * {@link FakeProgenyServer#certificatePem()}.
		 * @return this builder
		 */
		public Builder https() {
			return https(TlsCertificates.selfSigned());
		}

		/**
		 * Serves HTTPS instead of HTTP, presenting the given certificate (which must name {@code 127.0.0.1} for
		 * clients that verify the host name), e.g. the {@link FakeProgenyServer#certificate()} of an earlier
		 * server, or one a test signed with a {@code HeldCertificate} of its own.
		 * @param certificate the certificate and its private key
		 * @return this builder
		 */
		public Builder https(HeldCertificate certificate) {
			this.certificate = Objects.requireNonNull(certificate, "certificate must not be null");
			return this;
		}

		/**
		 * Sets how many requests are served at the same time, including those held by a delay or a hang
		 * (default 8); more wait for one of them to finish.
		 * @param threads a positive count
		 * @return this builder
		 */
		public Builder threads(int threads) {
			if (threads < 1) {
				throw new IllegalArgumentException("threads must be positive");
			}
			this.threads = threads;
			return this;
		}

		/**
		 * Sets the port to listen on (default 0: a free port). A fixed port lets a test stop the server and start
		 * another on the same base URL, as a server that goes down and comes back.
		 * @param port a port from 0 to 65535
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("port must be between 0 and 65535");
			}
			this.port = port;
			return this;
		}

		/**
		 * Starts a server with these settings.
		 * @return the running server
		 */
		public FakeProgenyServer start() {
			return new FakeProgenyServer(this);
		}

		private Builder copy() {
			Builder copy = new Builder();
			copy.clock = this.clock;
			copy.accessTokenLifetime = this.accessTokenLifetime;
			copy.refreshTokenLifetime = this.refreshTokenLifetime;
			copy.rotateRefreshTokens = this.rotateRefreshTokens;
			copy.blacklistAfterRotation = this.blacklistAfterRotation;
			copy.issuedAtClaim = this.issuedAtClaim;
			copy.sendDateHeader = this.sendDateHeader;
			copy.signingKey = this.signingKey;
			copy.threads = this.threads;
			copy.port = this.port;
			copy.certificate = this.certificate;
			copy.accounts.addAll(this.accounts);
			return copy;
		}

		Clock clock() {
			return this.clock;
		}

		boolean rotatesRefreshTokens() {
			return this.rotateRefreshTokens;
		}

		boolean blacklistsAfterRotation() {
			return this.rotateRefreshTokens && this.blacklistAfterRotation;
		}

		boolean sendsDateHeader() {
			return this.sendDateHeader;
		}

		int threadCount() {
			return this.threads;
		}

		private static Duration positive(Duration duration, String name) {
			Objects.requireNonNull(duration, name + " must not be null");
			if (duration.isZero() || duration.isNegative()) {
				throw new IllegalArgumentException(name + " must be positive");
			}
			return duration;
		}

	}

}
