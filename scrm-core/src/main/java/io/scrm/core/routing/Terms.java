package io.scrm.core.routing;

import io.scrm.core.listening.GermanText;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** German-aware terms: folded words with a light suffix stemmer, so plural and inflected forms meet. */
final class Terms {
  private static final String[] SUFFIXES = {"ern", "en", "er", "es", "e", "n", "s"};
  private static final int MIN_STEM = 4;

  private Terms() {}

  /** Folds, splits at word boundaries and stems a text. */
  static String[] stems(String text) {
    List<String> words = GermanText.words(text);
    String[] out = new String[words.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = stem(words.get(i));
    }
    return out;
  }

  /**
   * The stems of a keyword or phrase given to match on; refused, naming the field, if it is blank or
   * has no letters or digits, as it could never match.
   */
  static String[] keyword(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    String[] stems = stems(value);
    if (stems.length == 0) {
      throw new IllegalArgumentException(field + " must contain letters or digits, was '" + value + "'");
    }
    return stems;
  }

  /** Stems one folded word: strips the longest common German ending that leaves at least four letters. */
  static String stem(String word) {
    for (String suffix : SUFFIXES) {
      if (word.endsWith(suffix) && word.length() - suffix.length() >= MIN_STEM) {
        return word.substring(0, word.length() - suffix.length());
      }
    }
    return word;
  }
}
