package io.scrm.core.store;

import java.util.concurrent.locks.StampedLock;
import org.jspecify.annotations.Nullable;

/**
 * Reads of the packed stores ({@link InMemoryInteractions}, {@link InMemoryOutbox}, {@link
 * InteractionMap}): optimistic first, without a lock, and checked afterwards for an overlapping
 * write; a few more times if one overlapped, since writes are short; then under the read lock. On
 * two cores that both write, a read that went straight to the lock after one overlap would often
 * wait for a writer to be scheduled.
 */
final class OptimisticRead {
  /** Optimistic attempts before the read lock. */
  static final int TRIES = 4;

  /** One attempt at a read. */
  @FunctionalInterface
  interface Attempt<T> {
    /**
     * Reads. Returns null, or throws, when what it saw cannot have been a state of the store (a
     * chain longer than the store, a position outside its array): that counts only if no write
     * overlapped, and cannot happen under the lock.
     */
    @Nullable T attempt();
  }

  private OptimisticRead() {}

  /** A slab's live rows: one optimistic read, else under the read lock. */
  static int live(StampedLock lock, RowSlab slab) {
    long stamp = lock.tryOptimisticRead();
    int live = slab.live();
    if (!lock.validate(stamp)) {
      stamp = lock.readLock();
      try {
        live = slab.live();
      } finally {
        lock.unlockRead(stamp);
      }
    }
    return live;
  }

  static <T> T read(StampedLock lock, Attempt<T> read) {
    for (int i = 0; i < TRIES; i++) {
      long stamp = lock.tryOptimisticRead();
      if (stamp != 0) {
        T seen;
        try {
          seen = read.attempt();
        } catch (RuntimeException overlapped) {
          seen = null;
        }
        if (lock.validate(stamp) && seen != null) {
          return seen;
        }
      }
      Thread.onSpinWait();
    }
    long stamp = lock.readLock();
    try {
      T seen = read.attempt();
      if (seen == null) {
        throw new IllegalStateException("a read under the lock saw an inconsistent store");
      }
      return seen;
    } finally {
      lock.unlockRead(stamp);
    }
  }
}
