package io.scrm.core.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The shared core of the in-memory stores: rows in a concurrent map, writes serialised by one lock
 * per store so that the version check, unique keys and secondary indexes change together. Reads take
 * no lock.
 */
abstract class InMemoryVersionedStore<K, V> implements VersionedStore<K, V> {
  private final String entity;
  final ConcurrentHashMap<K, V> rows = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();

  InMemoryVersionedStore(String entity) {
    this.entity = entity;
  }

  abstract K key(V value);

  abstract long version(V value);

  abstract V withVersion(V value, long version);

  /** Throws {@link DuplicateKeyException} if {@code next} would break a unique key; under the lock. */
  void checkUnique(@Nullable V previous, V next) {}

  /** Updates secondary indexes; under the lock. */
  void reindex(@Nullable V previous, @Nullable V next) {}

  @Override
  public Optional<V> find(K key) {
    return Optional.ofNullable(rows.get(Objects.requireNonNull(key, "key")));
  }

  @Override
  public V create(V value) {
    Objects.requireNonNull(value, "value");
    if (version(value) != 0) {
      throw new IllegalArgumentException("version must be 0 to create a " + entity + ", was " + version(value));
    }
    K key = key(value);
    synchronized (writeLock) {
      if (rows.containsKey(key)) {
        throw new DuplicateKeyException(entity, key.toString());
      }
      checkUnique(null, value);
      V stored = withVersion(value, 1);
      rows.put(key, stored);
      reindex(null, stored);
      return stored;
    }
  }

  @Override
  public V update(V value) {
    Objects.requireNonNull(value, "value");
    K key = key(value);
    synchronized (writeLock) {
      V current = rows.get(key);
      if (current == null || version(current) != version(value)) {
        throw new StaleVersionException(entity, key.toString(), version(value),
            current == null ? -1 : version(current));
      }
      checkUnique(current, value);
      V stored = withVersion(value, version(value) + 1);
      rows.put(key, stored);
      reindex(current, stored);
      return stored;
    }
  }

  @Override
  public boolean delete(K key) {
    Objects.requireNonNull(key, "key");
    synchronized (writeLock) {
      V removed = rows.remove(key);
      if (removed != null) {
        reindex(removed, null);
      }
      return removed != null;
    }
  }

  @Override
  public long count() {
    return rows.size();
  }

  String entity() {
    return entity;
  }

  /** Rows of the given keys that still exist, sorted. */
  List<V> rowsOf(@Nullable Set<K> keys, Comparator<? super V> order) {
    if (keys == null || keys.isEmpty()) {
      return List.of();
    }
    List<V> out = new ArrayList<>(keys.size());
    for (K k : keys) {
      V v = rows.get(k);
      if (v != null) {
        out.add(v);
      }
    }
    out.sort(order);
    return List.copyOf(out);
  }

  /** A non-unique secondary index from an attribute to keys. Mutated under the store's lock only. */
  static final class Index<A, K> {
    private final ConcurrentHashMap<A, Set<K>> map = new ConcurrentHashMap<>();

    void add(A attribute, K key) {
      map.computeIfAbsent(attribute, a -> ConcurrentHashMap.newKeySet()).add(key);
    }

    void remove(A attribute, K key) {
      Set<K> keys = map.get(attribute);
      if (keys != null) {
        keys.remove(key);
        if (keys.isEmpty()) {
          map.remove(attribute);
        }
      }
    }

    @Nullable Set<K> get(A attribute) {
      return map.get(attribute);
    }

    <V> void move(@Nullable V previous, @Nullable V next, Function<V, Iterable<A>> attributes, K key) {
      if (previous != null) {
        for (A a : attributes.apply(previous)) {
          remove(a, key);
        }
      }
      if (next != null) {
        for (A a : attributes.apply(next)) {
          add(a, key);
        }
      }
    }
  }
}
