package tech.progeny.auth.autoconfigure;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.test.FakeProgenyExtension;
import tech.progeny.auth.token.ProgenyTokenProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static tech.progeny.auth.support.DemoPing.ping;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests of Spring Boot 4.1's {@code InetAddressFilter}: an application bean of that type
 * restricts the addresses that Boot's HTTP clients connect to, and token requests and
 * {@code progenyRestClient} honour it, since both are built from Boot's
 * {@code HttpClientSettings}. Skipped on Spring Boot 4.0, which has no such filter (the
 * CI's Boot 4.1 leg runs them). Reflection keeps this class compiling on both.
 */
class InetAddressFilterTests {

	private static final String INET_ADDRESS_FILTER = "org.springframework.boot.http.client.InetAddressFilter";

	@RegisterExtension
	static final FakeProgenyExtension progeny = new FakeProgenyExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ProgenyAuthAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class))
		.withInitializer((context) -> TestPropertyValues.of(progeny.server().properties()).applyTo(context));

	@BeforeEach
	void requireSpringBoot41() {
		assumeTrue(ClassUtils.isPresent(INET_ADDRESS_FILTER, null), "InetAddressFilter needs Spring Boot 4.1");
	}

	@Test
	void tokenRequestsWhenFilterAllowsOnlyExternalAddressesThenNotSentToLoopback() {
		this.contextRunner.withBean(filterType(), () -> filter("externalAddresses")).run((context) -> {
			ProgenyTokenProvider provider = context.getBean(ProgenyTokenProvider.class);
			assertThatExceptionOfType(ProgenyAuthException.class).isThrownBy(provider::authorizationHeader)
				.havingRootCause()
				.withMessageContaining("Filtered host '127.0.0.1'");
			assertThat(progeny.server().counters().tokenRequests()).isZero();
		});
	}

	@Test
	void tokenRequestsAndProgenyRestClientWhenFilterAllowsLoopbackThenAuthenticate() {
		this.contextRunner.withBean(filterType(), () -> filter("internalAddresses")).run((context) -> {
			assertThat(ping(context.getBean("progenyRestClient", RestClient.class)).is2xxSuccessful()).isTrue();
			assertThat(progeny.server().counters().obtainRequests()).isOne();
		});
	}

	@SuppressWarnings("unchecked")
	private static Class<Object> filterType() {
		return (Class<Object>) ClassUtils.resolveClassName(INET_ADDRESS_FILTER, null);
	}

	private static Object filter(String factoryMethod) {
		return ReflectionUtils.invokeMethod(ReflectionUtils.findMethod(filterType(), factoryMethod), null);
	}

}
