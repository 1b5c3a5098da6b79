package io.scrm.core.listening;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * German-aware text folding and tokenising: lower case, umlauts and ß folded ({@code Störung} and
 * {@code Stoerung} are the same word), split at everything that is not a letter or digit, so terms
 * match at word boundaries only. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class GermanText {
  private GermanText() {}

  /**
   * Folds a text: lower case (German rules), {@code ä→ae}, {@code ö→oe}, {@code ü→ue}, {@code ß→ss},
   * other accents removed, invisible characters (soft hyphens, zero-width spaces and joiners) dropped.
   * Letters and digits in compatibility forms (the "bold" {@code 𝐒} of styled posts, fullwidth {@code
   * Ｓ}, ligatures) are the plain ones (NFKC); other symbols are kept.
   *
   * @param text any text
   * @return the folded text
   */
  public static String fold(String text) {
    return fold(text, false);
  }

  private static String fold(String text, boolean composed) {
    String lower = text.toLowerCase(Locale.GERMAN);
    StringBuilder out = new StringBuilder(lower.length() + 8);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      switch (c) {
        case 'ä' -> out.append("ae");
        case 'ö' -> out.append("oe");
        case 'ü' -> out.append("ue");
        case 'ß' -> out.append("ss");
        case 'à', 'á', 'â' -> out.append('a');
        case 'è', 'é', 'ê' -> out.append('e');
        case 'ç' -> out.append('c');
        case 'ñ' -> out.append('n');
        // invisible: a soft hyphen (text pasted from web pages), zero-width spaces and joiners, a byte
        // order mark; none of them parts a word
        case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff' -> { }
        default -> {
          if (c < '\u00c0') {
            out.append(c);
          } else if (!composed && needsNormalizing(c)) {
            // an umlaut typed as a letter and a combining mark (as some keyboards and platforms send
            // it) is composed first, so that it folds like the precomposed one and keeps its word
            // whole; a letter in a compatibility form (𝐒, Ｓ, ﬁ), which posts use for emphasis, becomes
            // the plain letter
            return fold(compatibilityLetters(Normalizer.normalize(text, Normalizer.Form.NFC)), true);
          } else {
            appendWithoutMarks(c, out);
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * Letters and digits in a compatibility form as the plain ones (NFKC); every other character as it
   * is, so that "Vodafone™" keeps its word and "m²" reads the same with or without an emoji beside it.
   */
  private static String compatibilityLetters(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (Character.isLetterOrDigit(cp) && !Normalizer.isNormalized(text.subSequence(i, next), Normalizer.Form.NFKC)) {
        out.append(Normalizer.normalize(text.subSequence(i, next), Normalizer.Form.NFKC));
      } else {
        out.append(text, i, next);
      }
      i = next;
    }
    return out.toString();
  }

  private static boolean needsNormalizing(char c) {
    return c >= '\u0300' && c <= '\u036f' || Character.isSurrogate(c)
        || !Normalizer.isNormalized(String.valueOf(c), Normalizer.Form.NFKC);
  }

  /** A letter with its accents removed ({@code š→s}, {@code ë→e}); any other character as it is. */
  private static void appendWithoutMarks(char c, StringBuilder out) {
    String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
    for (int i = 0; i < decomposed.length(); i++) {
      char d = decomposed.charAt(i);
      if (d < '\u0300' || d > '\u036f') {
        out.append(d);
      }
    }
  }

  /**
   * Splits a text into folded words. {@code #Störung} gives {@code stoerung}; {@code Köln-Nippes} gives
   * {@code koeln}, {@code nippes}.
   *
   * @param text any text
   * @return the folded words in order
   */
  public static List<String> words(String text) {
    List<String> ascii = asciiWords(text);
    return ascii != null ? ascii : wordsOfFolded(fold(text));
  }

  /**
   * The words of a text of ASCII characters only, as {@link #words} gives them, in one pass without
   * the folded copy (most posts are plain ASCII); null if the text has any other character.
   */
  static @Nullable List<String> asciiWords(String text) {
    int n = text.length();
    char[] word = null;
    List<String> words = new ArrayList<>();
    int length = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? text.charAt(i) : ' ';
      if (c >= 0x80) {
        return null;
      }
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
        word = word == null ? new char[n] : word;
        word[length++] = c;
      } else if (c >= 'A' && c <= 'Z') {
        word = word == null ? new char[n] : word;
        word[length++] = (char) (c + ('a' - 'A'));
      } else if (length > 0) {
        words.add(new String(word, 0, length));
        length = 0;
      }
    }
    return words;
  }

  /** Splits a folded text into its words: the runs of letters and digits. */
  static List<String> wordsOfFolded(String folded) {
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= folded.length(); ) {
      // by code point: a letter beyond the BMP is two chars, neither of them a letter
      int cp = i < folded.length() ? folded.codePointAt(i) : -1;
      boolean wordChar = cp >= 0 && Character.isLetterOrDigit(cp);
      if (wordChar && start < 0) {
        start = i;
      } else if (!wordChar && start >= 0) {
        words.add(folded.substring(start, i));
        start = -1;
      }
      i += cp >= 0 ? Character.charCount(cp) : 1;
    }
    return words;
  }
}
