package io.scrm.core.store;

import io.scrm.core.model.ContactId;
import io.scrm.core.model.Identity;
import io.scrm.core.model.IdentityKey;
import java.util.List;
import java.util.Optional;

/**
 * Stores {@link Identity identities}, keyed by channel and handle. Thread-safe.
 *
 * @since 0.1.0
 */
public interface IdentityStore extends VersionedStore<IdentityKey, Identity> {

  /**
   * Finds the identities of a contact.
   *
   * @param contact the contact
   * @return its identities, in key order
   */
  List<Identity> findByContact(ContactId contact);

  /**
   * Finds the contact an identity belongs to. The engine asks this for every inbound message; a
   * store that can answer it without reading the whole identity overrides it.
   *
   * @param key the identity's key
   * @return the contact id, or empty if no identity has that key
   * @since 0.1.0
   */
  default Optional<ContactId> findContactId(IdentityKey key) {
    return find(key).map(Identity::contactId);
  }
}
