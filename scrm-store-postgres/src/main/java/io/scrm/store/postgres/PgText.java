package io.scrm.store.postgres;

/**
 * Text as PostgreSQL can hold it. Its {@code text} and {@code jsonb} types refuse the character
 * U+0000, which a platform may pass on from a customer's message (or an attacker may send on
 * purpose): a message holding one could never be stored, and a poller would read it again for ever.
 * Such a character is stored as U+FFFD, the replacement character, which it would show as anyway.
 */
final class PgText {
  private static final char NUL = '\u0000';
  private static final char REPLACEMENT = '\uFFFD';
  private static final String NUL_ESCAPE = "\\u0000";

  private PgText() {}

  /** The string with each U+0000 replaced by U+FFFD; the same string if it holds none. */
  static String clean(String s) {
    return s.indexOf(NUL) < 0 ? s : s.replace(NUL, REPLACEMENT);
  }

  /**
   * A JSON document with each escaped U+0000 ({@code \u0000}) in its strings replaced by U+FFFD; the
   * same document if it holds none. A backslash that is itself escaped ({@code \\u0000}, the text
   * "\u0000") is left alone.
   */
  static String cleanJson(String json) {
    int at = json.indexOf(NUL_ESCAPE);
    if (at < 0) {
      return json;
    }
    StringBuilder out = new StringBuilder(json.length());
    int from = 0;
    while (at >= 0) {
      int backslashes = 0;
      for (int i = at - 1; i >= 0 && json.charAt(i) == '\\'; i--) {
        backslashes++;
      }
      if (backslashes % 2 == 0) {
        out.append(json, from, at).append(REPLACEMENT);
        from = at + NUL_ESCAPE.length();
      }
      at = json.indexOf(NUL_ESCAPE, at + 1);
    }
    return out.append(json, from, json.length()).toString();
  }
}
