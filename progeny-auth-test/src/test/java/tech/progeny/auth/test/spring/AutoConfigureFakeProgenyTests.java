package tech.progeny.auth.test.spring;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.IssuedAtClaim;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = AutoConfigureFakeProgenyTests.EmptyConfiguration.class,
		properties = "progeny.auth.base-url=http://example.invalid")
@AutoConfigureFakeProgeny(rotateRefreshTokens = false, issuedAtClaim = IssuedAtClaim.AT_ISSUE,
		sendDateHeader = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoConfigureFakeProgenyTests {

	@Autowired
	FakeProgenyServer progeny;

	@Autowired
	Environment environment;

	@Test
	@Order(1)
	void startsAServerAndPointsProgenyAuthAtItAheadOfOtherProperties() {
		assertThat(this.progeny.isClosed()).isFalse();
		assertThat(this.progeny.rotatesRefreshTokens()).isFalse();
		assertThat(this.progeny.issuedAtClaim()).isEqualTo(IssuedAtClaim.AT_ISSUE);
		assertThat(this.progeny.sendsDateHeader()).isFalse();
		assertThat(this.environment.getProperty("progeny.auth.base-url")).isEqualTo(this.progeny.baseUrl());
		assertThat(this.environment.getProperty("progeny.auth.username")).isEqualTo(this.progeny.username());
		assertThat(this.environment.getProperty("progeny.auth.password")).isEqualTo(this.progeny.password());
		this.progeny.users().changePassword(this.progeny.username(), "changed");
		assertThat(this.environment.getProperty("progeny.auth.password")).isEqualTo("changed");
		this.progeny.faults().failNext(1, 503);
	}

	@Test
	@Order(2)
	void resetsTheServerBeforeEachTest() throws Exception {
		assertThat(this.progeny.password()).isEqualTo(FakeProgenyServer.DEFAULT_PASSWORD);
		assertThat(this.progeny.faults().hungRequests()).isZero();
		HttpRequest obtain = HttpRequest.newBuilder(this.progeny.url(FakeProgenyServer.OBTAIN_PATH))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"progeny-demo\",\"password\":\"demo-password\"}"))
			.build();
		HttpClient client = HttpClient.newHttpClient();
		assertThat(client.send(obtain, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
