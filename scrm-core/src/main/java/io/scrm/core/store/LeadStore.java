package io.scrm.core.store;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.Lead;
import io.scrm.core.model.LeadId;
import java.util.List;
import java.util.Optional;

/**
 * Stores {@link Lead}s. Thread-safe.
 *
 * <p>Unique key besides the id: at most one {@linkplain Lead#open() open} lead per (prospect, source
 * channel, source thread), so that two messages of one chat that arrive together start one lead, as
 * they open one case. A create or update that would add a second one throws {@link
 * DuplicateKeyException}. A lead without a {@linkplain Lead#sourceThread() source thread} is not
 * keyed.
 *
 * @since 0.1.0
 */
public interface LeadStore extends VersionedStore<LeadId, Lead> {

  /**
   * Finds the leads of a contact.
   *
   * @param contact the prospect
   * @return the leads, ordered by creation time, then id
   */
  List<Lead> findByContact(ContactId contact);

  /**
   * Finds the lead an interaction belongs to.
   *
   * @param interaction the interaction
   * @return the lead, or empty
   */
  Optional<Lead> findByInteraction(InteractionId interaction);

  /**
   * Finds the open leads that started in a thread: at most one per prospect.
   *
   * @param channel the source channel
   * @param threadId the source thread
   * @return the open leads, ordered by creation time, then id
   * @since 0.1.0
   */
  List<Lead> findOpenByThread(ChannelId channel, String threadId);
}
