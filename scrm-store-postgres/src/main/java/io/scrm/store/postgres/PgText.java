package io.scrm.store.postgres;

/**
 * Text as PostgreSQL can hold it. Its {@code text} and {@code jsonb} types refuse the character
 * U+0000, which a platform may pass on from a customer's message (or an attacker may send on
 * purpose): a message holding one could never be stored, and a poller would read it again for ever.
 * Half of a surrogate pair without its other half is no character at all; UTF-8, which the
 * connection speaks, cannot carry it, and the driver would send a question mark instead. Both are
 * stored as U+FFFD, the replacement character, which they would show as anyway, and which is what
 * the model makes of them where a message enters it.
 */
final class PgText {
  private static final char NUL = '\u0000';
  private static final char REPLACEMENT = '\uFFFD';
  private static final String NUL_ESCAPE = "\\u0000";

  private PgText() {}

  /**
   * The string with each U+0000 and each lone surrogate replaced by U+FFFD; the same string if it
   * holds neither.
   */
  static String clean(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == NUL || Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++; // a whole pair
        } else {
          return replaceFrom(s, i);
        }
      }
    }
    return s;
  }

  private static String replaceFrom(String s, int from) {
    char[] chars = s.toCharArray();
    for (int i = from; i < chars.length; i++) {
      char c = chars[i];
      if (Character.isHighSurrogate(c) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
        i++;
      } else if (c == NUL || Character.isSurrogate(c)) {
        chars[i] = REPLACEMENT;
      }
    }
    return new String(chars);
  }

  /**
   * A JSON document as PostgreSQL's {@code jsonb} takes it: each escaped U+0000 ({@code \u0000}) in
   * its strings and each lone surrogate (written unescaped, as the object mapper writes text)
   * replaced by U+FFFD; the same document if it holds neither. A backslash that is itself escaped
   * ({@code \\u0000}, the text "\u0000") is left alone.
   */
  static String cleanJson(String json) {
    String clean = clean(json);
    int at = clean.indexOf(NUL_ESCAPE);
    if (at < 0) {
      return clean;
    }
    StringBuilder out = new StringBuilder(clean.length());
    int from = 0;
    while (at >= 0) {
      int backslashes = 0;
      for (int i = at - 1; i >= 0 && clean.charAt(i) == '\\'; i--) {
        backslashes++;
      }
      if (backslashes % 2 == 0) {
        out.append(clean, from, at).append(REPLACEMENT);
        from = at + NUL_ESCAPE.length();
      }
      at = clean.indexOf(NUL_ESCAPE, at + 1);
    }
    return out.append(clean, from, clean.length()).toString();
  }
}
