package tech.progeny.auth.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatusCode;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import tech.progeny.auth.autoconfigure.ProgenyAuthProperties;
import tech.progeny.auth.client.ProgenyAuthException;
import tech.progeny.auth.security.ProgenyOAuth2AuthorizationFailureHandler;

import static org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver.clientRegistrationId;

/**
 * In the {@code spring-security} profile, reads the demo path the way an application
 * that already uses Spring Security's OAuth2 client does: through
 * {@link OAuth2ClientHttpRequestInterceptor} with {@code clientRegistrationId("progeny")}.
 * The starter provides the registration, the manager and the provider, whose tokens come
 * from the same lifecycle as {@code progenyRestClient}'s; the failure handler sends a 401
 * back to that lifecycle.
 */
@Component
@Profile("spring-security")
public final class SpringSecurityDemo {

	private static final Log logger = LogFactory.getLog(SpringSecurityDemo.class);

	private final RestClient restClient;

	private final SampleProperties properties;

	SpringSecurityDemo(RestClient.Builder restClientBuilder, OAuth2AuthorizedClientManager authorizedClientManager,
			ProgenyOAuth2AuthorizationFailureHandler authorizationFailureHandler, ProgenyAuthProperties progeny,
			SampleProperties properties) {
		OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(
				authorizedClientManager);
		interceptor.setAuthorizationFailureHandler(authorizationFailureHandler);
		this.restClient = restClientBuilder.baseUrl(progeny.getBaseUrl()).requestInterceptor(interceptor).build();
		this.properties = properties;
	}

	/**
	 * Reads the demo path through Spring Security's interceptor.
	 * @return the response status
	 * @throws RestClientException on an error status or an I/O failure
	 */
	public HttpStatusCode read() {
		return this.restClient.get()
			.uri(this.properties.getDemoPath())
			.attributes(clientRegistrationId("progeny"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode();
	}

	/**
	 * Reads the demo path every {@code sample.interval} and logs the status.
	 */
	@Scheduled(initialDelayString = "1s", fixedDelayString = "${sample.interval:2s}")
	public void callProgeny() {
		try {
			logger.info("GET " + this.properties.getDemoPath() + " through Spring Security's interceptor -> "
					+ read().value());
		}
		catch (RestClientException | ProgenyAuthException
				| org.springframework.security.oauth2.core.OAuth2AuthorizationException ex) {
			// none carries a token or a password in its message
			logger.info("GET " + this.properties.getDemoPath() + " through Spring Security's interceptor failed ("
					+ ex.getMessage() + ")");
		}
	}

}
