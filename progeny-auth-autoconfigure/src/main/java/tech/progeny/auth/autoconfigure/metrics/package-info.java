/**
 * Micrometer metrics of the Progeny token.
 */
@NullMarked
package tech.progeny.auth.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
