/**
 * Client for Progeny's token endpoints, the credentials it sends and the failures it reports.
 */
@NullMarked
package tech.progeny.auth.client;

import org.jspecify.annotations.NullMarked;
