package tech.progeny.auth.autoconfigure;

import org.springframework.web.client.RestClient;

/**
 * Callback that changes the {@link RestClient.Builder} of the auto-configured
 * {@link tech.progeny.auth.client.ProgenyTokenClient}: the one, explicit hook into token
 * requests.
 * <p>
 * Token requests carry the password and both tokens, so the token client is built from
 * {@link RestClient#builder()}, and none of the application's
 * {@code RestClientCustomizer}s, interceptors or builder state ever sees them. It gets
 * Spring Boot's HTTP client settings ({@code spring.http.clients.*}, or the SSL bundle
 * {@code progeny.auth.ssl-bundle}), the timeouts {@code progeny.auth.connect-timeout} and
 * {@code progeny.auth.read-timeout}, no redirects and the application's
 * {@code ObservationRegistry}. A customizer bean runs after that, in order: whatever it
 * adds sees credentials and tokens, and a request factory it sets must follow no
 * redirects.
 *
 * <pre class="code">
 * &#64;Bean
 * ProgenyTokenClientCustomizer corporateProxyHeader() {
 *     return (builder) -&gt; builder.defaultHeader("X-Corp-Route", "progeny");
 * }
 * </pre>
 */
@FunctionalInterface
public interface ProgenyTokenClientCustomizer {

	/**
	 * Customize the builder of the token client.
	 * @param builder the builder
	 */
	void customize(RestClient.Builder builder);

}
