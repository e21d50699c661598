package tech.progeny.auth.reliability;

import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.test.FakeProgenyServer;

/**
 * Application context runners with the starter's auto-configuration and the Spring Boot
 * HTTP client auto-configurations it runs after.
 */
final class ProgenyContextRunners {

	private ProgenyContextRunners() {
	}

	static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, RestTemplateAutoConfiguration.class));
	}

	static ApplicationContextRunner runner(FakeProgenyServer server) {
		return runner().withPropertyValues(properties(server.properties()));
	}

	/**
	 * Return a runner with everything a host application's HTTP clients have: SSL
	 * bundles and HTTP service groups too.
	 * @return the runner
	 */
	static ApplicationContextRunner hostRunner() {
		return runner().withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class,
				HttpServiceClientPropertiesAutoConfiguration.class, HttpServiceClientAutoConfiguration.class));
	}

	static String[] properties(Map<String, String> properties) {
		return properties.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

}
