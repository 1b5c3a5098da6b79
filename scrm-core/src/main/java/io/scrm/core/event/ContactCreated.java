package io.scrm.core.event;

import io.scrm.core.model.ContactId;
import java.time.Instant;

/**
 * A contact was created. Immutable.
 *
 * @param at when
 * @param contact the contact
 * @param pseudonymous whether it is known only by a social handle
 * @since 0.1.0
 */
public record ContactCreated(Instant at, ContactId contact, boolean pseudonymous) implements CrmEvent {
  /** Checks that no component is missing. */
  public ContactCreated {
    java.util.Objects.requireNonNull(at, "at");
  }
}
