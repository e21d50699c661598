/**
 * Fleet mode on Redis: a token store shared by every instance of an application, its
 * lease for the one token request in flight across them, and the encryption of the
 * stored entry.
 */
@NullMarked
package tech.progeny.auth.redis;

import org.jspecify.annotations.NullMarked;
