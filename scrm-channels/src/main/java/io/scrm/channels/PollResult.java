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
 * @param deletions the messages the platform says were deleted, in its order
 * @since 0.1.0
 */
public record PollResult(List<Interaction> interactions, List<String> skipped, @Nullable String nextCursor,
    boolean more, List<Deletion> deletions) {

  /**
   * Validates and copies the lists.
   *
   * @throws NullPointerException if a list or an element is null
   */
  public PollResult {
    interactions = List.copyOf(Objects.requireNonNull(interactions, "interactions"));
    skipped = List.copyOf(Objects.requireNonNull(skipped, "skipped"));
    deletions = List.copyOf(Objects.requireNonNull(deletions, "deletions"));
  }

  /**
   * A result without deletions, as most polls are.
   *
   * @param interactions the customer interactions, in occurrence order
   * @param skipped one note per deliberately skipped item
   * @param nextCursor the cursor to pass to the next poll, or null if the previous one still holds
   * @param more whether more is waiting on the platform
   */
  public PollResult(List<Interaction> interactions, List<String> skipped, @Nullable String nextCursor,
      boolean more) {
    this(interactions, skipped, nextCursor, more, List.of());
  }

  /**
   * A result that read everything the platform had ({@code more} false).
   *
   * @param interactions the customer interactions, in occurrence order
   * @param skipped one note per deliberately skipped item
   * @param nextCursor the cursor to pass to the next poll, or null if the previous one still holds
   */
  public PollResult(List<Interaction> interactions, List<String> skipped, @Nullable String nextCursor) {
    this(interactions, skipped, nextCursor, false, List.of());
  }
}
