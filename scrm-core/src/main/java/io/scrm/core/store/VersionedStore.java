package io.scrm.core.store;

import java.util.Optional;

/**
 * A store of versioned entities with optimistic concurrency. Implementations are thread-safe.
 *
 * <p>Versions: an entity that was never stored has version 0. {@link #create} stores it with version
 * 1. {@link #update} takes the entity as read (with the version it was read at), stores it with the
 * next version and returns the stored copy; if somebody else changed it in between, it throws {@link
 * StaleVersionException} and writes nothing. Every write is atomic: it happens completely or not at
 * all.
 *
 * @param <K> the key type
 * @param <V> the entity type
 * @since 0.1.0
 */
public interface VersionedStore<K, V> {

  /**
   * Finds an entity.
   *
   * @param key the key
   * @return the entity, or empty
   */
  Optional<V> find(K key);

  /**
   * Stores a new entity.
   *
   * @param value the entity, with version 0
   * @return the stored entity, with version 1
   * @throws DuplicateKeyException if the key (or another unique key of the store) is taken
   * @throws IllegalArgumentException if the version is not 0
   */
  V create(V value);

  /**
   * Replaces an entity if it is still at the version it was read at.
   *
   * @param value the changed entity, carrying the version it was read at
   * @return the stored entity, with the next version
   * @throws StaleVersionException if the current version differs or the entity is gone
   * @throws DuplicateKeyException if the change would break another unique key of the store
   */
  V update(V value);

  /**
   * Deletes an entity (used by erasure).
   *
   * @param key the key
   * @return true if it existed
   */
  boolean delete(K key);

  /**
   * Counts the entities.
   *
   * @return the number of stored entities
   */
  long count();
}
