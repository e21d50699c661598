package tech.progeny.auth.autoconfigure.aot;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.ClassUtils;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyTokenClient;

/**
 * {@link RuntimeHintsRegistrar} for what progeny-auth reaches by reflection: the types
 * that Jackson binds, the JSON bodies of the token requests ({@link ProgenyCredentials}
 * for obtain and the refresh request of {@link ProgenyTokenClient}, which Spring's
 * message converters write), and the {@code httpClient} field of
 * {@link JdkClientHttpRequestFactory}, which the auto-configuration reads to tell whether
 * a client follows redirects ({@code CrossOriginRedirectCheck}; without the hint a native
 * image would take every such client for one that does). Registered in
 * {@code META-INF/spring/aot.factories}, so it applies wherever the library is on the
 * class path, with or without its auto-configuration.
 * <p>
 * Nothing else needs a hint: the token responses, error bodies and JWT claims are read
 * as a {@code JsonNode} tree, and the configuration properties and the actuator endpoint
 * get theirs from Spring Boot's own AOT processing.
 */
final class ProgenyAuthRuntimeHints implements RuntimeHintsRegistrar {

	/**
	 * The private record that {@link ProgenyTokenClient#refresh(String)} sends.
	 */
	static final String REFRESH_REQUEST = ProgenyTokenClient.class.getName() + "$RefreshRequest";

	/**
	 * The field of {@link JdkClientHttpRequestFactory} that holds its {@code HttpClient}.
	 */
	static final String JDK_HTTP_CLIENT_FIELD = "httpClient";

	private final BindingReflectionHintsRegistrar bindingHints = new BindingReflectionHintsRegistrar();

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		this.bindingHints.registerReflectionHints(hints.reflection(), ProgenyCredentials.class,
				ClassUtils.resolveClassName(REFRESH_REQUEST, classLoader));
		hints.reflection()
			.registerType(JdkClientHttpRequestFactory.class, (type) -> type.withField(JDK_HTTP_CLIENT_FIELD));
	}

}
