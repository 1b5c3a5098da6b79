package io.scrm.core.event;

import io.scrm.core.model.InteractionId;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored interaction was deleted on its platform (by its author, or a moderator where the platform
 * does not say which); scrm keeps it, marked with the time ({@link
 * io.scrm.core.model.Interaction#deletedAt()}). Immutable.
 *
 * @param at when scrm recorded it
 * @param interaction the interaction
 * @param deletedAt when it was deleted, as the platform says, else when it was heard
 * @since 0.1.0
 */
public record InteractionDeleted(Instant at, InteractionId interaction, Instant deletedAt) implements CrmEvent {
  /** Checks that no component is missing. */
  public InteractionDeleted {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(interaction, "interaction");
    Objects.requireNonNull(deletedAt, "deletedAt");
  }
}
