package tech.progeny.auth.security;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;

import tech.progeny.auth.client.ProgenyTokenClient;

/**
 * The {@link ClientRegistration} under which Spring Security's OAuth2 client reaches
 * Progeny: registration id {@value #REGISTRATION_ID}, grant type {@link #GRANT_TYPE}.
 * <p>
 * Progeny's login (djangorestframework-simplejwt: username and password posted as JSON,
 * a JWT pair back, refreshed with the refresh token) is no OAuth 2.0 grant, so the
 * registration carries an extension grant type (RFC 6749, section 4.5: an absolute
 * URI). Its value, {@value #GRANT_TYPE_VALUE}, follows the shape of the IETF's
 * {@code urn:ietf:params:oauth:grant-type:*} grants (RFC 7523, RFC 8693) outside the
 * {@code ietf} namespace, which only IETF registrations may use. It is never sent to any
 * server: it keeps Spring's own providers (authorization code, client credentials,
 * refresh token, JWT bearer, token exchange) off the registration, so that only
 * {@link ProgenyOAuth2AuthorizedClientProvider} and its reactive twin serve it.
 * <p>
 * The token URI is Progeny's obtain endpoint and the client id its username, for
 * display and logs; the registration holds no secret. Credentials stay with the token
 * lifecycle, which is the only part that ever sends them.
 */
public final class ProgenyClientRegistration {

	/**
	 * The registration id: {@code clientRegistrationId("progeny")}.
	 */
	public static final String REGISTRATION_ID = "progeny";

	/**
	 * The value of {@link #GRANT_TYPE}.
	 */
	public static final String GRANT_TYPE_VALUE = "urn:progeny:params:oauth:grant-type:simplejwt-password";

	/**
	 * The extension grant type of Progeny's registration.
	 */
	public static final AuthorizationGrantType GRANT_TYPE = new AuthorizationGrantType(GRANT_TYPE_VALUE);

	private ProgenyClientRegistration() {
	}

	/**
	 * Create the registration for the given Progeny.
	 * @param baseUrl Progeny's base URL
	 * @param username the username that Progeny issued, or {@code null} if the
	 * credentials come from elsewhere (the client id is then the registration id)
	 * @return the registration
	 */
	public static ClientRegistration create(URI baseUrl, @Nullable String username) {
		Assert.notNull(baseUrl, "baseUrl cannot be null");
		String tokenUri = UriComponentsBuilder.fromUri(baseUrl)
			.replacePath(ProgenyTokenClient.OBTAIN_PATH)
			.replaceQuery(null)
			.fragment(null)
			.build(true)
			.toUriString();
		return ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.clientName("Progeny")
			.clientId(StringUtils.hasText(username) ? username : REGISTRATION_ID)
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(GRANT_TYPE)
			.tokenUri(tokenUri)
			.build();
	}

	/**
	 * Whether the given registration is served by Progeny's token lifecycle: whether its
	 * grant type is {@link #GRANT_TYPE}.
	 * @param registration the registration
	 * @return {@code true} for Progeny's registration
	 */
	public static boolean isProgeny(ClientRegistration registration) {
		return GRANT_TYPE.equals(registration.getAuthorizationGrantType());
	}

}
