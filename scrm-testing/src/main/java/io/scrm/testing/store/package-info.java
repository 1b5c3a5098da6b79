/**
 * Abstract contract tests that every store implementation extends.
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.testing.store;

import org.jspecify.annotations.NullMarked;
