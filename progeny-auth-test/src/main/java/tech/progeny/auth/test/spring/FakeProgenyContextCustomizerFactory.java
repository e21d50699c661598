package tech.progeny.auth.test.spring;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Adds a {@link FakeProgenyContextCustomizer} to the tests annotated with {@link AutoConfigureFakeProgeny}.
 */
final class FakeProgenyContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		AutoConfigureFakeProgeny annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				AutoConfigureFakeProgeny.class);
		return (annotation != null)
				? new FakeProgenyContextCustomizer(annotation.rotateRefreshTokens(), annotation.blacklistAfterRotation(),
						annotation.issuedAtClaim(), annotation.sendDateHeader(), annotation.sslBundle())
				: null;
	}

}
