package tech.progeny.auth.test.spring;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = AutoConfigureFakeProgenySslBundleTests.SslConfiguration.class)
@AutoConfigureFakeProgeny(sslBundle = "fake-progeny")
class AutoConfigureFakeProgenySslBundleTests {

	@Autowired
	FakeProgenyServer progeny;

	@Autowired
	Environment environment;

	@Autowired
	SslBundles sslBundles;

	@Test
	void sslBundleWhenSetThenServesHttpsAndTheBundleTrustsTheServer() throws Exception {
		assertThat(this.progeny.isHttps()).isTrue();
		assertThat(this.environment.getProperty("progeny.auth.base-url")).isEqualTo(this.progeny.baseUrl())
			.startsWith("https://127.0.0.1:");
		assertThat(this.environment.getProperty("spring.ssl.bundle.pem.fake-progeny.truststore.certificate"))
			.isEqualTo(this.progeny.certificatePem());
		HttpClient client = HttpClient.newBuilder()
			.sslContext(this.sslBundles.getBundle("fake-progeny").createSslContext())
			.build();
		HttpRequest obtain = HttpRequest.newBuilder(this.progeny.url(FakeProgenyServer.OBTAIN_PATH))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"progeny-demo\",\"password\":\"demo-password\"}"))
			.build();
		assertThat(client.send(obtain, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(SslAutoConfiguration.class)
	static class SslConfiguration {

	}

}
