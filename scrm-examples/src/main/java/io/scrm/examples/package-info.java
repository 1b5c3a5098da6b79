/**
 * Runnable examples of scrm: the README's quickstart and the demo of the whole process.
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.examples;

import org.jspecify.annotations.NullMarked;
