package io.scrm.core.store;

import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.InteractionId;
import java.util.List;
import java.util.Optional;

/**
 * Stores {@link Case}s with their audit trails. Thread-safe.
 *
 * <p>Unique key besides the id: at most one {@linkplain Case#open() open} case per (origin channel,
 * origin thread). A create or update that would add a second one throws {@link
 * DuplicateKeyException}.
 *
 * @since 0.1.0
 */
public interface CaseStore extends VersionedStore<CaseId, Case> {

  /**
   * Finds the open case of a thread.
   *
   * @param channel the origin channel
   * @param threadId the origin thread
   * @return the open case, or empty
   */
  Optional<Case> findOpenByThread(ChannelId channel, String threadId);

  /**
   * Finds the most recently opened case of a thread, open or not.
   *
   * @param channel the origin channel
   * @param threadId the origin thread
   * @return the latest case, or empty
   */
  Optional<Case> findLatestByThread(ChannelId channel, String threadId);

  /**
   * Finds the case an interaction belongs to.
   *
   * @param interaction the interaction
   * @return the case, or empty
   */
  Optional<Case> findByInteraction(InteractionId interaction);

  /**
   * Finds the cases of a contact.
   *
   * @param contact the customer
   * @return the cases, ordered by opening time, then id
   */
  List<Case> findByContact(ContactId contact);

  /**
   * Finds all open cases.
   *
   * @return the open cases, ordered by opening time, then id
   */
  List<Case> findOpen();

  /**
   * Deletes a case if it is still at the version it was read at (used by erasure: what was recorded
   * on the case after it was read, a reply a dispatcher recorded meanwhile, is not left behind).
   *
   * @param id the case
   * @param version the version it was read at
   * @return true if it was deleted; false if it was gone
   * @throws StaleVersionException if it changed since it was read, and nothing was deleted
   * @since 0.1.0
   */
  boolean delete(CaseId id, long version);
}
