package tech.progeny.auth.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

import tech.progeny.auth.client.ProgenyOrigin;

/**
 * {@link ProgenyConnectionDetails} from {@code progeny.auth.base-url}, parsed and checked
 * once: an absolute http or https URL with a host, without user information, and over
 * https unless the host is loopback or plain http is allowed. A failure names the property
 * and never shows user information.
 */
final class PropertiesProgenyConnectionDetails implements ProgenyConnectionDetails {

	private static final String PROPERTY = "progeny.auth.base-url";

	private static final String EXAMPLE = "Set '" + PROPERTY
			+ "' to the base URL of the Progeny API, such as 'https://be.progeny.tech'.";

	private final URI baseUrl;

	PropertiesProgenyConnectionDetails(ProgenyAuthProperties properties) {
		this.baseUrl = parse(properties.getBaseUrl(), properties.isAllowInsecureHttp());
	}

	private static URI parse(@Nullable String value, boolean allowInsecureHttp) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidProgenyAuthPropertiesException(PROPERTY, "is not set", EXAMPLE);
		}
		String shown = ProgenyOrigin.redact(value.trim());
		URI baseUrl;
		try {
			baseUrl = URI.create(value.trim());
		}
		catch (IllegalArgumentException ex) {
			throw notHttp(shown);
		}
		if (ProgenyOrigin.hasUserInfo(baseUrl)) {
			throw new InvalidProgenyAuthPropertiesException(PROPERTY,
					"is '" + shown + "', whose user information would travel and be logged with the URL",
					"Remove the user information from '" + PROPERTY
							+ "' and set 'progeny.auth.username' and 'progeny.auth.password' instead.");
		}
		ProgenyOrigin origin;
		try {
			origin = ProgenyOrigin.of(baseUrl);
		}
		catch (IllegalArgumentException ex) {
			throw notHttp(shown);
		}
		if (!origin.permitsCredentials(allowInsecureHttp)) {
			throw new InvalidProgenyAuthPropertiesException(PROPERTY,
					"is '" + shown + "', which would send credentials and tokens over plain http to a host that is "
							+ "not loopback",
					"Use an https URL in '" + PROPERTY + "', or, if the network is trusted, "
							+ "set 'progeny.auth.allow-insecure-http=true'.");
		}
		return baseUrl;
	}

	private static InvalidProgenyAuthPropertiesException notHttp(String shown) {
		return new InvalidProgenyAuthPropertiesException(PROPERTY,
				"is '" + shown + "', which is not an absolute http or https URL with a host", EXAMPLE);
	}

	@Override
	public URI getBaseUrl() {
		return this.baseUrl;
	}

	@Override
	public String toString() {
		return "PropertiesProgenyConnectionDetails[" + this.baseUrl + "]";
	}

}
