/**
 * The store SPI with optimistic versioning, and the thread-safe in-memory stores that are the
 * embedded default ({@link io.scrm.core.store.Stores#inMemory()}).
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.core.store;

import org.jspecify.annotations.NullMarked;
