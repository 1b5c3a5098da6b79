package io.scrm.core.store;

import io.scrm.core.model.ChannelId;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the cursors of polled channels are kept: how far each channel's messages have been read
 * and stored. A poller moves a cursor only after everything the poll returned was ingested, so a
 * crash in between makes the next poll read those messages again, and de-duplication keeps each
 * one once.
 *
 * <p>Implementations are thread-safe, and {@link #compareAndSet} is atomic, also across the
 * instances of a host that share a database: an instance whose poll raced another's sees its write
 * refused instead of moving the cursor back.
 *
 * <p>A cursor is the platform's position (a Mastodon notification id, an X post id, a Telegram
 * update offset), not personal data.
 *
 * @since 0.1.0
 */
public interface PollCursorStore {

  /**
   * Returns a channel's cursor.
   *
   * @param channel the channel
   * @return the cursor, or empty if the channel was never polled (or its cursor was deleted)
   */
  Optional<String> find(ChannelId channel);

  /**
   * Sets a channel's cursor if the stored one is still {@code expected}, atomically.
   *
   * @param channel the channel
   * @param expected the cursor the caller read, or null if it found none
   * @param next the new cursor, not blank
   * @return true if the cursor was set; false if another writer changed it since it was read
   * @throws IllegalArgumentException if {@code next} is blank
   * @throws StoreException if the store failed
   */
  boolean compareAndSet(ChannelId channel, @Nullable String expected, String next);

  /**
   * Deletes a channel's cursor, so that its next poll starts where the platform starts a first one.
   *
   * @param channel the channel
   * @return true if a cursor was deleted
   * @throws StoreException if the store failed
   */
  boolean delete(ChannelId channel);

  /**
   * Returns a new, empty, thread-safe in-memory store. Cursors last as long as the process, so a
   * restarted host polls as if for the first time: de-duplication drops what it heard before, but a
   * platform that begins a first poll with its newest page (Mastodon, X) does not hand out what came
   * before that page while the host was down. Hosts that must hear everything keep cursors in a
   * database.
   *
   * @return an empty store
   */
  static PollCursorStore inMemory() {
    return new InMemoryPollCursors();
  }
}
