/**
 * Test kit for hosts and vendors: test clock and JUnit 5 extension.
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.testing;

import org.jspecify.annotations.NullMarked;
