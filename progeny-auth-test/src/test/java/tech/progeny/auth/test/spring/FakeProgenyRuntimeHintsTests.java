package tech.progeny.auth.test.spring;

import java.lang.reflect.RecordComponent;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FakeProgenyRuntimeHints}.
 */
class FakeProgenyRuntimeHintsTests {

	@Test
	void registrarIsListedInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.anyMatch(FakeProgenyRuntimeHints.class::isInstance);
	}

	@Test
	void registerHintsThenTokenClaimsAreBindable() {
		RuntimeHints hints = new RuntimeHints();
		new FakeProgenyRuntimeHints().registerHints(hints, getClass().getClassLoader());
		Class<?> claims = ClassUtils.resolveClassName(FakeProgenyRuntimeHints.TOKEN_CLAIMS, null);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(claims)
			.withMemberCategories(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.ACCESS_DECLARED_FIELDS))
			.accepts(hints);
		assertThat(claims.getRecordComponents()).hasSize(5);
		for (RecordComponent component : claims.getRecordComponents()) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(component.getAccessor()))
				.as(component.toString())
				.accepts(hints);
		}
	}

}
