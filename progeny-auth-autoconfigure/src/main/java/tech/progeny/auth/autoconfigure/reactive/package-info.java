/**
 * Auto-configuration of Progeny authentication for {@code WebClient}.
 */
@NullMarked
package tech.progeny.auth.autoconfigure.reactive;

import org.jspecify.annotations.NullMarked;
