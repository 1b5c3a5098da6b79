/**
 * The test kit's general parts: a {@link io.scrm.testing.TestClock} that tests move by hand.
 */
@NullMarked
package io.scrm.testing;

import org.jspecify.annotations.NullMarked;
