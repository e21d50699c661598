package tech.progeny.auth.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import tech.progeny.auth.token.ProgenyTokenSettings;

/**
 * Configuration properties for Progeny authentication. The lifecycle's defaults are those
 * of {@link ProgenyTokenSettings#defaults()}.
 */
@ConfigurationProperties("progeny.auth")
public class ProgenyAuthProperties {

	/**
	 * Whether to auto-configure Progeny authentication.
	 */
	private boolean enabled = true;

	/**
	 * Base URL of the Progeny API. Tokens are only ever sent to its scheme, host and
	 * port.
	 */
	private @Nullable String baseUrl = "https://be.progeny.tech";

	/**
	 * Username that Progeny issued.
	 */
	private @Nullable String username;

	/**
	 * Password that Progeny issued.
	 */
	private @Nullable String password;

	/**
	 * How long before its expiry an access token is refreshed in the background, capped at
	 * a fifth of the token's lifetime.
	 */
	private Duration refreshAhead = ProgenyTokenSettings.defaults().refreshAhead();

	/**
	 * How long before its expiry an access token is no longer sent and callers wait for a
	 * new one, capped at a tenth of the token's lifetime.
	 */
	private Duration mustRefreshMargin = ProgenyTokenSettings.defaults().mustRefreshMargin();

	/**
	 * Lifetime assumed for an access token whose expiry cannot be read.
	 */
	private Duration fallbackLifetime = ProgenyTokenSettings.defaults().fallbackLifetime();

	/**
	 * Connect timeout for token requests.
	 */
	private Duration connectTimeout = ProgenyTokenSettings.defaults().connectTimeout();

	/**
	 * Read timeout for token requests.
	 */
	private Duration readTimeout = ProgenyTokenSettings.defaults().readTimeout();

	/**
	 * Whether credentials and tokens may be sent over plain http to a host that is not
	 * loopback.
	 */
	private boolean allowInsecureHttp = false;

	/**
	 * Name of the SSL bundle for the starter's own requests to Progeny (token requests and
	 * progenyRestClient), instead of the one of 'spring.http.clients.ssl.bundle'.
	 */
	private @Nullable String sslBundle;

	/**
	 * Whether the RestClient, RestTemplate and WebClient builders that Spring Boot hands out
	 * authenticate requests to Progeny's origin.
	 */
	private boolean customizeClients = true;

	/**
	 * Name of the HTTP service group whose clients are authenticated and pointed at the
	 * base URL.
	 */
	private String httpServiceGroup = "progeny";

	private final Store store = new Store();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public Duration getRefreshAhead() {
		return this.refreshAhead;
	}

	public void setRefreshAhead(Duration refreshAhead) {
		this.refreshAhead = refreshAhead;
	}

	public Duration getMustRefreshMargin() {
		return this.mustRefreshMargin;
	}

	public void setMustRefreshMargin(Duration mustRefreshMargin) {
		this.mustRefreshMargin = mustRefreshMargin;
	}

	public Duration getFallbackLifetime() {
		return this.fallbackLifetime;
	}

	public void setFallbackLifetime(Duration fallbackLifetime) {
		this.fallbackLifetime = fallbackLifetime;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public boolean isAllowInsecureHttp() {
		return this.allowInsecureHttp;
	}

	public void setAllowInsecureHttp(boolean allowInsecureHttp) {
		this.allowInsecureHttp = allowInsecureHttp;
	}

	public @Nullable String getSslBundle() {
		return this.sslBundle;
	}

	public void setSslBundle(@Nullable String sslBundle) {
		this.sslBundle = sslBundle;
	}

	public boolean isCustomizeClients() {
		return this.customizeClients;
	}

	public void setCustomizeClients(boolean customizeClients) {
		this.customizeClients = customizeClients;
	}

	public String getHttpServiceGroup() {
		return this.httpServiceGroup;
	}

	public void setHttpServiceGroup(String httpServiceGroup) {
		this.httpServiceGroup = httpServiceGroup;
	}

	public Store getStore() {
		return this.store;
	}

	@Override
	public String toString() {
		return "ProgenyAuthProperties[enabled=" + this.enabled + ", baseUrl=" + this.baseUrl + ", username="
				+ this.username + ", password=" + ((this.password != null) ? "******" : "none") + "]";
	}

	/**
	 * Where the token is kept.
	 */
	public static class Store {

		/**
		 * Where the token is kept: 'in-memory', per instance, or 'redis', shared by every
		 * instance of the application with one token request in flight between them.
		 */
		private StoreType type = StoreType.IN_MEMORY;

		private final Redis redis = new Redis();

		public StoreType getType() {
			return this.type;
		}

		public void setType(StoreType type) {
			this.type = type;
		}

		public Redis getRedis() {
			return this.redis;
		}

		/**
		 * Redis store settings.
		 */
		public static class Redis {

			/**
			 * Prefix of the Redis keys. The keys of one account also hold a hash of
			 * Progeny's origin and the username.
			 */
			private String keyPrefix = "progeny:auth:";

			/**
			 * Timeout of each Redis call of the token store. Defaults to
			 * 'spring.data.redis.timeout' when that is set, else 2 seconds.
			 */
			private @Nullable Duration timeout;

			public String getKeyPrefix() {
				return this.keyPrefix;
			}

			public void setKeyPrefix(String keyPrefix) {
				this.keyPrefix = keyPrefix;
			}

			public @Nullable Duration getTimeout() {
				return this.timeout;
			}

			public void setTimeout(@Nullable Duration timeout) {
				this.timeout = timeout;
			}

		}

	}

	/**
	 * Kinds of token store.
	 */
	public enum StoreType {

		/**
		 * The token is kept in the memory of each instance.
		 */
		IN_MEMORY,

		/**
		 * The token is kept in Redis, shared by every instance.
		 */
		REDIS

	}

}
