package tech.progeny.auth.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class of the reactive suite: it runs in the {@code reactive-test} Surefire
 * execution, a JVM of its own, and fails when BlockHound sees a blocking call on a
 * non-blocking thread while it runs (see {@link BlockHoundGuard}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("reactive")
@ExtendWith(BlockHoundGuard.class)
public @interface ReactiveTest {

}
