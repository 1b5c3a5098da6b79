package io.scrm.channels.x;

import io.scrm.channels.internal.Links;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Links written without {@code http://} or {@code https://} ({@code www.glasfaser-nord.de/stoerung},
 * {@code glasfaser-nord.com}), which X counts as links too. Such a link is a domain of at least two
 * labels ending with a known top-level domain (or a punycode one), after any character but a letter,
 * digit, {@code @ $ #} or {@code / . - _} (so an e-mail address is no link); then an optional port,
 * path and query. A name and a country code alone ({@code glasfaser-nord.de}, {@code bit.ly}) is a
 * link only with a path, except under {@code co} and {@code tv}. Stateless; the list of top-level
 * domains is read once, from {@code top-level-domains.txt} beside this class.
 */
final class BareLinks {
  private static final String TLD_RESOURCE = "top-level-domains.txt";

  private BareLinks() {}

  /** The known top-level domains, loaded with the first bare link looked for. */
  private static final class Domains {
    static final Set<String> COUNTRY = new HashSet<>();
    static final Set<String> GENERIC = new HashSet<>();

    static {
      try (InputStream in = BareLinks.class.getResourceAsStream(TLD_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(TLD_RESOURCE + " is missing from the class path");
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Set<String> section = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          if (line.equals("[country]") || line.equals("[generic]")) {
            section = line.equals("[country]") ? COUNTRY : GENERIC;
          } else if (section == null) {
            throw new IllegalStateException(TLD_RESOURCE + " has a domain before its first section");
          } else {
            section.add(line);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Returns where the bare link starting at {@code start} ends, or -1 if none starts there.
   * {@code start} must begin a run of domain characters: the char before it, if any, is none.
   *
   * @param text the text
   * @param start the start of a run of {@linkplain #isDomainChar domain characters}
   * @param limit where the search must stop (the start of the next link with a protocol)
   * @return the end of the link, or -1
   */
  static int end(String text, int start, int limit) {
    if (start > 0 && !mayPrecede(text.charAt(start - 1))) {
      return -1;
    }
    int run = start;
    while (run < limit && isDomainChar(text.charAt(run))) {
      run++;
    }
    // the domain: the most labels of the run that end with a top-level domain
    int labels = 0;
    int tldStart = -1;
    int tldEnd = -1;
    int labelStart = start;
    boolean valid = true;
    int previousStart = -1;
    for (int i = start; i <= run; i++) {
      if (i < run && text.charAt(i) != '.') {
        continue;
      }
      labels++;
      if (labels >= 2 && valid && i > labelStart && isTopLevel(text.substring(labelStart, i))
          && (i < run || !followsNoDomain(text, run, limit))
          && !text.substring(previousStart, labelStart - 1).contains("_")) {
        tldStart = labelStart;
        tldEnd = i;
      }
      // a label before the top-level domain starts and ends with a letter or digit
      valid = valid && i > labelStart && isLabelEdge(text.charAt(labelStart)) && isLabelEdge(text.charAt(i - 1));
      previousStart = labelStart;
      labelStart = i + 1;
    }
    if (tldStart < 0) {
      return -1;
    }
    int end = tldEnd;
    if (end + 1 < limit && text.charAt(end) == ':' && isAsciiDigit(text.charAt(end + 1))) {
      end++;
      while (end < limit && isAsciiDigit(text.charAt(end))) {
        end++;
      }
    }
    boolean path = end < limit && text.charAt(end) == '/';
    if (path || end < limit && text.charAt(end) == '?') {
      int rest = end;
      while (rest < limit && isPathChar(text.charAt(rest))) {
        rest++;
      }
      end = Math.max(end, Links.end(text, start, rest, Links.X_TRAILING));
    }
    if (!path && isShortDomain(text, start, tldStart, tldEnd)) {
      return -1;
    }
    return end;
  }

  /**
   * Whether a char may be part of a domain's run: an ASCII letter or digit, a Latin letter with an
   * accent, or {@code . - _}.
   *
   * @param c the char
   * @return whether it is one
   */
  static boolean isDomainChar(char c) {
    return isLabelEdge(c) || c == '.' || c == '-' || c == '_';
  }

  /**
   * Whether a link's host is a domain X links: two labels or more, the last a known top-level domain.
   *
   * @param host the host of a link written with its protocol
   * @return whether it is one
   */
  static boolean isDomain(String host) {
    int dot = host.lastIndexOf('.');
    return dot > 0 && dot < host.length() - 1 && isTopLevel(host.substring(dot + 1));
  }

  /**
   * Whether a char may be part of a link's path or query as twitter-text reads it: ASCII URL
   * characters, brackets, Latin letters with accents, Cyrillic.
   */
  static boolean isPathChar(char c) {
    return c < 128 ? Character.isLetterOrDigit(c) || "!*';:=+,.$/%#[]-_~|&@?()".indexOf(c) >= 0
        : c == '\u2013' || isLabelEdge(c) || c >= '\u0400' && c <= '\u04FF';
  }

  /** A name and a country code alone, other than under co and tv. */
  private static boolean isShortDomain(String text, int start, int tldStart, int tldEnd) {
    String tld = text.substring(tldStart, tldEnd).toLowerCase(Locale.ROOT);
    boolean oneName = text.lastIndexOf('.', tldStart - 2) < start;
    return oneName && Domains.COUNTRY.contains(tld) && !tld.equals("co") && !tld.equals("tv");
  }

  private static boolean isTopLevel(String label) {
    String tld = label.toLowerCase(Locale.ROOT);
    if (tld.startsWith("xn--") && tld.length() > 4) {
      for (int i = 4; i < tld.length(); i++) {
        char c = tld.charAt(i);
        if (!(c >= 'a' && c <= 'z' || isAsciiDigit(c))) {
          return false;
        }
      }
      return true;
    }
    return Domains.COUNTRY.contains(tld) || Domains.GENERIC.contains(tld);
  }

  /** After a top-level domain comes no {@code @} or {@code +}: "name.com@host" is an address, no link. */
  private static boolean followsNoDomain(String text, int at, int limit) {
    return at < limit && (text.charAt(at) == '@' || text.charAt(at) == '+');
  }

  /** Not a letter or digit (those would continue a word), and none of {@code @ ＠ $ # ＃ / . - _}. */
  private static boolean mayPrecede(char c) {
    if (c < 128) {
      return !Character.isLetterOrDigit(c) && "@$#/.-_".indexOf(c) < 0;
    }
    // directional formatting chars, and chars that are not characters
    return c != '\uFF20' && c != '\uFF03' && !(c >= '\u202A' && c <= '\u202E') && c != '\uFEFF' && c != '\uFFFE'
        && c != '\uFFFF' && !isLabelEdge(c);
  }

  /** ASCII letters and digits, and the Latin letters with accents X's link rules allow in a domain. */
  private static boolean isLabelEdge(char c) {
    if (c < 128) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isAsciiDigit(c);
    }
    return c >= '\u00C0' && c <= '\u00D6' || c >= '\u00D8' && c <= '\u00F6' || c >= '\u00F8' && c <= '\u024F'
        || c == '\u0253' || c == '\u0254' || c == '\u0256' || c == '\u0257' || c == '\u0259' || c == '\u025B'
        || c == '\u0263' || c == '\u0268' || c == '\u026F' || c == '\u0272' || c == '\u0289' || c == '\u028B'
        || c == '\u02BB' || c >= '\u0300' && c <= '\u036F' || c >= '\u1E00' && c <= '\u1EFF';
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
