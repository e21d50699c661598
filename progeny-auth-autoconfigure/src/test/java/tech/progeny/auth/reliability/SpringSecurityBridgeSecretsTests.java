package tech.progeny.auth.reliability;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.autoconfigure.security.ProgenyAuthOAuth2ClientAutoConfiguration;
import tech.progeny.auth.client.ProgenyCredentialsRejectedException;
import tech.progeny.auth.reliability.SecretLeakExtension.Secrets;
import tech.progeny.auth.security.ProgenyOAuth2AuthorizationFailureHandler;
import tech.progeny.auth.test.CannedResponse;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.test.ProgenyEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver.clientRegistrationId;

/**
 * Spring Security's interceptor through the Progeny provider, with Spring Security's
 * logging at TRACE as well: a login, a rejected token, the new token and a refused login
 * leave no password or token in the output or in the exceptions, and no refresh token in
 * Spring's authorized-client store.
 */
@ExtendWith(SecretLeakExtension.class)
class SpringSecurityBridgeSecretsTests {

	private final FakeProgenyServer server = FakeProgenyServer.start();

	private final List<Logger> traced = new ArrayList<>();

	@BeforeEach
	void traceSpringSecurity() {
		Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("org.springframework.security");
		logger.setLevel(Level.TRACE);
		this.traced.add(logger);
	}

	@AfterEach
	void stop() {
		this.traced.forEach((logger) -> logger.setLevel(null));
		this.server.close();
	}

	private static RestClient restClient(AssertableApplicationContext context) {
		OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(
				context.getBean(OAuth2AuthorizedClientManager.class));
		interceptor.setAuthorizationFailureHandler(context.getBean(ProgenyOAuth2AuthorizationFailureHandler.class));
		return RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory(HttpClient.newHttpClient()))
			.requestInterceptor(interceptor)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	private int ping(RestClient restClient) {
		return restClient.get()
			.uri(this.server.url(FakeProgenyServer.PING_PATH))
			.attributes(clientRegistrationId("progeny"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value();
	}

	@Test
	void bridgeWhenLoggingInBeingRejectedAndGettingANewTokenThenLeaksNoSecret(Secrets secrets) {
		secrets.watch(this.server);
		ProgenyContextRunners.runner(this.server)
			.withConfiguration(AutoConfigurations.of(ProgenyAuthOAuth2ClientAutoConfiguration.class))
			.run((context) -> {
				RestClient restClient = restClient(context);
				assertThat(ping(restClient)).isEqualTo(200);
				this.server.faults()
					.failNext(ProgenyEndpoint.API, 1, CannedResponse.accessTokenNotValid());
				assertThat(ping(restClient)).isEqualTo(401);
				assertThat(ping(restClient)).isEqualTo(200);
				OAuth2AuthorizedClient stored = context.getBean(OAuth2AuthorizedClientService.class)
					.loadAuthorizedClient("progeny", "anonymousUser");
				assertThat(stored.getRefreshToken()).isNull();
				assertThat(stored.getAccessToken().getTokenValue()).isNotEqualTo(this.server.tokens().issuedTokens().get(0));
				assertThat(this.server.counters().tokenRequests()).isEqualTo(2);
			});
		assertThat(secrets.secretCount()).isGreaterThanOrEqualTo(5);
	}

	@Test
	void bridgeWhenTheLoginIsRefusedThenLeaksNoSecret(Secrets secrets) {
		secrets.watch(this.server).watch("wrong-Passw0rd-for-progeny");
		ProgenyContextRunners.runner(this.server)
			.withConfiguration(AutoConfigurations.of(ProgenyAuthOAuth2ClientAutoConfiguration.class))
			.withPropertyValues("progeny.auth.password=wrong-Passw0rd-for-progeny")
			.run((context) -> {
				ClientAuthorizationException failure = secrets.check(catchThrowableOfType(
						ClientAuthorizationException.class, () -> ping(restClient(context))));
				assertThat(failure.getError().getErrorCode()).isEqualTo("invalid_grant");
				assertThat(failure).hasCauseInstanceOf(ProgenyCredentialsRejectedException.class);
				assertThat(failure.getClientRegistrationId()).isEqualTo("progeny");
			});
	}

}
