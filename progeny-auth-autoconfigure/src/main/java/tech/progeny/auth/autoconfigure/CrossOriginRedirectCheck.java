package tech.progeny.auth.autoconfigure;

import java.lang.reflect.Field;
import java.net.http.HttpClient;

import org.springframework.http.client.AbstractClientHttpRequestFactoryWrapper;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the request factories that would carry a Progeny token to another host: those on
 * the JDK's {@link HttpClient} that follow redirects and that the starter did not build.
 * The JDK's client keeps every header the caller set, {@code Authorization} included,
 * when it follows a redirect to another host; the other clients Spring Boot builds
 * (Apache HttpComponents, Jetty, Reactor Netty, {@code HttpURLConnection}) drop it. A
 * factory made by the application's {@code ClientHttpRequestFactoryBuilder} follows no
 * redirect to Progeny in any case.
 */
final class CrossOriginRedirectCheck {

	private static final Field HTTP_CLIENT = ReflectionUtils.findField(JdkClientHttpRequestFactory.class,
			"httpClient", HttpClient.class);

	static {
		if (HTTP_CLIENT != null) {
			ReflectionUtils.makeAccessible(HTTP_CLIENT);
		}
	}

	private CrossOriginRedirectCheck() {
	}

	/**
	 * Fail if the given factory of a client that authenticates requests to Progeny would
	 * carry the token to another host on a redirect.
	 * @param requestFactory the client's request factory
	 * @param client what the client is, for the message
	 * @throws UnsafeProgenyClientException if it would
	 */
	static void check(ClientHttpRequestFactory requestFactory, String client) {
		ClientHttpRequestFactory factory = unwrap(requestFactory);
		if (factory instanceof JdkClientHttpRequestFactory jdk && followsRedirects(jdk)) {
			throw new UnsafeProgenyClientException(client + " authenticates requests to Progeny's origin through a "
					+ "JdkClientHttpRequestFactory that follows redirects and was not built by the application's "
					+ "ClientHttpRequestFactoryBuilder: the JDK's HttpClient would carry the access token to any "
					+ "host that a redirect names",
					"Build the factory with the ClientHttpRequestFactoryBuilder bean (for a RestTemplateBuilder, "
							+ "leave its request factory alone or use requestFactoryBuilder(...) with that bean; "
							+ "choose the client with 'spring.http.clients.imperative.factory'), or make the "
							+ "HttpClient follow no redirects (HttpClient.Redirect.NEVER), or remove "
							+ "ProgenyAuthInterceptor from that client, or set 'progeny.auth.customize-clients=false'.");
		}
	}

	private static ClientHttpRequestFactory unwrap(ClientHttpRequestFactory requestFactory) {
		ClientHttpRequestFactory factory = requestFactory;
		while (factory instanceof AbstractClientHttpRequestFactoryWrapper wrapper) {
			factory = wrapper.getDelegate();
		}
		return factory;
	}

	private static boolean followsRedirects(JdkClientHttpRequestFactory requestFactory) {
		if (HTTP_CLIENT == null) {
			// cannot tell: assume the worst
			return true;
		}
		HttpClient httpClient = (HttpClient) ReflectionUtils.getField(HTTP_CLIENT, requestFactory);
		return httpClient == null || httpClient.followRedirects() != HttpClient.Redirect.NEVER;
	}

}
