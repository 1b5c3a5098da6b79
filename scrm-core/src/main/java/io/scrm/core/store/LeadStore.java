package io.scrm.core.store;

import io.scrm.core.model.ContactId;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.Lead;
import io.scrm.core.model.LeadId;
import java.util.List;
import java.util.Optional;

/**
 * Stores {@link Lead}s. Thread-safe.
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
}
