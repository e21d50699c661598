package tech.progeny.auth.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;

import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

import tech.progeny.auth.security.ProgenyClientRegistration;
import tech.progeny.auth.security.ProgenyOAuth2AuthorizedClientProvider;
import tech.progeny.auth.token.ProgenyTokenSource;

/**
 * The alternative a Spring user would reach for: Spring Security 7's
 * {@link OAuth2ClientHttpRequestInterceptor} in front of an
 * {@link AuthorizedClientServiceOAuth2AuthorizedClientManager} with an in-memory
 * authorized-client service and the client-credentials provider, for one registration and
 * one fixed principal (the anonymous one the interceptor falls back to); and the same
 * interceptor on the starter's Spring Security bridge, the Progeny provider.
 */
final class SpringSecurityBaseline {

	static final String REGISTRATION_ID = "progeny";

	private static final Authentication PRINCIPAL = new AnonymousAuthenticationToken("benchmarks", "anonymousUser",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private SpringSecurityBaseline() {
	}

	/**
	 * Return an interceptor whose manager already holds the given access token, valid for
	 * an hour, so that no request ever reaches the token endpoint.
	 * @param tokenValue the access token
	 * @return the interceptor
	 */
	static OAuth2ClientHttpRequestInterceptor withValidToken(String tokenValue) {
		ClientRegistration registration = registration(URI.create("http://127.0.0.1:9/oauth2/token"));
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
		InMemoryOAuth2AuthorizedClientService service = new InMemoryOAuth2AuthorizedClientService(registrations);
		Instant now = Instant.now();
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, tokenValue, now,
				now.plus(Duration.ofHours(1)));
		service.saveAuthorizedClient(new OAuth2AuthorizedClient(registration, PRINCIPAL.getName(), token), PRINCIPAL);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, service);
		return interceptor(manager);
	}

	/**
	 * Return an interceptor that gets its tokens with the client-credentials grant from the
	 * given token endpoint, treating them as expired the given skew early.
	 * @param tokenUri the token endpoint
	 * @param clockSkew how long before expiry a token is replaced (Spring's default: 60 s)
	 * @param tokenRequestInterceptor applied to every token request, e.g. to time it
	 * @return the interceptor
	 */
	static OAuth2ClientHttpRequestInterceptor withClientCredentials(URI tokenUri, Duration clockSkew,
			ClientHttpRequestInterceptor tokenRequestInterceptor) {
		ClientRegistration registration = registration(tokenUri);
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
		InMemoryOAuth2AuthorizedClientService service = new InMemoryOAuth2AuthorizedClientService(registrations);
		RestClientClientCredentialsTokenResponseClient tokenClient = new RestClientClientCredentialsTokenResponseClient();
		tokenClient.setRestClient(RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory(HttpClient.newHttpClient()))
			.configureMessageConverters((converters) -> converters.addCustomConverter(new FormHttpMessageConverter())
				.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.requestInterceptor(tokenRequestInterceptor)
			.build());
		ClientCredentialsOAuth2AuthorizedClientProvider provider = new ClientCredentialsOAuth2AuthorizedClientProvider();
		provider.setAccessTokenResponseClient(tokenClient);
		provider.setClockSkew(clockSkew);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, service);
		manager.setAuthorizedClientProvider(provider);
		return interceptor(manager);
	}

	/**
	 * Return Spring Security's interceptor on the Progeny provider: the manager an
	 * application gets from the starter's auto-configuration
	 * ({@link AuthorizedClientServiceOAuth2AuthorizedClientManager} with an in-memory
	 * service, Progeny's provider first), for Progeny's registration.
	 * @param tokenSource the token lifecycle
	 * @param baseUrl Progeny's base URL
	 * @return the interceptor
	 */
	static OAuth2ClientHttpRequestInterceptor withProgenyProvider(ProgenyTokenSource tokenSource, URI baseUrl) {
		ClientRegistration registration = ProgenyClientRegistration.create(baseUrl, "benchmarks");
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, new InMemoryOAuth2AuthorizedClientService(registrations));
		manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
			.provider(new ProgenyOAuth2AuthorizedClientProvider(tokenSource))
			.refreshToken()
			.clientCredentials()
			.build());
		return interceptor(manager);
	}

	private static OAuth2ClientHttpRequestInterceptor interceptor(
			AuthorizedClientServiceOAuth2AuthorizedClientManager manager) {
		OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(manager);
		interceptor.setClientRegistrationIdResolver((request) -> REGISTRATION_ID);
		interceptor.setPrincipalResolver((request) -> PRINCIPAL);
		return interceptor;
	}

	private static ClientRegistration registration(URI tokenUri) {
		return ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.clientId("benchmarks")
			.clientSecret("benchmarks-secret")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri(tokenUri.toString())
			.build();
	}

}
