package io.scrm.core.listening;

/**
 * Reads the sentiment of a text. Implementations must be thread-safe and deterministic; hosts plug in
 * a better model, the built-in {@link #germanLexicon()} is a transparent baseline.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SentimentClassifier {

  /**
   * Classifies a text.
   *
   * @param text the plain text
   * @return the sentiment
   */
  Sentiment classify(String text);

  /**
   * Returns the built-in German lexicon classifier: word weights, negation ({@code nicht}, {@code
   * kein}, {@code nie}, … flip the next three words) and intensifiers ({@code sehr}, {@code total}, …
   * double the next word).
   *
   * @return a stateless classifier
   */
  static SentimentClassifier germanLexicon() {
    return GermanLexiconClassifier.INSTANCE;
  }
}
