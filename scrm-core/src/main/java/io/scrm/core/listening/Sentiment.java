package io.scrm.core.listening;

import java.util.List;
import java.util.Objects;

/**
 * What a classifier read in a text. Immutable and thread-safe.
 *
 * @param polarity negative, neutral or positive
 * @param score the signed strength, negative below zero; the built-in classifier sums word weights
 * @param evidence the words that decided, folded, with a {@code nicht } prefix when negated
 * @since 0.1.0
 */
public record Sentiment(Polarity polarity, double score, List<String> evidence) {

  /**
   * The direction of a sentiment.
   *
   * @since 0.1.0
   */
  public enum Polarity {
    /** Complaint, anger, disappointment. */
    NEGATIVE,
    /** Neither. */
    NEUTRAL,
    /** Praise, thanks, satisfaction. */
    POSITIVE
  }

  /** Validates the sentiment. */
  public Sentiment {
    Objects.requireNonNull(polarity, "polarity");
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("score must be a number");
    }
    evidence = List.copyOf(evidence);
  }
}
