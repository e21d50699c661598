package tech.progeny.auth.security;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.AuthenticatedPrincipalServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.server.ServerWebExchange;

import tech.progeny.auth.client.ProgenyCredentials;
import tech.progeny.auth.client.ProgenyTokenClient;
import tech.progeny.auth.test.FakeProgenyServer;
import tech.progeny.auth.token.InMemoryProgenyTokenStore;
import tech.progeny.auth.token.ProgenyToken;
import tech.progeny.auth.token.ProgenyTokenProvider;
import tech.progeny.auth.token.ProgenyTokenSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProgenyReactiveOAuth2AuthorizationFailureHandler} on the
 * exchange-scoped {@link ServerOAuth2AuthorizedClientRepository}, with a token lifecycle
 * against a fake Progeny.
 */
class ProgenyReactiveOAuth2AuthorizationFailureHandlerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final FakeProgenyServer progeny = FakeProgenyServer.start();

	private final ProgenyTokenProvider provider = new ProgenyTokenProvider(
			ProgenyTokenClient.create(URI.create(this.progeny.baseUrl()), TIMEOUT, TIMEOUT),
			() -> new ProgenyCredentials(this.progeny.username(), this.progeny.password()),
			new InMemoryProgenyTokenStore(), ProgenyTokenSettings.defaults());

	private final ClientRegistration registration = ProgenyClientRegistration.create(URI.create(this.progeny.baseUrl()),
			this.progeny.username());

	private final ClientRegistration other = ClientRegistration.withRegistrationId("other")
		.clientId("other-client")
		.clientSecret("secret")
		.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
		.tokenUri("http://127.0.0.1:9/token")
		.build();

	private final ServerOAuth2AuthorizedClientRepository repository = new AuthenticatedPrincipalServerOAuth2AuthorizedClientRepository(
			new InMemoryReactiveOAuth2AuthorizedClientService(
					new InMemoryReactiveClientRegistrationRepository(this.registration, this.other)));

	private final ProgenyReactiveOAuth2AuthorizationFailureHandler handler = ProgenyReactiveOAuth2AuthorizationFailureHandler
		.of(this.provider, this.repository);

	private final Authentication principal = new TestingAuthenticationToken("clinic-user", "n/a", "ROLE_USER");

	private final ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/").build());

	@AfterEach
	void stop() {
		this.provider.close();
		this.progeny.close();
	}

	private void save(ClientRegistration registration, String accessToken) {
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(registration, this.principal.getName(),
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken, null, null));
		this.repository.saveAuthorizedClient(client, this.principal, this.exchange).block(TIMEOUT);
	}

	private void fail(String registrationId, String errorCode, Map<String, Object> attributes) {
		this.handler
			.onAuthorizationFailure(new ClientAuthorizationException(new OAuth2Error(errorCode), registrationId),
					this.principal, attributes)
			.block(TIMEOUT);
	}

	private Map<String, Object> withExchange() {
		return Map.of(ServerWebExchange.class.getName(), this.exchange);
	}

	private OAuth2AuthorizedClient stored(String registrationId) {
		return this.repository.loadAuthorizedClient(registrationId, this.principal, this.exchange).block(TIMEOUT);
	}

	@Test
	void onAuthorizationFailureWhenInvalidTokenForProgenyThenInvalidatesTheSentTokenAndRemovesTheClient() {
		ProgenyToken token = this.provider.token();
		save(this.registration, token.accessToken());
		fail("progeny", OAuth2ErrorCodes.INVALID_TOKEN, withExchange());
		assertThat(this.provider.status().activity().invalidations()).isEqualTo(1);
		assertThat(this.provider.freshAuthorizationHeader()).isNull();
		assertThat(stored("progeny")).isNull();
		assertThat(this.provider.token().accessToken()).isNotEqualTo(token.accessToken());
	}

	@Test
	void onAuthorizationFailureWhenTheClientHoldsAnOlderTokenThenTheCurrentOneIsKept() {
		String current = this.provider.authorizationHeader();
		save(this.registration, "an-older-token");
		fail("progeny", OAuth2ErrorCodes.INVALID_TOKEN, withExchange());
		assertThat(this.provider.status().activity().invalidations()).isZero();
		assertThat(this.provider.freshAuthorizationHeader()).isEqualTo(current);
	}

	@Test
	void onAuthorizationFailureWhenNoServerExchangeThenNothingIsInvalidated() {
		save(this.registration, this.provider.token().accessToken());
		fail("progeny", OAuth2ErrorCodes.INVALID_TOKEN, Map.of());
		assertThat(this.provider.status().activity().invalidations()).isZero();
		assertThat(stored("progeny")).isNotNull();
	}

	@Test
	void onAuthorizationFailureWhenAnotherErrorOrRegistrationThenTheLifecycleIsLeftAlone() {
		String current = this.provider.authorizationHeader();
		save(this.registration, this.provider.token().accessToken());
		save(this.other, current.substring("Bearer ".length()));
		fail("progeny", OAuth2ErrorCodes.INSUFFICIENT_SCOPE, withExchange());
		fail("other", OAuth2ErrorCodes.INVALID_TOKEN, withExchange());
		assertThat(this.provider.status().activity().invalidations()).isZero();
		assertThat(this.provider.freshAuthorizationHeader()).isEqualTo(current);
		assertThat(stored("other")).as("Spring's handler still removes the other client").isNull();
	}

}
