/**
 * A Spring Boot application that calls Progeny through progeny-auth-starter.
 */
@NullMarked
package tech.progeny.auth.sample;

import org.jspecify.annotations.NullMarked;
