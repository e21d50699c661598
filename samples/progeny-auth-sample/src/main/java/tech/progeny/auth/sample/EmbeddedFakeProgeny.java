package tech.progeny.auth.sample;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import tech.progeny.auth.test.FakeProgenyServer;

/**
 * Starts a {@link FakeProgenyServer} before the application's properties are bound, when
 * {@code progeny.auth.base-url} is not set (no {@code PROGENY_AUTH_BASE_URL}) and
 * {@code sample.fake-progeny.enabled} is not {@code false}. The fake issues access tokens
 * that live {@code sample.fake-progeny.access-token-lifetime} (20 s by default), so that
 * refreshes happen within a minute, on {@code sample.fake-progeny.port} (any free port by
 * default). Its base URL, username and password go into a
 * property source ahead of all others; the server is registered as the
 * {@value #BEAN_NAME} bean and stops when the application context closes, after every
 * bean that may still call it. Nothing is started while the application is processed
 * ahead of time at build time.
 * <p>
 * Registered in {@code META-INF/spring.factories}. Only a sample does this: an
 * application that talks to Progeny should need progeny-auth-test in its tests alone.
 */
public final class EmbeddedFakeProgeny implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the bean holding the embedded server.
	 */
	public static final String BEAN_NAME = "fakeProgenyServer";

	/**
	 * Name of the property source holding the server's {@code progeny.auth.*} properties.
	 */
	public static final String PROPERTY_SOURCE_NAME = "embeddedFakeProgeny";

	private static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofSeconds(20);

	private final Log logger;

	/**
	 * Create a new post-processor.
	 * @param logFactory where to log before logging is initialized
	 */
	public EmbeddedFakeProgeny(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(EmbeddedFakeProgeny.class);
	}

	@Override
	public int getOrder() {
		// after application.yml and profiles are loaded
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)
				|| Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			// ahead-of-time processing runs the application at build time: nothing calls Progeny then
			return;
		}
		Binder binder = Binder.get(environment);
		String baseUrl = binder.bind(FakeProgenyServer.BASE_URL_PROPERTY, String.class).orElse("");
		boolean enabled = binder.bind("sample.fake-progeny.enabled", Boolean.class).orElse(true);
		if (StringUtils.hasText(baseUrl) || !enabled) {
			return;
		}
		Duration lifetime = binder.bind("sample.fake-progeny.access-token-lifetime", Duration.class)
			.orElse(DEFAULT_ACCESS_TOKEN_LIFETIME);
		int port = binder.bind("sample.fake-progeny.port", Integer.class).orElse(0);
		FakeProgenyServer server = FakeProgenyServer.builder().accessTokenLifetime(lifetime).port(port).start();
		Map<String, Object> properties = new LinkedHashMap<>(server.properties());
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		application.addInitializers(new Registrar(server));
		this.logger.info("progeny.auth.base-url is not set: started a fake Progeny at " + server.baseUrl()
				+ " (user '" + server.username() + "', access tokens living " + lifetime.toSeconds()
				+ " s, refresh tokens rotated); set PROGENY_AUTH_BASE_URL, PROGENY_AUTH_USERNAME and "
				+ "PROGENY_AUTH_PASSWORD to call the real Progeny");
	}

	/**
	 * Registers the server as a bean that is closed with the context.
	 */
	private static final class Registrar implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		private final FakeProgenyServer server;

		Registrar(FakeProgenyServer server) {
			this.server = server;
		}

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			beanFactory.registerSingleton(BEAN_NAME, this.server);
			if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
				// registered first, destroyed last: clients still running may call it until then
				registry.registerDisposableBean(BEAN_NAME, this.server::close);
			}
			else {
				context.addApplicationListener((ApplicationListener<ContextClosedEvent>) (event) -> this.server.close());
			}
		}

	}

}
