package io.scrm.core.store;

import io.scrm.core.model.InteractionId;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Deletions heard before their messages, in a map kept in the order they were heard. Writes are rare
 * (a message must be deleted before it arrives); the engine asks after every message it stores, so a
 * look-up in an empty store reads one volatile field and takes no lock. Thread-safe.
 */
final class InMemoryEarlyDeletions implements EarlyDeletionStore {
  private final int capacity;
  private final Duration retention;
  private final Object lock = new Object();
  /** Guarded by {@link #lock}; insertion order is the order heard. */
  private final LinkedHashMap<InteractionId, Kept> kept = new LinkedHashMap<>();
  /** The map's size, written under the lock, so that a look-up in an empty store needs none. */
  private volatile int size;

  private record Kept(Instant deletedAt, Instant heardAt) {}

  InMemoryEarlyDeletions(int capacity, Duration retention) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, was " + retention);
    }
    this.capacity = capacity;
    this.retention = retention;
  }

  @Override
  public void remember(InteractionId message, Instant deletedAt, Instant heardAt) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(deletedAt, "deletedAt");
    Objects.requireNonNull(heardAt, "heardAt");
    synchronized (lock) {
      dropExpired(heardAt);
      Kept was = kept.get(message);
      if (was == null || !live(was, heardAt)) {
        kept.remove(message);
        kept.put(message, new Kept(deletedAt, heardAt));
      }
      Iterator<Kept> first = kept.values().iterator();
      while (kept.size() > capacity) {
        first.next();
        first.remove();
      }
      size = kept.size();
    }
  }

  @Override
  public Optional<Instant> find(InteractionId message, Instant now) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(now, "now");
    if (size == 0) {
      return Optional.empty();
    }
    synchronized (lock) {
      Kept k = kept.get(message);
      return k != null && live(k, now) ? Optional.of(k.deletedAt()) : Optional.empty();
    }
  }

  @Override
  public boolean forget(InteractionId message) {
    Objects.requireNonNull(message, "message");
    if (size == 0) {
      return false;
    }
    synchronized (lock) {
      boolean removed = kept.remove(message) != null;
      size = kept.size();
      return removed;
    }
  }

  private boolean live(Kept k, Instant now) {
    // between two instants never overflows a Duration; heardAt plus a very long retention could
    return Duration.between(k.heardAt(), now).compareTo(retention) < 0;
  }

  /** Drops the expired entries at the front; one heard out of order behind a live one waits its turn. */
  private void dropExpired(Instant now) {
    Iterator<Map.Entry<InteractionId, Kept>> it = kept.entrySet().iterator();
    while (it.hasNext() && !live(it.next().getValue(), now)) {
      it.remove();
    }
  }

  @Override
  public String toString() {
    return "InMemoryEarlyDeletions[" + size + " of " + capacity + ", kept " + retention + "]";
  }
}
