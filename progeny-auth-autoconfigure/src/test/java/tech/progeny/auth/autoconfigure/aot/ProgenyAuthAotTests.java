package tech.progeny.auth.autoconfigure.aot;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import tech.progeny.auth.autoconfigure.ProgenyAuthAutoConfiguration;
import tech.progeny.auth.autoconfigure.ProgenyAuthProperties;
import tech.progeny.auth.autoconfigure.reactive.ProgenyAuthReactiveAutoConfiguration;
import tech.progeny.auth.autoconfigure.security.ProgenyAuthOAuth2ClientAutoConfiguration;
import tech.progeny.auth.autoconfigure.endpoint.ProgenyAuthEndpointAutoConfiguration;
import tech.progeny.auth.autoconfigure.endpoint.ProgenyTokenEndpoint;
import tech.progeny.auth.autoconfigure.endpoint.ProgenyTokenEndpoint.ProgenyTokenDescriptor;
import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.FakeProgenyExtension;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenStatus;
import tech.progeny.auth.web.ProgenyAuthInterceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.progeny.auth.support.DemoPing.ping;

/**
 * Tests of the auto-configuration after ahead-of-time processing: the context (blocking,
 * reactive and Spring Security ways in, and the endpoint) is generated with
 * {@link ApplicationContextAotGenerator}, compiled, started from the generated initializer
 * alone, and used against the fake Progeny through {@code progenyRestClient} and
 * {@code progenyWebClient}.
 */
@CompileWithForkedClassLoader
class ProgenyAuthAotTests {

	@RegisterExtension
	static final FakeProgenyExtension progeny = new FakeProgenyExtension();

	@Test
	void processAheadOfTimeThenGeneratedContextHasEveryBeanAndAuthenticates() {
		GenericApplicationContext buildTime = new AnnotationConfigApplicationContext();
		properties().applyTo(buildTime);
		buildTime.registerBean(ProgenyApplication.class);
		TestGenerationContext generationContext = new TestGenerationContext();
		ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(buildTime,
				generationContext);
		generationContext.writeGeneratedContent();
		List<String> progenyBeans = Arrays.stream(buildTime.getBeanDefinitionNames())
			.filter((name) -> name.startsWith("progeny"))
			.toList();
		assertThat(progenyBeans).contains("progenyRestClient", "progenyAuthInterceptor", "progenyTokenProvider",
				"progenyTokenEndpoint", "progenyWebClient", "progenyOAuth2AuthorizedClientProvider");
		assertGeneratedHints(generationContext.getRuntimeHints());
		TestCompiler.forSystem().with(generationContext).compile((compiled) -> {
			try (GenericApplicationContext runtime = new GenericApplicationContext()) {
				properties().applyTo(runtime);
				@SuppressWarnings("unchecked")
				ApplicationContextInitializer<GenericApplicationContext> generated = compiled
					.getInstance(ApplicationContextInitializer.class, initializer.reflectionName());
				generated.initialize(runtime);
				runtime.refresh();
				assertThat(runtime.getBeanDefinitionNames()).containsAll(progenyBeans);
				assertThat(runtime.getBean(ProgenyAuthInterceptor.class)).isNotNull();
				ProgenyTokenProvider provider = runtime.getBean(ProgenyTokenProvider.class);
				long logins = progeny.server().counters().obtainRequests();
				assertThat(ping(runtime.getBean("progenyRestClient", RestClient.class)).is2xxSuccessful()).isTrue();
				assertThat(progeny.server().counters().obtainRequests()).isEqualTo(logins + 1);
				assertThat(provider.status().phase()).isEqualTo(ProgenyTokenStatus.Phase.FRESH);
				assertThat(runtime.getBean("progenyWebClient", WebClient.class)
					.get()
					.uri(FakeProgenyServer.PING_PATH)
					.retrieve()
					.toBodilessEntity()
					.block(Duration.ofSeconds(30))
					.getStatusCode()
					.is2xxSuccessful()).isTrue();
				ProgenyTokenDescriptor token = runtime.getBean(ProgenyTokenEndpoint.class).token();
				assertThat(token.activity().logins()).isOne();
			}
		});
	}

	private static void assertGeneratedHints(RuntimeHints hints) {
		// ours, from META-INF/spring/aot.factories
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ProgenyCredentials.class, "password"))
			.accepts(hints);
		// Spring Boot's, for the configuration properties and the endpoint's answers
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ProgenyAuthProperties.class, "setBaseUrl"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ProgenyTokenEndpoint.class, "token"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ProgenyTokenDescriptor.class, "phase"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(ProgenyTokenStatus.Activity.class, "lastRefreshAt")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ProgenyTokenStatus.Store.class, "leaseHolder"))
			.accepts(hints);
	}

	private static TestPropertyValues properties() {
		return TestPropertyValues.of(progeny.server().properties())
			.and("management.endpoints.web.exposure.include=progeny");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
			RestClientAutoConfiguration.class, ProgenyAuthAutoConfiguration.class,
			ProgenyAuthReactiveAutoConfiguration.class, ProgenyAuthOAuth2ClientAutoConfiguration.class,
			ProgenyAuthEndpointAutoConfiguration.class })
	static class ProgenyApplication {

	}

}
