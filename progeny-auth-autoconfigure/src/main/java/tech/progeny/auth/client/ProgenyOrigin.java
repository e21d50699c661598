package tech.progeny.auth.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

import org.springframework.util.Assert;

/**
 * The scheme, host and port of Progeny's base URL: the only place credentials and tokens
 * are ever sent. Hosts compare case-insensitively and default ports are normalised
 * ({@code https} = 443, {@code http} = 80); paths are ignored.
 */
public final class ProgenyOrigin {

	private final String scheme;

	private final String host;

	private final int port;

	private ProgenyOrigin(String scheme, String host, int port) {
		this.scheme = scheme;
		this.host = host;
		this.port = port;
	}

	/**
	 * Return the origin of the given base URL.
	 * @param baseUrl an absolute {@code http} or {@code https} URL
	 * @return the origin
	 * @throws IllegalArgumentException if the URL is not an absolute http(s) URL with a host
	 */
	public static ProgenyOrigin of(URI baseUrl) {
		Assert.notNull(baseUrl, "baseUrl must not be null");
		String scheme = baseUrl.getScheme();
		Assert.isTrue(scheme != null && isHttp(scheme),
				() -> "Progeny base URL '" + redact(baseUrl.toString()) + "' must be an absolute http or https URL");
		String host = baseUrl.getHost();
		Assert.isTrue(host != null && !host.isEmpty(),
				() -> "Progeny base URL '" + redact(baseUrl.toString()) + "' must name a host");
		String normalizedScheme = scheme.toLowerCase(Locale.ROOT);
		return new ProgenyOrigin(normalizedScheme, host, port(normalizedScheme, baseUrl.getPort()));
	}

	/**
	 * Whether the given URL carries user information (such as {@code user:password@}),
	 * which would travel and be logged with it.
	 * @param url a URL
	 * @return {@code true} if its authority holds user information
	 */
	public static boolean hasUserInfo(URI url) {
		String authority = url.getRawAuthority();
		return url.getRawUserInfo() != null || (authority != null && authority.indexOf('@') >= 0);
	}

	/**
	 * Return the given URL as it may be shown in a message or a log: with any user
	 * information masked, even when the URL is not valid.
	 * @param url the URL as it was given
	 * @return the URL without its user information
	 */
	public static String redact(String url) {
		int start = url.indexOf("//");
		start = (start >= 0) ? start + 2 : 0;
		int end = url.length();
		for (int i = start; i < url.length(); i++) {
			char c = url.charAt(i);
			if (c == '/' || c == '?' || c == '#') {
				end = i;
				break;
			}
		}
		int at = url.lastIndexOf('@', end - 1);
		return (at < start) ? url : url.substring(0, start) + "******" + url.substring(at);
	}

	/**
	 * Whether credentials and tokens may be sent to this origin: over https, or to a
	 * loopback host, or anywhere when plain http is explicitly allowed.
	 * @param allowInsecureHttp whether plain http to any host is allowed
	 * @return {@code true} if credentials may be sent here
	 */
	public boolean permitsCredentials(boolean allowInsecureHttp) {
		return allowInsecureHttp || isSecure() || isLoopback();
	}

	/**
	 * Whether the given URL is on this origin.
	 * @param url the URL of a request
	 * @return {@code true} if scheme, host and port are equal
	 */
	public boolean matches(URI url) {
		String otherScheme = url.getScheme();
		String otherHost = url.getHost();
		return otherScheme != null && otherHost != null && this.port == port(otherScheme, url.getPort())
				&& equalsIgnoreCase(this.scheme, otherScheme) && equalsIgnoreCase(this.host, otherHost);
	}

	/**
	 * Whether the origin uses {@code https}.
	 * @return {@code true} for https
	 */
	public boolean isSecure() {
		return "https".equals(this.scheme);
	}

	/**
	 * Whether the origin's host is {@code localhost} or a loopback address literal. No
	 * name is resolved.
	 * @return {@code true} for a loopback host
	 */
	public boolean isLoopback() {
		if ("localhost".equalsIgnoreCase(this.host)) {
			return true;
		}
		String literal = (this.host.startsWith("[") && this.host.endsWith("]"))
				? this.host.substring(1, this.host.length() - 1) : this.host;
		if (!isAddressLiteral(literal)) {
			return false;
		}
		try {
			return InetAddress.getByName(literal).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static boolean equalsIgnoreCase(String expected, String actual) {
		// the exact comparison is the cheap, common case
		return expected.equals(actual) || expected.equalsIgnoreCase(actual);
	}

	private static boolean isAddressLiteral(String host) {
		return host.contains(":") || host.chars().allMatch((c) -> c == '.' || Character.isDigit(c));
	}

	private static boolean isHttp(String scheme) {
		return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
	}

	private static int port(String scheme, int port) {
		if (port != -1) {
			return port;
		}
		return "https".equalsIgnoreCase(scheme) ? 443 : 80;
	}

	@Override
	public String toString() {
		return this.scheme + "://" + this.host + ":" + this.port;
	}

}
