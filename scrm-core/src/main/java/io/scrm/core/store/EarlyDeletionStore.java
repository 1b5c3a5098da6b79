package io.scrm.core.store;

import io.scrm.core.model.InteractionId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Deletions heard before their messages. A platform's retries can bring the news that a message was
 * deleted before the message itself; the engine keeps the deletion here and records it when the
 * message is stored, on whichever instance of the host that happens, after a restart too if the
 * store outlives the process.
 *
 * <p>An entry holds a message's id and two times, no text and no contact. It is kept for a retention
 * period counted from when it was first heard ({@link #DEFAULT_RETENTION}, longer than any platform
 * goes on retrying a webhook); an older entry is no longer found, and is dropped by a later {@link
 * #remember}. A store may keep the times to the microsecond, as SQL databases do.
 *
 * <p>Implementations are thread-safe. A failed call throws {@link StoreException} and changes
 * nothing.
 *
 * @since 0.1.0
 */
public interface EarlyDeletionStore {
  /**
   * How long a deletion is kept by default: 48 hours, longer than Meta, the platform that retries
   * longest, goes on delivering a failed webhook (about 36 hours).
   */
  Duration DEFAULT_RETENTION = Duration.ofHours(48);

  /** How many deletions {@link #inMemory()} keeps at most. */
  int DEFAULT_CAPACITY = 10_000;

  /**
   * Keeps the deletion of a message not stored, or not yet in its case. A deletion already kept for
   * the message keeps its times: a platform's repeats do not move them. Entries past their retention
   * may be dropped here.
   *
   * @param message the deleted message's id
   * @param deletedAt when the platform says it was deleted
   * @param heardAt when the deletion was heard; the retention counts from here
   * @throws StoreException if the store failed
   */
  void remember(InteractionId message, Instant deletedAt, Instant heardAt);

  /**
   * Returns when a message was deleted, if its deletion is kept and was heard less than the
   * retention before {@code now}.
   *
   * @param message the message's id
   * @param now the current time
   * @return the deletion's time, or empty
   * @throws StoreException if the store failed
   */
  Optional<Instant> find(InteractionId message, Instant now);

  /**
   * Drops a message's deletion, once it is recorded with the message.
   *
   * @param message the message's id
   * @return true if one was kept
   * @throws StoreException if the store failed
   */
  boolean forget(InteractionId message);

  /**
   * Returns a new, empty store in this process's memory, keeping at most {@link #DEFAULT_CAPACITY}
   * deletions for {@link #DEFAULT_RETENTION}. Its deletions are lost with the process and seen by
   * the engines that share it only; hosts with several instances keep them in their database.
   *
   * @return an empty store
   */
  static EarlyDeletionStore inMemory() {
    return inMemory(DEFAULT_CAPACITY, DEFAULT_RETENTION);
  }

  /**
   * Returns a new, empty store in this process's memory. Beyond {@code capacity} deletions, the one
   * heard first is dropped.
   *
   * @param capacity how many deletions are kept at most, at least 1
   * @param retention how long a deletion is kept after it was heard, positive
   * @return an empty store
   * @throws IllegalArgumentException if {@code capacity} is below 1 or {@code retention} is not positive
   */
  static EarlyDeletionStore inMemory(int capacity, Duration retention) {
    return new InMemoryEarlyDeletions(capacity, retention);
  }
}
