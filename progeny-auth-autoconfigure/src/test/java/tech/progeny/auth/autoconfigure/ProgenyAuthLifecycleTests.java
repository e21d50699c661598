package tech.progeny.auth.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenStatus.Phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of whole applications with the starter, from start to close.
 */
class ProgenyAuthLifecycleTests {

	private static FakeProgenyServer progeny;

	@BeforeAll
	static void startProgeny() {
		progeny = FakeProgenyServer.start();
	}

	@AfterAll
	static void stopProgeny() {
		progeny.close();
	}

	@Test
	void runWhenReactiveApplicationThenProgenyRestClientIsAuthenticated() {
		try (ConfigurableApplicationContext context = run(WebApplicationType.REACTIVE)) {
			assertThat(context).isInstanceOf(ReactiveWebApplicationContext.class);
			RestClient restClient = context.getBean("progenyRestClient", RestClient.class);
			assertThat(restClient.get().uri(FakeProgenyServer.PING_PATH).retrieve().body(String.class))
				.isEqualTo("{\"status\":\"ok\",\"user_id\":41}");
		}
	}

	@Test
	void closeWhenContextWasUsedThenLeavesNoThreadBehind() {
		java.util.Set<Thread> before = progenyThreads();
		ConfigurableApplicationContext context = run(WebApplicationType.NONE);
		ProgenyTokenProvider provider = context.getBean(ProgenyTokenProvider.class);
		context.getBean("progenyRestClient", RestClient.class).get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity();
		assertThat(provider.status().phase()).isEqualTo(Phase.FRESH);
		java.util.Set<Thread> started = progenyThreads();
		started.removeAll(before);
		assertThat(started).isNotEmpty();
		context.close();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(started).noneMatch(Thread::isAlive));
	}

	@Test
	void closeWhenReactiveContextWasUsedThenLeavesNoThreadBehind() {
		java.util.Set<Thread> before = progenyThreads();
		ConfigurableApplicationContext context = run(WebApplicationType.REACTIVE);
		context.getBean("progenyRestClient", RestClient.class).get().uri(FakeProgenyServer.PING_PATH).retrieve().toBodilessEntity();
		java.util.Set<Thread> started = progenyThreads();
		started.removeAll(before);
		assertThat(started).isNotEmpty();
		context.close();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(started).noneMatch(Thread::isAlive));
	}

	private static ConfigurableApplicationContext run(WebApplicationType webApplicationType) {
		return new SpringApplicationBuilder(Application.class).web(webApplicationType)
			.properties("server.port=0", "server.shutdown=immediate", "progeny.auth.base-url=" + progeny.baseUrl(),
					"progeny.auth.username=" + progeny.username(), "progeny.auth.password=" + progeny.password())
			.run();
	}

	/**
	 * Live threads of any provider in this JVM: tests compare the sets before and after,
	 * since cached contexts of other test classes keep their own.
	 */
	private static java.util.Set<Thread> progenyThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> thread.getName().startsWith("progeny-auth-"))
			.collect(java.util.stream.Collectors.toSet());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
