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
   * Returns the built-in German lexicon classifier: word weights (a positive adjective after {@code
   * un-}, as in {@code unzufrieden}, weighs as its opposite; a noun such as {@code Ausfall} weighs the
   * same in its plural and at the end of a compound, as in {@code Stromausfall}), negation ({@code
   * nicht}, {@code kein}, {@code nie}, … flip the next three words of their clause; with none of those
   * to flip, a verb up to three words before, as in {@code funktioniert nicht}) and intensifiers
   * ({@code sehr}, {@code total}, … double the next word). A clause ends at punctuation, a line break
   * or a dash.
   *
   * @return a stateless classifier
   */
  static SentimentClassifier germanLexicon() {
    return GermanLexiconClassifier.INSTANCE;
  }
}
