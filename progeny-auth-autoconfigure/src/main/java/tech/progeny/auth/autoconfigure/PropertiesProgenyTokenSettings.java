package tech.progeny.auth.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import tech.progeny.auth.token.ProgenyTokenSettings;

/**
 * Maps {@code progeny.auth.*} onto {@link ProgenyTokenSettings}, checking each timing
 * once: each must be set and positive (the must-refresh margin may be zero), and the
 * refresh-ahead window must be longer than the must-refresh margin, or a token would turn
 * unusable before it is refreshed in the background. A failure names the property.
 */
final class PropertiesProgenyTokenSettings {

	private PropertiesProgenyTokenSettings() {
	}

	/**
	 * Return the settings that the properties describe.
	 * @param properties the properties
	 * @return the settings, {@link ProgenyTokenSettings#defaults()} where the properties
	 * keep their defaults
	 * @throws InvalidProgenyAuthPropertiesException naming the first property that is
	 * not usable
	 */
	static ProgenyTokenSettings of(ProgenyAuthProperties properties) {
		positive("progeny.auth.connect-timeout", properties.getConnectTimeout(), "5s");
		positive("progeny.auth.read-timeout", properties.getReadTimeout(), "10s");
		positive("progeny.auth.refresh-ahead", properties.getRefreshAhead(), "60s");
		Duration margin = properties.getMustRefreshMargin();
		if (margin == null || margin.isNegative()) {
			throw new InvalidProgenyAuthPropertiesException("progeny.auth.must-refresh-margin",
					(margin == null) ? "is not set" : "is " + margin + ", which is negative",
					"Set 'progeny.auth.must-refresh-margin' to zero or a positive duration, such as '15s'.");
		}
		positive("progeny.auth.fallback-lifetime", properties.getFallbackLifetime(), "5m");
		if (properties.getRefreshAhead().compareTo(margin) <= 0) {
			throw new InvalidProgenyAuthPropertiesException("progeny.auth.refresh-ahead",
					"is " + properties.getRefreshAhead() + ", which is not longer than 'progeny.auth.must-refresh-margin' ("
							+ margin + "): tokens would turn unusable before they are refreshed in the background",
					"Set 'progeny.auth.refresh-ahead' longer than 'progeny.auth.must-refresh-margin' "
							+ "(the defaults are 60s and 15s).");
		}
		return ProgenyTokenSettings.defaults()
			.withRefreshAhead(properties.getRefreshAhead())
			.withMustRefreshMargin(margin)
			.withFallbackLifetime(properties.getFallbackLifetime())
			.withTimeouts(properties.getConnectTimeout(), properties.getReadTimeout());
	}

	private static void positive(String property, @Nullable Duration value, String example) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidProgenyAuthPropertiesException(property,
					(value == null) ? "is not set" : "is " + value + ", which is not positive",
					"Set '" + property + "' to a positive duration, such as '" + example + "'.");
		}
	}

}
