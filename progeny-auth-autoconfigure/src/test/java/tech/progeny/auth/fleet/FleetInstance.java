package tech.progeny.auth.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.autoconfigure.redis.ProgenyAuthRedisAutoConfiguration;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.ProgenyTokenProvider;

/**
 * One instance of an application in a fleet: an application context of its own with the
 * starter's and Spring Boot's Redis and HTTP client auto-configuration, so with its own
 * Redis connection factory, token client and provider.
 */
final class FleetInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private FleetInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Start an instance.
	 * @param progeny the fake Progeny, whose account it uses
	 * @param properties more properties, such as {@code progeny.auth.store.type=redis}
	 * @return the instance
	 */
	static FleetInstance start(FakeProgenyServer progeny, Map<String, String> properties) {
		Map<String, String> all = new LinkedHashMap<>(progeny.properties());
		all.putAll(properties);
		return start(all);
	}

	/**
	 * Start an instance.
	 * @param properties its properties, {@code progeny.auth.*} included
	 * @return the instance
	 */
	static FleetInstance start(Map<String, String> properties) {
		List<String> values = new ArrayList<>();
		properties.forEach((name, value) -> values.add(name + "=" + value));
		values.add("spring.main.banner-mode=off");
		values.add("logging.level.tech.progeny=INFO");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(FleetApplication.class)
			.web(WebApplicationType.NONE)
			.registerShutdownHook(false)
			.logStartupInfo(false)
			.properties(values.toArray(String[]::new))
			.run();
		// as in a running application, the Redis connection is already open when the token
		// is first needed: a cold connection is not what these tests measure
		context.getBeanProvider(RedisConnectionFactory.class).ifAvailable((factory) -> {
			try (RedisConnection connection = factory.getConnection()) {
				connection.ping();
			}
		});
		return new FleetInstance(context);
	}

	RestClient restClient() {
		return this.context.getBean("progenyRestClient", RestClient.class);
	}

	ProgenyTokenProvider provider() {
		return this.context.getBean(ProgenyTokenProvider.class);
	}

	boolean isActive() {
		return this.context.isActive();
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, ProgenyAuthRedisAutoConfiguration.class,
			ProgenyAuthAutoConfiguration.class, HttpClientAutoConfiguration.class,
			ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class })
	static class FleetApplication {

	}

}
