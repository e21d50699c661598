/**
 * Spring Security OAuth2 client integration: Progeny as one more client registration,
 * served from the token lifecycle.
 */
@NullMarked
package tech.progeny.auth.security;

import org.jspecify.annotations.NullMarked;
