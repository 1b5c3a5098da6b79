package io.scrm.core.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The shared core of the in-memory stores: rows in a {@link LookupTable}, writes serialised by one lock
 * per store so that the version check, unique keys and secondary indexes change together. Reads take
 * no lock.
 */
abstract class InMemoryVersionedStore<K, V> implements VersionedStore<K, V> {
  /** The version {@link #deleteAt} deletes at whatever the entity's version. */
  static final long ANY_VERSION = -1;

  private final String entity;
  private final LookupTable<K, V> rows;
  private final Object writeLock = new Object();

  InMemoryVersionedStore(String entity, int capacity) {
    this.entity = entity;
    this.rows = new LookupTable<>(capacity);
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
      long currentVersion = current == null ? -1 : version(current);
      if (currentVersion != version(value)) {
        throw new StaleVersionException(entity, key.toString(), version(value), currentVersion);
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
    return deleteAt(key, ANY_VERSION);
  }

  /**
   * Deletes an entity if it is at {@code version} (or at any, {@link #ANY_VERSION}); false if it is
   * gone.
   *
   * @throws StaleVersionException if it is at another version
   */
  boolean deleteAt(K key, long version) {
    Objects.requireNonNull(key, "key");
    synchronized (writeLock) {
      V current = rows.get(key);
      if (current == null) {
        return false;
      }
      if (version != ANY_VERSION && version(current) != version) {
        throw new StaleVersionException(entity, key.toString(), version, version(current));
      }
      rows.remove(key);
      reindex(current, null);
      return true;
    }
  }

  @Override
  public long count() {
    return rows.size();
  }

  String entity() {
    return entity;
  }

  /** Rows of the keys an index holds for one attribute that still exist, sorted. */
  <A> List<V> rowsOf(Index<A, K> index, A attribute, Predicate<? super V> stillHas,
      Comparator<? super V> order) {
    Object held = index.held(attribute);
    if (held == null) {
      return List.of();
    }
    List<V> out = new ArrayList<>(Index.size(held));
    Index.<K>forEach(held, k -> {
      V row = rows.get(k);
      // the index is read without the lock: a row may have left the attribute since
      if (row != null && stillHas.test(row)) {
        out.add(row);
      }
    });
    out.sort(order);
    return List.copyOf(out);
  }

  /**
   * A non-unique secondary index from an attribute to keys. Mutated under the store's lock only;
   * read without a lock.
   *
   * <p>Most attributes hold one key or a few (a contact's cases, a thread's messages), so an
   * attribute maps to the key itself, then to an array of up to {@value #SMALL} keys that is replaced
   * (never changed) on every write, and only beyond that to a concurrent set. A set per attribute from
   * the start cost about 200 bytes per attribute and a map resize on the hot path.
   */
  static final class Index<A, K> {
    static final int SMALL = 8;
    private final LookupTable<A, Object> map;
    private final int setCapacity;

    /** An index for about {@code attributes} attributes, each with a few keys. */
    Index(int attributes) {
      this(attributes, 16);
    }

    /** An index for about {@code attributes} attributes, some with up to {@code keys} keys. */
    Index(int attributes, int keys) {
      this.map = new LookupTable<>(attributes);
      this.setCapacity = keys;
    }

    void add(A attribute, K key) {
      Object held = map.get(attribute);
      if (held == null) {
        map.put(attribute, key);
      } else if (held instanceof Object[] keys) {
        for (Object k : keys) {
          if (k.equals(key)) {
            return;
          }
        }
        if (keys.length < SMALL) {
          Object[] more = Arrays.copyOf(keys, keys.length + 1);
          more[keys.length] = key;
          map.put(attribute, more);
        } else {
          Set<Object> many = ConcurrentHashMap.newKeySet(Math.max(setCapacity, keys.length * 2));
          Collections.addAll(many, keys);
          many.add(key);
          map.put(attribute, many);
        }
      } else if (held instanceof Set<?> many) {
        @SuppressWarnings("unchecked")
        Set<Object> keys = (Set<Object>) many;
        keys.add(key);
      } else if (!held.equals(key)) {
        map.put(attribute, new Object[] {held, key});
      }
    }

    void remove(A attribute, K key) {
      Object held = map.get(attribute);
      if (held == null) {
        return;
      }
      if (held instanceof Object[] keys) {
        int at = -1;
        for (int i = 0; i < keys.length; i++) {
          if (keys[i].equals(key)) {
            at = i;
            break;
          }
        }
        if (at < 0) {
          return;
        }
        if (keys.length == 2) {
          map.put(attribute, keys[1 - at]);
        } else {
          Object[] fewer = new Object[keys.length - 1];
          System.arraycopy(keys, 0, fewer, 0, at);
          System.arraycopy(keys, at + 1, fewer, at, keys.length - at - 1);
          map.put(attribute, fewer);
        }
      } else if (held instanceof Set<?> many) {
        many.remove(key);
        if (many.isEmpty()) {
          map.removeIf(attribute, held);
        }
      } else if (held.equals(key)) {
        map.removeIf(attribute, held);
      }
    }

    /** The key, the key array or the key set held for an attribute, or null. */
    @Nullable Object held(A attribute) {
      return map.get(attribute);
    }

    static int size(Object held) {
      if (held instanceof Object[] keys) {
        return keys.length;
      }
      return held instanceof Set<?> many ? many.size() : 1;
    }

    @SuppressWarnings("unchecked")
    static <K> void forEach(Object held, Consumer<K> action) {
      if (held instanceof Object[] keys) {
        for (Object k : keys) {
          action.accept((K) k);
        }
      } else if (held instanceof Set<?> many) {
        for (Object k : many) {
          action.accept((K) k);
        }
      } else {
        action.accept((K) held);
      }
    }

    /** Moves a key from the previous value's attribute to the next one's; nothing if it is unchanged. */
    <V> void move(@Nullable V previous, @Nullable V next, Function<V, A> attribute, K key) {
      A before = previous == null ? null : attribute.apply(previous);
      A after = next == null ? null : attribute.apply(next);
      if (Objects.equals(before, after)) {
        return;
      }
      if (before != null) {
        remove(before, key);
      }
      if (after != null) {
        add(after, key);
      }
    }
  }

  /**
   * Points each element of a value's list (e.g. a case's interactions) at the value's key in a unique
   * map, touching only what changed: lists mostly grow at the end, so the common prefix is skipped.
   */
  static <E, K> void remap(BiConsumer<E, K> put, BiConsumer<E, K> removeIf, List<E> before, List<E> after, K key) {
    int common = 0;
    if (after.size() >= before.size() && after.subList(0, before.size()).equals(before)) {
      common = before.size(); // a case's list compares its prefix without building its elements
    } else {
      int shorter = Math.min(before.size(), after.size());
      while (common < shorter && before.get(common).equals(after.get(common))) {
        common++;
      }
    }
    if (common == before.size() && common == after.size()) {
      return;
    }
    for (int i = common; i < before.size(); i++) {
      E e = before.get(i);
      if (!after.contains(e)) {
        removeIf.accept(e, key);
      }
    }
    for (int i = common; i < after.size(); i++) {
      put.accept(after.get(i), key);
    }
  }
}
