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

}
