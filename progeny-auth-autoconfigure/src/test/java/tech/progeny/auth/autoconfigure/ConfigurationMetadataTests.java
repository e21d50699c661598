package tech.progeny.auth.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ClassPathResource;

import tech.progeny.auth.token.ProgenyTokenSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests of the configuration metadata generated for {@link ProgenyAuthProperties} and the
 * {@code progeny} endpoint, merged with {@code additional-spring-configuration-metadata.json}.
 */
class ConfigurationMetadataTests {

	@Test
	void listsEveryPropertyWithDescriptionAndDefault() throws IOException {
		Map<String, JsonNode> properties = named(metadata().get("properties"));
		Map<String, Object> expected = new HashMap<>();
		expected.put("progeny.auth.enabled", true);
		expected.put("progeny.auth.base-url", "https://be.progeny.tech");
		expected.put("progeny.auth.username", null);
		expected.put("progeny.auth.password", null);
		expected.put("progeny.auth.refresh-ahead", "60s");
		expected.put("progeny.auth.must-refresh-margin", "15s");
		expected.put("progeny.auth.fallback-lifetime", "5m");
		expected.put("progeny.auth.connect-timeout", "5s");
		expected.put("progeny.auth.read-timeout", "10s");
		expected.put("progeny.auth.allow-insecure-http", false);
		expected.put("progeny.auth.customize-clients", true);
		expected.put("progeny.auth.http-service-group", "progeny");
		expected.put("progeny.auth.ssl-bundle", null);
		expected.put("progeny.auth.store.type", "in-memory");
		expected.put("progeny.auth.store.redis.key-prefix", "progeny:auth:");
		expected.put("progeny.auth.store.redis.timeout", null);
		assertThat(properties.keySet().stream().filter((name) -> name.startsWith("progeny.auth.")))
			.containsExactlyInAnyOrderElementsOf(expected.keySet());
		expected.forEach((name, defaultValue) -> {
			JsonNode property = properties.get(name);
			assertThat(property.path("description").asString()).as(name).isNotBlank().endsWith(".");
			if (defaultValue == null) {
				assertThat(property.has("defaultValue")).as(name).isFalse();
			}
			else if (defaultValue instanceof Boolean flag) {
				assertThat(property.get("defaultValue").asBoolean()).as(name).isEqualTo(flag);
			}
			else {
				assertThat(property.get("defaultValue").asString()).as(name).isEqualTo(defaultValue);
			}
		});
	}

	@Test
	void durationDefaultsWhenDocumentedThenAreThoseOfTheTokenSettings() throws IOException {
		ProgenyTokenSettings defaults = ProgenyTokenSettings.defaults();
		ProgenyAuthProperties properties = new ProgenyAuthProperties();
		Map<String, Duration> documented = new HashMap<>();
		try (InputStream metadata = new ClassPathResource("META-INF/additional-spring-configuration-metadata.json")
			.getInputStream()) {
			JsonMapper.shared()
				.readTree(metadata)
				.get("properties")
				.forEach((property) -> documented.put(property.get("name").asString(),
						DurationStyle.detectAndParse(property.get("defaultValue").asString())));
		}
		assertThat(documented).containsOnly(entry("progeny.auth.refresh-ahead", defaults.refreshAhead()),
				entry("progeny.auth.must-refresh-margin", defaults.mustRefreshMargin()),
				entry("progeny.auth.fallback-lifetime", defaults.fallbackLifetime()),
				entry("progeny.auth.connect-timeout", defaults.connectTimeout()),
				entry("progeny.auth.read-timeout", defaults.readTimeout()));
		assertThat(PropertiesProgenyTokenSettings.of(properties)).isEqualTo(defaults);
	}

	@Test
	void metadataWhenGeneratedThenListsTheEndpointsAccessAndCacheProperties() throws IOException {
		Map<String, JsonNode> properties = named(metadata().get("properties"));
		assertThat(properties.get("management.endpoint.progeny.access").get("defaultValue").asString())
			.isEqualTo("unrestricted");
		assertThat(properties.get("management.endpoint.progeny.cache.time-to-live").get("defaultValue").asString())
			.isEqualTo("0ms");
	}

	@Test
	void metadataWhenGeneratedThenHintsTheValuesOfTheStoreType() throws IOException {
		JsonNode hint = named(metadata().get("hints")).get("progeny.auth.store.type");
		assertThat(hint).isNotNull();
		Map<String, String> values = new LinkedHashMap<>();
		hint.get("values").forEach((value) -> values.put(value.get("value").asString(),
				value.path("description").asString()));
		assertThat(values).containsOnlyKeys("in-memory", "redis");
		assertThat(values.values()).allSatisfy((description) -> assertThat(description).isNotBlank().endsWith("."));
	}

	private static JsonNode metadata() throws IOException {
		try (InputStream metadata = new ClassPathResource("META-INF/spring-configuration-metadata.json")
			.getInputStream()) {
			return JsonMapper.shared().readTree(metadata);
		}
	}

	private static Map<String, JsonNode> named(JsonNode items) {
		Map<String, JsonNode> named = new HashMap<>();
		items.forEach((item) -> named.put(item.get("name").asString(), item));
		return named;
	}

}
