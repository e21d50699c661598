/**
 * Health of the Progeny token for Spring Boot Actuator.
 */
@NullMarked
package tech.progeny.auth.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
