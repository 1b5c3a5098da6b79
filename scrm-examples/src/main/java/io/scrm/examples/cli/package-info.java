/**
 * The {@code scrm} command line.
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.examples.cli;

import org.jspecify.annotations.NullMarked;
