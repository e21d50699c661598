/**
 * Auto-configuration of Progeny authentication for Spring Boot applications.
 */
@NullMarked
package tech.progeny.auth.autoconfigure;

import org.jspecify.annotations.NullMarked;
