package io.scrm.channels.x;

import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The length of a post as X counts it against its 280-character limit: after NFC normalization, a
 * character from Latin, Greek, Cyrillic, Hebrew, Arabic and the other scripts below U+1100, and some
 * punctuation (general punctuation spaces, dashes, quotes, primes), counts 1; every other character
 * (CJK, emoji) counts 2; an emoji sequence (joined by zero-width joiners, with a variation selector
 * or a skin tone, or a flag of two regional indicators) counts 2 in all; a link counts 23 however
 * long it is. Links are recognised by {@code http://} or {@code https://}; a bare domain counts by
 * its characters. Stateless.
 */
final class WeightedLength {
  /** X's limit, in the units {@link #of} returns. */
  static final int LIMIT = 280;
  private static final int LINK = 23;
  private static final Pattern URL = Pattern.compile("https?://[^\\s]+", Pattern.CASE_INSENSITIVE);

  private WeightedLength() {}

  /**
   * Returns the length of a text in X's units.
   *
   * @param text the text
   * @return its weighted length
   */
  static int of(String text) {
    String normalized = Normalizer.normalize(text, Normalizer.Form.NFC);
    long length = 0;
    Matcher links = URL.matcher(normalized);
    int from = 0;
    while (links.find()) {
      length += weights(normalized, from, links.start()) + LINK;
      from = links.end();
    }
    length += weights(normalized, from, normalized.length());
    return (int) Math.min(Integer.MAX_VALUE, length);
  }

  private static long weights(String text, int start, int end) {
    long sum = 0;
    boolean joined = false; // the previous code point was a zero-width joiner inside an emoji
    boolean flagOpen = false; // an unpaired regional indicator was counted just before
    int previous = -1;
    for (int i = start; i < end; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == 0x200D && previous >= 0 && isEmoji(previous)) {
        joined = true; // counted with the sequence
      } else if (cp == 0xFE0F || cp >= 0x1F3FB && cp <= 0x1F3FF) {
        // a variation selector or a skin tone belongs to the emoji before it
        if (previous < 0 || !isEmoji(previous)) {
          sum += weight(cp);
        }
      } else if (joined && isEmoji(cp)) {
        joined = false; // part of the sequence already counted
      } else if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
        if (flagOpen) {
          flagOpen = false; // the second half of a flag
        } else {
          sum += 2;
          flagOpen = true;
        }
      } else {
        joined = false;
        flagOpen = false;
        sum += weight(cp);
      }
      previous = cp;
    }
    return sum;
  }

  private static boolean isEmoji(int cp) {
    return cp >= 0x1F000 && cp <= 0x1FAFF || cp >= 0x2600 && cp <= 0x27BF;
  }

  /** The weight of one code point. */
  private static int weight(int cp) {
    boolean light = cp <= 4351 || cp >= 8192 && cp <= 8205 || cp >= 8208 && cp <= 8223 || cp >= 8242 && cp <= 8247;
    return light ? 1 : 2;
  }
}
