package tech.progeny.auth.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for Progeny authentication.
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
	private Duration refreshAhead = Duration.ofSeconds(60);

	/**
	 * How long before its expiry an access token is no longer sent and callers wait for a
	 * new one, capped at a tenth of the token's lifetime.
	 */
	private Duration mustRefreshMargin = Duration.ofSeconds(15);

	/**
	 * Lifetime assumed for an access token whose expiry cannot be read.
	 */
	private Duration fallbackLifetime = Duration.ofMinutes(5);

	/**
	 * Connect timeout for token requests.
	 */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * Read timeout for token requests.
	 */
	private Duration readTimeout = Duration.ofSeconds(10);

	/**
	 * Whether credentials and tokens may be sent over plain http to a host that is not
	 * loopback.
	 */
	private boolean allowInsecureHttp = false;

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

	@Override
	public String toString() {
		return "ProgenyAuthProperties[enabled=" + this.enabled + ", baseUrl=" + this.baseUrl + ", username="
				+ this.username + ", password=" + ((this.password != null) ? "******" : "none") + "]";
	}

}
