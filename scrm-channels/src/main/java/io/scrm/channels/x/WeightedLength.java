package io.scrm.channels.x;

import io.scrm.channels.internal.Links;
import io.scrm.channels.internal.TextClusters;
import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The length of a post as X counts it against its 280-character limit: after NFC normalization, a
 * character from Latin, Greek, Cyrillic, Hebrew, Arabic and the other scripts below U+1100, and some
 * punctuation (general punctuation spaces, dashes, quotes, primes), counts 1; every other character
 * (CJK, symbols) counts 2; an emoji with everything joined to it (see {@link TextClusters}) counts 2;
 * a link counts 23 however long it is. A link starts with {@code http://} or {@code https://} and
 * runs to the next space or CJK or emoji character, less trailing punctuation and a closing bracket
 * it does not open (a Wikipedia link keeps its balanced brackets). A link written without a protocol
 * ({@code www.glasfaser-nord.de/stoerung}) counts 23 as well, as {@link BareLinks} finds it.
 * Stateless.
 */
final class WeightedLength {
  /** X's limit, in the units {@link #of} returns. */
  static final int LIMIT = 280;
  private static final int LINK = 23;
  /**
   * A link runs over twitter-text's URL characters only (ASCII URL characters, Latin letters with
   * accents, Cyrillic, brackets): any other character (a guillemet, Thai, Greek, CJK, emoji) is text again.
   */
  private static final Pattern URL = Pattern.compile("https?://[a-z0-9!*';:=+,.$/%#\\[\\]\\-\\u2013_~|&@?()"
      + "\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F\\u0253\\u0254\\u0256\\u0257\\u0259\\u025B\\u0263"
      + "\\u0268\\u026F\\u0272\\u0289\\u028B\\u02BB\\u0300-\\u036F\\u1E00-\\u1EFF\\u0400-\\u04FF]+",
      Pattern.CASE_INSENSITIVE);

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
    // counted up to 'from'; links without a protocol looked for up to 'searched'
    int from = 0;
    int searched = 0;
    Matcher links = URL.matcher(normalized);
    boolean more = findLink(links);
    while (true) {
      int limit = more ? links.start() : normalized.length();
      int i = searched;
      while (i < limit) {
        if (!BareLinks.isDomainChar(normalized.charAt(i))) {
          i++;
          continue;
        }
        int end = BareLinks.end(normalized, i, limit);
        if (end >= 0) {
          length += weights(normalized.substring(from, i)) + LINK;
          from = end;
          i = end;
        } else {
          while (i < limit && BareLinks.isDomainChar(normalized.charAt(i))) {
            i++;
          }
        }
      }
      if (!more) {
        break;
      }
      int end = Links.end(normalized, links.start(), links.end(), Links.X_TRAILING);
      length += weights(normalized.substring(from, links.start())) + LINK;
      from = end;
      searched = end;
      more = findLink(links);
    }
    length += weights(normalized.substring(from));
    return (int) Math.min(Integer.MAX_VALUE, length);
  }

  /** Finds the next protocol link whose host X takes for a domain (one with a known top-level domain). */
  private static boolean findLink(Matcher links) {
    while (links.find()) {
      String rest = links.group().substring(links.group().indexOf("://") + 3);
      int hostEnd = 0;
      while (hostEnd < rest.length() && "/?#:".indexOf(rest.charAt(hostEnd)) < 0) {
        hostEnd++;
      }
      if (BareLinks.isDomain(rest.substring(0, hostEnd))) {
        return true;
      }
    }
    return false;
  }

  private static long weights(String text) {
    long[] sum = {0};
    TextClusters.forEach(text, (start, end, emoji) -> {
      if (emoji) {
        sum[0] += 2;
      } else {
        for (int i = start; i < end; ) {
          int cp = text.codePointAt(i);
          i += Character.charCount(cp);
          sum[0] += weight(cp);
        }
      }
    });
    return sum[0];
  }

  /** The weight of one code point. */
  private static int weight(int cp) {
    boolean light = cp <= 4351 || cp >= 8192 && cp <= 8205 || cp >= 8208 && cp <= 8223 || cp >= 8242 && cp <= 8247;
    return light ? 1 : 2;
  }
}
