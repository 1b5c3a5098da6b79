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
 * @param more whether the poll stopped at its own limit with more waiting on the platform, so that
 *     a poller may go on at once from {@code nextCursor} instead of waiting for its interval
 * @since 0.1.0
 */
public record PollResult(List<Interaction> interactions, List<String> skipped, @Nullable String nextCursor,
    boolean more) {

  /**
   * Validates and copies the lists.
   *
   * @throws NullPointerException if a list or an element is null
   */
  public PollResult {
    interactions = List.copyOf(Objects.requireNonNull(interactions, "interactions"));
    skipped = List.copyOf(Objects.requireNonNull(skipped, "skipped"));
  }

  /**
   * A result that read everything the platform had ({@code more} false).
   *
   * @param interactions the customer interactions, in occurrence order
   * @param skipped one note per deliberately skipped item
   * @param nextCursor the cursor to pass to the next poll, or null if the previous one still holds
   */
  public PollResult(List<Interaction> interactions, List<String> skipped, @Nullable String nextCursor) {
    this(interactions, skipped, nextCursor, false);
  }
}
