package tech.progeny.auth.test.spring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tech.progeny.auth.test.FakeProgenyExtension;
import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = FakeProgenyPropertiesTests.EmptyConfiguration.class)
class FakeProgenyPropertiesTests {

	@RegisterExtension
	static FakeProgenyExtension progeny = new FakeProgenyExtension();

	@DynamicPropertySource
	static void progenyProperties(DynamicPropertyRegistry registry) {
		FakeProgenyProperties.register(registry, progeny);
	}

	@Value("${progeny.auth.base-url}")
	String baseUrl;

	@Value("${progeny.auth.username}")
	String username;

	@Value("${progeny.auth.password}")
	String password;

	@Test
	void dynamicPropertySourcePointsProgenyAuthAtTheExtensionsServer() {
		assertThat(this.baseUrl).isEqualTo(progeny.baseUrl()).startsWith("http://127.0.0.1:");
		assertThat(this.username).isEqualTo(FakeProgenyServer.DEFAULT_USERNAME);
		assertThat(this.password).isEqualTo(FakeProgenyServer.DEFAULT_PASSWORD);
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
