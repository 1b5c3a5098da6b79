package io.scrm.channels;

import io.scrm.core.model.Interaction;
import java.time.Duration;
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
 * @param retryAfter how long the platform asked to wait before the next poll, when a part of this
 *     one ran into its rate limit (what was read before is in the result); null if it asked nothing.
 *     A poller waits at least this long, and does not go on at once for {@code more}
 * @since 0.1.0
 */
public record PollResult(List<Interaction> interactions, List<String> skipped, @Nullable String nextCursor,
    boolean more, List<Deletion> deletions, @Nullable Duration retryAfter) {

  /**
   * Validates and copies the lists.
   *
   * @throws NullPointerException if a list or an element is null
   * @throws IllegalArgumentException if {@code retryAfter} is negative
   */
  public PollResult {
    interactions = List.copyOf(Objects.requireNonNull(interactions, "interactions"));
    skipped = List.copyOf(Objects.requireNonNull(skipped, "skipped"));
    deletions = List.copyOf(Objects.requireNonNull(deletions, "deletions"));
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
    }
  }

  /**
   * A result whose platform asked for no wait.
   *
   * @param interactions the customer interactions, in occurrence order
   * @param skipped one note per deliberately skipped item
   * @param nextCursor the cursor to pass to the next poll, or null if the previous one still holds
   * @param more whether more is waiting on the platform
   * @param deletions the messages the platform says were deleted, in its order
   */
  public PollResult(List<Interaction> interactions, List<String> skipped, @Nullable String nextCursor,
      boolean more, List<Deletion> deletions) {
    this(interactions, skipped, nextCursor, more, deletions, null);
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
