/**
 * JMH benchmarks and load drivers of progeny-auth against its baselines.
 */
@NullMarked
package tech.progeny.auth.benchmarks;

import org.jspecify.annotations.NullMarked;
