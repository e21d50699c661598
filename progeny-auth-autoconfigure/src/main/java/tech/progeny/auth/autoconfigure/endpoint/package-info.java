/**
 * Actuator endpoint {@code progeny}: the state of the Progeny token, for operators.
 */
@NullMarked
package tech.progeny.auth.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
