package tech.progeny.auth.autoconfigure.aot;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyTokenClient;

/**
 * {@link RuntimeHintsRegistrar} for the types that Jackson binds by reflection in
 * progeny-auth: the JSON bodies of the token requests, {@link ProgenyCredentials} (obtain)
 * and the refresh request of {@link ProgenyTokenClient}, which Spring's message
 * converters write. Registered in {@code META-INF/spring/aot.factories}, so it applies
 * wherever the library is on the class path, with or without its auto-configuration.
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

	private final BindingReflectionHintsRegistrar bindingHints = new BindingReflectionHintsRegistrar();

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		this.bindingHints.registerReflectionHints(hints.reflection(), ProgenyCredentials.class,
				ClassUtils.resolveClassName(REFRESH_REQUEST, classLoader));
	}

}
