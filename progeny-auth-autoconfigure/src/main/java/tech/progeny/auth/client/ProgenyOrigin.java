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
				() -> "Progeny base URL '" + baseUrl + "' must be an absolute http or https URL");
		String host = baseUrl.getHost();
		Assert.isTrue(host != null && !host.isEmpty(), () -> "Progeny base URL '" + baseUrl + "' must name a host");
		String normalizedScheme = scheme.toLowerCase(Locale.ROOT);
		return new ProgenyOrigin(normalizedScheme, host, port(normalizedScheme, baseUrl.getPort()));
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
