/**
 * WebClient integration that authenticates requests to Progeny's origin without blocking.
 */
@NullMarked
package tech.progeny.auth.web.reactive;

import org.jspecify.annotations.NullMarked;
