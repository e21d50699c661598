/**
 * Token lifecycle: the token value, its storage and the provider that keeps it fresh.
 */
@NullMarked
package tech.progeny.auth.token;

import org.jspecify.annotations.NullMarked;
