package io.scrm.core.store;

import io.scrm.core.model.ContactId;
import io.scrm.core.model.Identity;
import io.scrm.core.model.IdentityKey;
import java.util.List;

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
}
