package io.scrm.channels;

import io.scrm.core.model.Interaction;
import java.util.List;
import java.util.Objects;

/**
 * What one verified delivery contained: the customer interactions, in occurrence order, a note for
 * each item that was deliberately skipped (delivery and read receipts, echoes of the company's own
 * messages, update types scrm does not handle), and the messages deleted on the platform. Immutable
 * and thread-safe.
 *
 * @param interactions the customer interactions
 * @param skipped one short note per skipped item, without personal data
 * @param deletions the messages the delivery says were deleted, in its order
 * @since 0.1.0
 */
public record ParsedDelivery(List<Interaction> interactions, List<String> skipped, List<Deletion> deletions) {

  /**
   * Validates and copies the lists.
   *
   * @throws NullPointerException if a list or an element is null
   */
  public ParsedDelivery {
    interactions = List.copyOf(Objects.requireNonNull(interactions, "interactions"));
    skipped = List.copyOf(Objects.requireNonNull(skipped, "skipped"));
    deletions = List.copyOf(Objects.requireNonNull(deletions, "deletions"));
  }

  /**
   * A delivery without deletions, as most are.
   *
   * @param interactions the customer interactions
   * @param skipped one short note per skipped item, without personal data
   */
  public ParsedDelivery(List<Interaction> interactions, List<String> skipped) {
    this(interactions, skipped, List.of());
  }

  /**
   * Returns a result with interactions and nothing skipped.
   *
   * @param interactions the interactions
   * @return the result
   */
  public static ParsedDelivery of(List<Interaction> interactions) {
    return new ParsedDelivery(interactions, List.of());
  }
}
