package tech.progeny.auth.autoconfigure.reactive;

import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.service.ReactiveHttpServiceClientAutoConfiguration;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.test.FakeProgenyServer;

/**
 * Application context runners with the starter's auto-configurations and the Spring Boot
 * HTTP client auto-configurations they run after.
 */
final class ReactiveContextRunners {

	private ReactiveContextRunners() {
	}

	static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class,
				ProgenyAuthReactiveAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				ReactiveHttpClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				HttpServiceClientPropertiesAutoConfiguration.class, ReactiveHttpServiceClientAutoConfiguration.class));
	}

	/**
	 * Return a runner with the starter's auto-configurations and Spring Boot's HTTP client
	 * auto-configurations only, as in an application without {@code spring-boot-webclient}
	 * and {@code spring-boot-restclient}.
	 */
	static ApplicationContextRunner withoutBootClientModules(FakeProgenyServer server) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class,
					ProgenyAuthReactiveAutoConfiguration.class, HttpClientAutoConfiguration.class,
					ImperativeHttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class))
			.withPropertyValues(properties(server.properties()));
	}

	static ApplicationContextRunner runner(FakeProgenyServer server) {
		return runner().withPropertyValues(properties(server.properties()));
	}

	private static String[] properties(Map<String, String> properties) {
		return properties.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

}
