/**
 * Spring TestContext integration that points {@code progeny.auth.*} properties at a fake Progeny server.
 */
@NullMarked
package tech.progeny.auth.test.spring;

import org.jspecify.annotations.NullMarked;
