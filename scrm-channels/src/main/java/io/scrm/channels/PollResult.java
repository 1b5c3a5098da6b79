package io.scrm.channels;

import io.scrm.core.model.Interaction;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one poll returned. Immutable and thread-safe.
 *
 * @param interactions the customer interactions, in occurrence order
 * @param skipped one note per deliberately skipped item
 * @param nextCursor the cursor to pass to the next poll; null if the platform gave none and the
 *     previous one still holds
 * @since 0.1.0
 */
public record PollResult(List<Interaction> interactions, List<String> skipped, @Nullable String nextCursor) {

  /**
   * Validates and copies the lists.
   *
   * @throws NullPointerException if a list or an element is null
   */
  public PollResult {
    interactions = List.copyOf(Objects.requireNonNull(interactions, "interactions"));
    skipped = List.copyOf(Objects.requireNonNull(skipped, "skipped"));
  }
}
