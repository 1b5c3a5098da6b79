package io.scrm.channels.internal;

/**
 * Splits a text into what a reader sees as one character, for counting a post's length as a
 * platform does: a base character with its combining marks, an emoji with its variation selector,
 * skin tone, tags and the emoji joined to it by zero-width joiners, or a flag of two regional
 * indicators, or a CR LF line break. (The JDK's {@code BreakIterator} of Java 17 splits joined emoji.)
 * Signs such as © count as emoji only with the variation selector that asks for emoji style.
 * Stateless.
 */
public final class TextClusters {
  private TextClusters() {}

  /** Receives one cluster: the chars {@code [start, end)} of the text; {@code emoji} if it is one. */
  @FunctionalInterface
  public interface Cluster {
    /**
     * Receives a cluster.
     *
     * @param start its first char
     * @param end after its last char
     * @param emoji whether it is an emoji (or an emoji sequence, or a flag)
     */
    void accept(int start, int end, boolean emoji);
  }

  /**
   * Passes each cluster of the text, in order.
   *
   * @param text the text
   * @param action what to do with each cluster
   */
  public static void forEach(CharSequence text, Cluster action) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      int start = i;
      int cp = Character.codePointAt(text, i);
      i += Character.charCount(cp);
      boolean emoji = isEmoji(cp);
      if (cp == '\r' && i < n && text.charAt(i) == '\n') {
        action.accept(start, ++i, false); // a Windows line break is one character
        continue;
      }
      if (isControl(cp)) {
        action.accept(start, i, false); // nothing joins a control (UAX #29 GB4), a mark after it neither
        continue;
      }
      if (isRegionalIndicator(cp) && i < n && isRegionalIndicator(Character.codePointAt(text, i))) {
        i += 2; // a flag: both indicators lie outside the BMP
        emoji = true;
      }
      while (i < n) {
        int next = Character.codePointAt(text, i);
        if (joinsPrevious(next)) {
          i += Character.charCount(next);
          // a variation selector asking for emoji style, or a keycap, makes the cluster an emoji
          emoji |= next == 0xFE0F || next == 0x20E3;
        } else if (emoji && next == 0x200D && i + 1 < n && isEmoji(Character.codePointAt(text, i + 1))) {
          i += 1 + Character.charCount(Character.codePointAt(text, i + 1));
        } else {
          break;
        }
      }
      action.accept(start, i, emoji);
    }
  }

  /**
   * Counts the clusters of a text.
   *
   * @param text the text
   * @return the number of clusters
   */
  public static int count(CharSequence text) {
    int[] count = {0};
    forEach(text, (start, end, emoji) -> count[0]++);
    return count[0];
  }

  /** Whether a code point belongs to the cluster before it. */
  private static boolean joinsPrevious(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK && !notSpacingMark(cp)
        || cp == 0xFE0F || cp == 0xFE0E // variation selectors
        || cp >= 0x1F3FB && cp <= 0x1F3FF // skin tones
        || cp >= 0xE0020 && cp <= 0xE007F; // tags (subdivision flags)
  }

  /** The spacing marks UAX #29 excepts from SpacingMark (Myanmar, Tai Tham, Tai Viet, Ahom): they stand alone. */
  private static boolean notSpacingMark(int cp) {
    return cp == 0x102B || cp == 0x102C || cp == 0x1038 || cp >= 0x1062 && cp <= 0x1064
        || cp >= 0x1067 && cp <= 0x106D || cp == 0x1083 || cp >= 0x1087 && cp <= 0x108C || cp == 0x108F
        || cp >= 0x109A && cp <= 0x109C || cp == 0x1A61 || cp == 0x1A63 || cp == 0x1A64 || cp == 0xAA7B
        || cp == 0xAA7D || cp == 0x11720 || cp == 0x11721;
  }

  /** CR, LF and the other controls and separators UAX #29 breaks after (GB4). */
  private static boolean isControl(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static boolean isRegionalIndicator(int cp) {
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
  }

  /** Pictographs and the symbols commonly shown as emoji (hearts, stars, weather, arrows). */
  private static boolean isEmoji(int cp) {
    return cp >= 0x1F000 && cp <= 0x1FAFF || cp >= 0x2600 && cp <= 0x27BF || cp >= 0x2B00 && cp <= 0x2BFF
        || cp >= 0x2190 && cp <= 0x21FF || cp >= 0x2300 && cp <= 0x23FF;
  }
}
