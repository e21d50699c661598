package tech.progeny.auth.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a default {@link FakeProgenyServer} for the annotated test class through {@link FakeProgenyExtension};
 * declare a {@link FakeProgenyServer} parameter to use it.
 *
 * <pre>
 * &#64;FakeProgeny
 * class MyClientTests {
 *
 *     &#64;Test
 *     void obtains(FakeProgenyServer progeny) {
 *         // ... progeny.baseUrl(), progeny.username(), progeny.password()
 *     }
 *
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(FakeProgenyExtension.class)
public @interface FakeProgeny {

}
