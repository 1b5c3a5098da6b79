package io.scrm.channels;

import io.scrm.core.model.InteractionId;
import java.time.Instant;
import java.util.Objects;

/**
 * A platform's word that a message was deleted, by its author or a moderator (a comment removed, a
 * status deleted). The {@link Intake} marks the stored message ({@link
 * io.scrm.core.SocialCrm#markDeleted}). Immutable.
 *
 * @param interaction the message deleted
 * @param at when it was deleted, as the platform says, else when the adapter heard it
 * @since 0.1.0
 */
public record Deletion(InteractionId interaction, Instant at) {
  /** Checks that no component is missing. */
  public Deletion {
    Objects.requireNonNull(interaction, "interaction");
    Objects.requireNonNull(at, "at");
  }
}
