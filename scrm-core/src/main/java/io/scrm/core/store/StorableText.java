package io.scrm.core.store;

import java.util.Objects;

/**
 * Text as every store can keep it. Two kinds of char cannot be stored everywhere: U+0000, which
 * databases refuse (PostgreSQL's {@code text} and {@code jsonb}), and half of a surrogate pair
 * without its other half, which is no character at all and which UTF-8 cannot carry (a driver writes
 * a question mark). The model replaces both by U+FFFD where a message enters it; a store outside the
 * process replaces them in any other value, and a hash-chained ledger refuses them.
 *
 * @since 0.1.0
 */
public final class StorableText {
  private StorableText() {}

  /**
   * Compares two texts by their code points: the order of their UTF-8 bytes, in which PostgreSQL's
   * {@code "C"} collation sorts them. {@link String#compareTo} compares UTF-16 chars instead, and puts
   * a character beyond U+FFFF (an emoji: two surrogates) before U+E000 to U+FFFF; here it comes after.
   *
   * @param a a text
   * @param b another text
   * @return negative, zero or positive as {@code a} sorts before, with or after {@code b}
   * @since 0.1.0
   */
  public static int compareByCodePoint(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // a surrogate stands for a code point above every char of the BMP
        return (Character.isSurrogate(x) ? x + 0x10000 : x) - (Character.isSurrogate(y) ? y + 0x10000 : y);
      }
    }
    return a.length() - b.length();
  }

  /**
   * Returns where the first char no store can keep stands.
   *
   * @param text the text
   * @return the index of the first U+0000 or lone surrogate, or -1 if there is none
   */
  public static int firstUnstorable(CharSequence text) {
    int n = text.length();
    // small, so that it is inlined where a message is built: most texts hold neither
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\u0000' || c >= '\uD800' && c <= '\uDFFF') {
        return loneFrom(text, i);
      }
    }
    return -1;
  }

  /** From a U+0000 or a surrogate at {@code from}: the first U+0000 or lone surrogate, or -1. */
  private static int loneFrom(CharSequence text, int from) {
    int n = text.length();
    for (int i = from; i < n; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++; // a whole pair
      } else if (c == '\u0000' || Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Returns the text with each U+0000 and each lone surrogate replaced by U+FFFD (the replacement
   * character, which they would show as anyway).
   *
   * @param text the text
   * @return the text as every store keeps it; the same string if it holds neither
   */
  public static String storable(String text) {
    int at = firstUnstorable(Objects.requireNonNull(text, "text"));
    if (at < 0) {
      return text;
    }
    char[] chars = text.toCharArray();
    for (int i = at; i < chars.length; i++) {
      char c = chars[i];
      if (Character.isHighSurrogate(c) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
        i++;
      } else if (c == '\u0000' || Character.isSurrogate(c)) {
        chars[i] = '\uFFFD';
      }
    }
    return new String(chars);
  }
}
