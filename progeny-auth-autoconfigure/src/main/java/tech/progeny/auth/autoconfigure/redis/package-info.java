/**
 * Auto-configuration of fleet mode: the Redis token store.
 */
@NullMarked
package tech.progeny.auth.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
