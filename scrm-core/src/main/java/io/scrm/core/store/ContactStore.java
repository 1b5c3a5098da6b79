package io.scrm.core.store;

import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactPointType;
import java.util.List;

/**
 * Stores {@link Contact}s. Thread-safe.
 *
 * @since 0.1.0
 */
public interface ContactStore extends VersionedStore<ContactId, Contact> {

  /**
   * Finds the contacts that have a contact point with the given value (exact match, e-mail compared
   * case-insensitively).
   *
   * @param type the kind of contact point
   * @param value the address or number
   * @return the matching contacts, in id order
   */
  List<Contact> findByContactPoint(ContactPointType type, String value);
}
