package tech.progeny.auth.test.spring;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import tech.progeny.auth.test.FakeProgenyServer;

/**
 * Starts a fake Progeny server for an application context, registers it as the {@value #BEAN_NAME} bean, adds its
 * properties and closes it with the context.
 *
 * @param rotateRefreshTokens whether refresh tokens are rotated
 * @param blacklistAfterRotation whether rotated tokens are blacklisted
 */
record FakeProgenyContextCustomizer(boolean rotateRefreshTokens,
		boolean blacklistAfterRotation) implements ContextCustomizer {

	static final String BEAN_NAME = "fakeProgenyServer";

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		FakeProgenyServer server = FakeProgenyServer.builder()
			.rotateRefreshTokens(this.rotateRefreshTokens)
			.blacklistAfterRotation(this.blacklistAfterRotation)
			.start();
		context.getEnvironment().getPropertySources().addFirst(new FakeProgenyPropertySource(server));
		context.getBeanFactory().registerSingleton(BEAN_NAME, server);
		context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (event) -> {
			if (event.getApplicationContext() == context) {
				server.close();
			}
		});
	}

}
