/**
 * Hints for ahead-of-time processing and GraalVM native images.
 */
@NullMarked
package tech.progeny.auth.autoconfigure.aot;

import org.jspecify.annotations.NullMarked;
