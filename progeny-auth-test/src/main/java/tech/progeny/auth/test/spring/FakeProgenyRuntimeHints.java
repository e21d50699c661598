package tech.progeny.auth.test.spring;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

import tech.progeny.auth.test.FakeProgenyServer;

/**
 * {@link RuntimeHintsRegistrar} for the one type that the {@link FakeProgenyServer}
 * binds with Jackson by reflection: the claims it writes into the tokens it mints. (Its
 * requests and answers are read and written as {@code JsonNode} trees.) Registered in
 * {@code META-INF/spring/aot.factories}, for applications and tests that run the fake
 * after ahead-of-time processing, such as the sample in a native image.
 */
final class FakeProgenyRuntimeHints implements RuntimeHintsRegistrar {

	/**
	 * The package-private record of a minted token's claims.
	 */
	static final String TOKEN_CLAIMS = FakeProgenyServer.class.getPackageName() + ".TokenClaims";

	private final BindingReflectionHintsRegistrar bindingHints = new BindingReflectionHintsRegistrar();

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		this.bindingHints.registerReflectionHints(hints.reflection(),
				ClassUtils.resolveClassName(TOKEN_CLAIMS, classLoader));
	}

}
