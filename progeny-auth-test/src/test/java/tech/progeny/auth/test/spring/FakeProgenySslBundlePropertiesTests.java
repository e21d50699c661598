package tech.progeny.auth.test.spring;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tech.progeny.auth.test.FakeProgenyExtension;
import tech.progeny.auth.test.FakeProgenyServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@SpringBootTest(classes = FakeProgenySslBundlePropertiesTests.SslConfiguration.class)
class FakeProgenySslBundlePropertiesTests {

	@RegisterExtension
	static FakeProgenyExtension progeny = new FakeProgenyExtension(FakeProgenyServer.builder().https());

	@DynamicPropertySource
	static void progenyProperties(DynamicPropertyRegistry registry) {
		FakeProgenyProperties.register(registry, progeny);
		FakeProgenyProperties.registerSslBundle(registry, progeny, "progeny");
	}

	@Value("${progeny.auth.base-url}")
	String baseUrl;

	@Autowired
	SslBundles sslBundles;

	@Test
	void registerSslBundleWhenHttpsThenTheBundleTrustsTheExtensionsServer() throws Exception {
		assertThat(this.baseUrl).isEqualTo(progeny.baseUrl()).startsWith("https://127.0.0.1:");
		HttpClient client = HttpClient.newBuilder()
			.sslContext(this.sslBundles.getBundle("progeny").createSslContext())
			.build();
		HttpRequest ping = HttpRequest.newBuilder(progeny.server().url(FakeProgenyServer.PING_PATH)).build();
		assertThat(client.send(ping, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
		assertThat(progeny.server().counters().unauthorizedApiRequests()).isEqualTo(1);
	}

	@Test
	void sslBundleCertificatePropertyWhenNamedThenPemTruststoreOfThatBundle() {
		assertThat(FakeProgenyProperties.sslBundleCertificateProperty("progeny"))
			.isEqualTo("spring.ssl.bundle.pem.progeny.truststore.certificate");
		assertThatIllegalArgumentException().isThrownBy(() -> FakeProgenyProperties.sslBundleCertificateProperty(" "));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(SslAutoConfiguration.class)
	static class SslConfiguration {

	}

}
