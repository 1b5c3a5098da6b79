package io.scrm.core.event;

import io.scrm.core.model.ContactId;
import io.scrm.core.model.IdentityKey;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An identity was linked to a contact through the consent gate. Immutable.
 *
 * @param at when
 * @param identity the identity
 * @param from the contact it belonged to
 * @param to the contact it belongs to now
 * @param evidenceId the consent ledger entry the link rests on, if any
 * @since 0.1.0
 */
public record IdentityLinked(Instant at, IdentityKey identity, ContactId from, ContactId to, @Nullable String evidenceId) implements CrmEvent {
  /** Checks that no component is missing. */
  public IdentityLinked {
    java.util.Objects.requireNonNull(at, "at");
  }
}
