package io.scrm.core.event;

import io.scrm.core.model.InteractionId;
import java.time.Instant;

/**
 * A stored interaction was edited on its platform; the earlier text is kept as a revision. Immutable.
 *
 * @param at when
 * @param interaction the interaction
 * @param revisions how many earlier texts are kept
 * @since 0.1.0
 */
public record InteractionEdited(Instant at, InteractionId interaction, int revisions) implements CrmEvent {
  /** Checks that no component is missing. */
  public InteractionEdited {
    java.util.Objects.requireNonNull(at, "at");
  }
}
