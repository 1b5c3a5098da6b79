package io.scrm.channels.internal;

/**
 * Where a link found in a text ends, for counting it as 23 characters whatever its length (X and
 * Mastodon both do). A link is matched up to the next space; the chars the platform does not let a
 * link end with are then taken off its end. Stateless.
 */
public final class Links {
  /** The chars X's links do not end with: they close the sentence around the link. */
  public static final String X_TRAILING = ".,;:!?'\"";
  /**
   * The chars a Mastodon link's path does not end with ({@code valid_url_path_ending_chars} of its
   * link rules): sentence punctuation, quotes, brackets and the like; a query ends by another rule.
   */
  public static final String MASTODON_TRAILING = "()?!*\"'\u300c\u300d<>;:=,.$%[]~&|@";

  private Links() {}

  /**
   * Returns the end of a link: without the trailing chars the platform does not end a link with, and
   * without a closing bracket it does not open ("(see https://x.de)"); a Wikipedia link keeps its
   * balanced brackets.
   *
   * @param text the text
   * @param start where the link starts
   * @param end where the match ended
   * @param trailing the chars a link does not end with, {@link #X_TRAILING} or {@link #MASTODON_TRAILING}
   * @return where the link ends, at most {@code end}
   */
  public static int end(CharSequence text, int start, int end, String trailing) {
    // the link's bracket depth, counted once when a ')' is first met and kept up as chars are taken off
    int depth = Integer.MIN_VALUE;
    while (end > start) {
      char last = text.charAt(end - 1);
      boolean keep;
      if (last == ')') {
        if (depth == Integer.MIN_VALUE) {
          depth = depth(text, start, end);
        }
        keep = depth >= 0;
      } else {
        keep = trailing.indexOf(last) < 0;
      }
      if (keep) {
        break;
      }
      if (depth != Integer.MIN_VALUE) {
        depth += last == ')' ? 1 : last == '(' ? -1 : 0;
      }
      end--;
    }
    return end;
  }

  /**
   * Returns the end of a Mastodon link: a query (from the first {@code ?}) ends with an ASCII letter
   * or digit, one of {@code _ & = # / -}, or any char from U+00A0 on; a path ends as {@link #end}
   * with {@link #MASTODON_TRAILING} says; a {@code ?} with no query after it is not part of the link.
   *
   * @param text the text
   * @param start where the link starts
   * @param end where the match ended
   * @return where the link ends, at most {@code end}
   */
  public static int mastodonEnd(CharSequence text, int start, int end) {
    int query = start;
    while (query < end && text.charAt(query) != '?') {
      query++;
    }
    if (query == end) {
      return end(text, start, end, MASTODON_TRAILING);
    }
    int e = end;
    while (e > query + 1 && !endsQuery(text.charAt(e - 1))) {
      e--;
    }
    return e > query + 1 ? e : end(text, start, query, MASTODON_TRAILING);
  }

  /** ASCII letters and digits, {@code _ & = # / -}, and every char from U+00A0 on (both halves of a pair). */
  private static boolean endsQuery(char c) {
    return c < 128 ? Character.isLetterOrDigit(c) || "_&=#/-".indexOf(c) >= 0 : c >= 0xA0;
  }

  /** Opening minus closing brackets of a link: below zero, a closing bracket has no opening one. */
  private static int depth(CharSequence text, int start, int end) {
    int depth = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    }
    return depth;
  }
}
