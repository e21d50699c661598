package tech.progeny.auth.test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class FakeProgenyHttpsTests {

	@Test
	void httpsWhenBuiltThenServesTlsOnAnHttpsBaseUrlToAClientTrustingItsContext() throws Exception {
		try (FakeProgenyServer server = FakeProgenyServer.builder().https().start()) {
			assertThat(server.isHttps()).isTrue();
			assertThat(server.baseUrl()).startsWith("https://127.0.0.1:").endsWith(":" + server.port());
			HttpResponse<String> response = obtain(client(server.sslContext()), server);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.uri().getScheme()).isEqualTo("https");
			assertThat(response.sslSession().orElseThrow().getPeerCertificates())
				.containsExactly(server.certificate().certificate());
			assertThat(response.body()).startsWith("{\"refresh\":\"");
			assertThat(server.counters().obtainRequests()).isEqualTo(1);
		}
	}

	@Test
	void httpsWhenTheClientDoesNotTrustTheCertificateThenTheHandshakeFails() throws Exception {
		try (FakeProgenyServer server = FakeProgenyServer.builder().https().start()) {
			assertThatExceptionOfType(SSLHandshakeException.class)
				.isThrownBy(() -> obtain(client(SSLContext.getDefault()), server));
			assertThat(server.counters().obtainRequests()).isZero();
		}
	}

	@Test
	void trustManagerWhenHttpsThenTrustsTheServersCertificateOnly() {
		try (FakeProgenyServer server = FakeProgenyServer.builder().https().start()) {
			X509Certificate certificate = server.certificate().certificate();
			assertThat(server.trustManager().getAcceptedIssuers()).containsExactly(certificate);
			assertThat(server.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n")
				.isEqualTo(server.certificate().certificatePem());
			assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=fake-progeny");
		}
	}

	@Test
	void faultsWhenHttpsThenDropAndTruncateCutTheConnectionAndFailAndDelayStillAnswer() throws Exception {
		try (FakeProgenyServer server = FakeProgenyServer.builder().https().start()) {
			HttpClient client = client(server.sslContext());
			server.faults().dropNext(1);
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> obtain(client, server));
			server.faults().truncateNext(1);
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> obtain(client, server));
			server.faults().failNext(1, 503);
			assertThat(obtain(client, server).statusCode()).isEqualTo(503);
			server.faults().delay(Duration.ofMillis(100));
			assertThat(obtain(client, server).statusCode()).isEqualTo(200);
			assertThat(server.counters().obtainRequests()).isEqualTo(4);
		}
	}

	@Test
	void httpsWhenRestartedOnAFixedPortFromTheSameBuilderThenClientsKeepTrustingIt() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		FakeProgenyServer.Builder builder = FakeProgenyServer.builder().https().port(port);
		HttpClient client;
		String baseUrl;
		try (FakeProgenyServer first = builder.start()) {
			client = client(first.sslContext());
			baseUrl = first.baseUrl();
			assertThat(obtain(client, first).statusCode()).isEqualTo(200);
		}
		try (FakeProgenyServer second = builder.start()) {
			assertThat(second.baseUrl()).isEqualTo(baseUrl);
			assertThat(obtain(client, second).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void httpsWhenGivenACertificateThenPresentsIt() throws Exception {
		HeldCertificate certificate = new HeldCertificate.Builder().commonName("own")
			.addSubjectAlternativeName("127.0.0.1")
			.build();
		try (FakeProgenyServer server = FakeProgenyServer.builder().https(certificate).start()) {
			assertThat(server.certificate()).isSameAs(certificate);
			HttpResponse<String> response = obtain(client(server.sslContext()), server);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.sslSession().orElseThrow().getPeerCertificates())
				.containsExactly(certificate.certificate());
		}
	}

	@Test
	void certificateWhenPlainHttpThenIllegalStateNamingTheBuilderOption() {
		try (FakeProgenyServer server = FakeProgenyServer.start()) {
			assertThat(server.isHttps()).isFalse();
			assertThatIllegalStateException().isThrownBy(server::certificate).withMessageContaining(".https()");
			assertThatIllegalStateException().isThrownBy(server::certificatePem);
			assertThatIllegalStateException().isThrownBy(server::sslContext);
			assertThatIllegalStateException().isThrownBy(server::trustManager);
		}
	}

	private static HttpClient client(SSLContext context) {
		return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
	}

	private static HttpResponse<String> obtain(HttpClient client, FakeProgenyServer server)
			throws IOException, InterruptedException {
		return client.send(HttpRequest.newBuilder(server.url(FakeProgenyServer.OBTAIN_PATH))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString(Http.credentials(server.username(), server.password())))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
