package io.scrm.store.postgres;

import io.scrm.core.store.StorableText;

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

  /** The string with each U+0000 and each lone surrogate replaced by U+FFFD; the same string if it holds neither. */
  static String clean(String s) {
    return StorableText.storable(s);
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
