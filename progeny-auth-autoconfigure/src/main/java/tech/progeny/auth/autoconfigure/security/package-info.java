/**
 * Auto-configuration of the Spring Security OAuth2 client integration.
 */
@NullMarked
package tech.progeny.auth.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
