package io.scrm.core.event;

import io.scrm.core.model.InteractionId;
import java.time.Instant;
import java.util.Objects;

/**
 * The author of a stored interaction deleted it on its platform; scrm keeps it, marked with the time
 * ({@link io.scrm.core.model.Interaction#deletedAt()}). Immutable.
 *
 * @param at when scrm marked it
 * @param interaction the interaction
 * @param deletedAt when the author deleted it, as the platform says
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
