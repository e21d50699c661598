/**
 * HTTP client integration that authenticates requests to Progeny's origin.
 */
@NullMarked
package tech.progeny.auth.web;

import org.jspecify.annotations.NullMarked;
