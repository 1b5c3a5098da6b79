package io.scrm.channels.internal;

/**
 * Where a link found in a text ends, as twitter-text reads it (X and Mastodon count a link as 23
 * characters whatever its length, and both find links with it). Stateless.
 */
public final class Links {
  /** Chars a link does not end with: they close the sentence around it. */
  private static final String TRAILING = ".,;:!?'\"";

  private Links() {}

  /**
   * Returns the end of a link matched up to the next space: without the punctuation that closes the
   * sentence after it, and without a closing bracket it does not open ("(see https://x.de)"); a
   * Wikipedia link keeps its balanced brackets.
   *
   * @param text the text
   * @param start where the link starts
   * @param end where the match ended
   * @return where the link ends, at most {@code end}
   */
  public static int end(CharSequence text, int start, int end) {
    while (end > start && (TRAILING.indexOf(text.charAt(end - 1)) >= 0
        || text.charAt(end - 1) == ')' && unbalanced(text, start, end))) {
      end--;
    }
    return end;
  }

  /** Whether a link's closing bracket has no opening one in it. */
  private static boolean unbalanced(CharSequence text, int start, int end) {
    int depth = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    }
    return depth < 0;
  }
}
