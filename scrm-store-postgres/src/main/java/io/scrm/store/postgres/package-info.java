/**
 * The scrm stores on PostgreSQL: {@link io.scrm.store.postgres.PostgresStores}.
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.store.postgres;

import org.jspecify.annotations.NullMarked;
