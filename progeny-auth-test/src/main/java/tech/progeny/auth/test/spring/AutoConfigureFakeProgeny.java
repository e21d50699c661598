package tech.progeny.auth.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import tech.progeny.auth.test.IssuedAtClaim;

/**
 * Starts a {@link tech.progeny.auth.test.FakeProgenyServer} with the application context of a Spring test, points
 * {@code progeny.auth.base-url}, {@code progeny.auth.username} and {@code progeny.auth.password} at it (ahead of
 * every other property source), registers it as a bean and resets it before each test method. The server closes
 * with the context; test classes that share a cached context share the server.
 *
 * <pre>
 * &#64;SpringBootTest
 * &#64;AutoConfigureFakeProgeny
 * class MyAppTests {
 *
 *     &#64;Autowired
 *     FakeProgenyServer progeny;
 *
 *     &#64;Test
 *     void callsTheApiWithAToken() {
 *         // ...
 *         assertThat(this.progeny.counters().obtainRequests()).isEqualTo(1);
 *     }
 *
 * }
 * </pre>
 * With {@link #sslBundle()} the server serves HTTPS and its certificate becomes the trust store of that SSL bundle:
 * <pre>
 * &#64;SpringBootTest(properties = "spring.http.clients.ssl.bundle=fake-progeny")
 * &#64;AutoConfigureFakeProgeny(sslBundle = "fake-progeny")
 * class MyAppOverHttpsTests {
 *     // progeny.auth.base-url is https://127.0.0.1:&lt;port&gt;, and Boot's HTTP clients trust the fake
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureFakeProgeny {

	/**
	 * Whether a refresh answers a new refresh token as well as an access token.
	 * @return whether refresh tokens are rotated
	 */
	boolean rotateRefreshTokens() default true;

	/**
	 * Whether a rotated refresh token is blacklisted at once.
	 * @return whether refresh tokens are blacklisted after rotation
	 */
	boolean blacklistAfterRotation() default true;

	/**
	 * How tokens get their {@code iat} claim.
	 * @return the mode
	 */
	IssuedAtClaim issuedAtClaim() default IssuedAtClaim.NONE;

	/**
	 * Whether responses carry a {@code Date} header with the server clock's now.
	 * @return whether the {@code Date} header is sent
	 */
	boolean sendDateHeader() default true;

	/**
	 * The name of an SSL bundle to serve HTTPS for: when set, the server serves HTTPS with a self-signed certificate
	 * (see {@link tech.progeny.auth.test.FakeProgenyServer.Builder#https()}) and
	 * {@code spring.ssl.bundle.pem.<name>.truststore.certificate} holds it, so that a client using the bundle (for
	 * Boot's HTTP clients, {@code spring.http.clients.ssl.bundle=<name>}) trusts the server. Empty (the default)
	 * for plain HTTP.
	 * @return the bundle name, or empty
	 */
	String sslBundle() default "";

}
