package tech.progeny.auth.test.spring;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.TestExecutionListener;

import tech.progeny.auth.test.FakeProgenyServer;

/**
 * Resets the fake Progeny server of a test annotated with {@link AutoConfigureFakeProgeny} before each test method,
 * so counters, faults, users and the blacklist do not leak between tests sharing a context.
 */
final class FakeProgenyResetTestExecutionListener implements TestExecutionListener, Ordered {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		if (TestContextAnnotationUtils.hasAnnotation(testContext.getTestClass(), AutoConfigureFakeProgeny.class)
				&& testContext.hasApplicationContext()) {
			testContext.getApplicationContext()
				.getBeanProvider(FakeProgenyServer.class)
				.ifAvailable(FakeProgenyServer::reset);
		}
	}

}
