package tech.progeny.auth.test.spring;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.IssuedAtClaim;

/**
 * Starts a fake Progeny server for an application context, registers it as the {@value #BEAN_NAME} bean, adds its
 * properties and closes it with the context.
 *
 * @param rotateRefreshTokens whether refresh tokens are rotated
 * @param blacklistAfterRotation whether rotated tokens are blacklisted
 * @param issuedAtClaim how tokens get their {@code iat} claim
 * @param sendDateHeader whether responses carry a {@code Date} header
 * @param sslBundle the SSL bundle to serve HTTPS for, empty for plain HTTP
 */
record FakeProgenyContextCustomizer(boolean rotateRefreshTokens, boolean blacklistAfterRotation,
		IssuedAtClaim issuedAtClaim, boolean sendDateHeader, String sslBundle) implements ContextCustomizer {

	static final String BEAN_NAME = "fakeProgenyServer";

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		FakeProgenyServer.Builder builder = FakeProgenyServer.builder()
			.rotateRefreshTokens(this.rotateRefreshTokens)
			.blacklistAfterRotation(this.blacklistAfterRotation)
			.issuedAtClaim(this.issuedAtClaim)
			.sendDateHeader(this.sendDateHeader);
		FakeProgenyServer server = (this.sslBundle.isEmpty() ? builder : builder.https()).start();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new FakeProgenyPropertySource(server, this.sslBundle.isEmpty() ? null : this.sslBundle));
		context.getBeanFactory().registerSingleton(BEAN_NAME, server);
		context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (event) -> {
			if (event.getApplicationContext() == context) {
				server.close();
			}
		});
	}

}
