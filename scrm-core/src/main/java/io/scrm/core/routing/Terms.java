package io.scrm.core.routing;

import io.scrm.core.listening.GermanText;
import java.util.List;

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
