/**
 * An in-process fake of Progeny's token API for testing applications that use progeny-auth.
 */
@NullMarked
package tech.progeny.auth.test;

import org.jspecify.annotations.NullMarked;
