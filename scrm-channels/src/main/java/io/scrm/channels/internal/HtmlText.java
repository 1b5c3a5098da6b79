package io.scrm.channels.internal;

import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns the HTML that platforms and mail clients send into plain text: paragraphs become blank
 * lines, {@code <br>} a line break, a table's cells stay apart by a space, entities are decoded,
 * whitespace is collapsed, and the content of {@code script}, {@code style}, {@code head}, {@code
 * template} and images is dropped. Mastodon's
 * hidden link spans ({@code class="invisible"}) are kept, so links come out whole. Stateless and
 * thread-safe; never throws on any input.
 */
public final class HtmlText {
  private static final Set<String> DROPPED = Set.of("script", "style", "head", "template", "noscript", "title");
  private static final Set<String> PARAGRAPHS = Set.of("p", "div", "blockquote", "ul", "ol", "table", "pre", "h1",
      "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer");
  private static final Set<String> LINES = Set.of("li", "tr", "dt", "dd");
  /** Table cells: a row's cells stay apart by a space, as a form's label and its value. */
  private static final Set<String> CELLS = Set.of("td", "th");
  /** The names of the Latin-1 characters U+00A0 to U+00FF, in order (HTML 4's ISO 8859-1 entities). */
  private static final String[] LATIN_1 = ("nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy "
      + "reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest "
      + "Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH "
      + "Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave "
      + "aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde "
      + "ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml").split(" ");
  private static final Map<String, String> ENTITIES = entities();

  private static Map<String, String> entities() {
    Map<String, String> all = new HashMap<>();
    for (int i = 0; i < LATIN_1.length; i++) {
      all.put(LATIN_1[i], String.valueOf((char) (0xA0 + i)));
    }
    // text, not markup: a no-break space is a space, a soft hyphen nothing
    all.putAll(Map.ofEntries(Map.entry("amp", "&"), Map.entry("lt", "<"),
      Map.entry("gt", ">"), Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("nbsp", " "),
      Map.entry("auml", "ä"), Map.entry("ouml", "ö"), Map.entry("uuml", "ü"), Map.entry("Auml", "Ä"),
      Map.entry("Ouml", "Ö"), Map.entry("Uuml", "Ü"), Map.entry("szlig", "ß"), Map.entry("euro", "€"),
      Map.entry("hellip", "…"), Map.entry("ndash", "–"), Map.entry("mdash", "—"), Map.entry("laquo", "«"),
      Map.entry("raquo", "»"), Map.entry("bdquo", "„"), Map.entry("ldquo", "“"), Map.entry("rdquo", "”"),
      Map.entry("lsquo", "‘"), Map.entry("rsquo", "’"), Map.entry("copy", "©"), Map.entry("shy", "")));
    return Map.copyOf(all);
  }

  private HtmlText() {}

  /**
   * Converts HTML to plain text.
   *
   * @param html the HTML
   * @return the text, trimmed, lines without trailing blanks, at most one blank line in a row
   */
  public static String toText(String html) {
    StringBuilder out = new StringBuilder(html.length());
    int i = 0;
    int n = html.length();
    String dropUntil = null;
    boolean pre = false;
    while (i < n) {
      char c = html.charAt(i);
      if (c == '<' && opensMarkup(html, i + 1)) {
        if (html.startsWith("<!--", i)) {
          int end = html.indexOf("-->", i + 4);
          i = end < 0 ? n : end + 3;
          continue;
        }
        int end = html.indexOf('>', i + 1);
        if (end < 0) {
          if (dropUntil == null) {
            appendText(out, html.substring(i), pre);
          }
          break;
        }
        String tag = html.substring(i + 1, end);
        i = end + 1;
        boolean closing = tag.startsWith("/");
        String name = tagName(closing ? tag.substring(1) : tag);
        if (dropUntil != null) {
          if (closing && name.equals(dropUntil)) {
            dropUntil = null;
          } else if (!closing && dropUntil.equals("head") && name.equals("body")) {
            // the head's end tag may be omitted (WHATWG HTML 13.1.2.4): <body> ends it
            dropUntil = null;
          }
          continue;
        }
        if (!closing && DROPPED.contains(name) && !tag.endsWith("/")) {
          dropUntil = name;
        } else if (name.equals("br")) {
          out.append('\n');
        } else if (PARAGRAPHS.contains(name)) {
          if (name.equals("pre")) {
            pre = !closing;
          }
          out.append("\n\n");
        } else if (LINES.contains(name)) {
          // one line per item or row: the end of one and the start of the next make no blank line
          if (out.length() == 0 || out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
          }
        } else if (CELLS.contains(name) && !closing && out.length() > 0
            && out.charAt(out.length() - 1) != ' ' && out.charAt(out.length() - 1) != '\n') {
          out.append(' ');
        }
        continue;
      }
      // text runs to the next '<' (one that opens no tag, like in "a < b", is text itself)
      int next = html.indexOf('<', c == '<' ? i + 1 : i);
      if (next < 0) {
        next = n;
      }
      if (dropUntil == null) {
        appendText(out, html.substring(i, next), pre);
      }
      i = next;
    }
    return tidy(out.toString());
  }

  /**
   * Whether the char after a {@code <} makes it markup, as in the HTML tokenizer: a letter (a start
   * tag), {@code /} (an end tag), {@code !} (a comment or declaration) or {@code ?}; any other
   * {@code <} is text.
   */
  private static boolean opensMarkup(String html, int at) {
    if (at >= html.length()) {
      return false;
    }
    char c = html.charAt(at);
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?';
  }

  private static String tagName(String tag) {
    int j = 0;
    while (j < tag.length() && (Character.isLetterOrDigit(tag.charAt(j)))) {
      j++;
    }
    return tag.substring(0, j).toLowerCase(Locale.ROOT);
  }

  private static void appendText(StringBuilder out, String raw, boolean pre) {
    String text = decode(raw);
    if (pre) {
      out.append(text);
      return;
    }
    for (int k = 0; k < text.length(); k++) {
      char ch = text.charAt(k);
      boolean space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
      if (space) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != ' ' && out.charAt(out.length() - 1) != '\n') {
          out.append(' ');
        }
      } else {
        out.append(ch == '\u00a0' ? ' ' : ch);
      }
    }
  }

  /**
   * Decodes HTML character references; unknown ones stay as written.
   *
   * @param text the text with references
   * @return the decoded text
   */
  public static String decode(String text) {
    if (text.indexOf('&') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      // a reference is at most 12 chars long: look no further for its ';' (a scan to the end from
      // every '&' is quadratic in a text of many '&')
      int semi = -1;
      for (int k = i + 1, limit = Math.min(text.length(), i + 13); c == '&' && k < limit; k++) {
        if (text.charAt(k) == ';') {
          semi = k;
          break;
        }
      }
      if (semi > i + 1 && semi - i <= 12) {
        String ref = text.substring(i + 1, semi);
        String decoded = null;
        if (ref.startsWith("#")) {
          try {
            int cp = ref.startsWith("#x") || ref.startsWith("#X") ? Integer.parseInt(ref.substring(2), 16)
                : Integer.parseInt(ref.substring(1));
            if (Character.isValidCodePoint(cp) && cp != 0) {
              decoded = new String(Character.toChars(cp));
            }
          } catch (NumberFormatException e) {
            decoded = null;
          }
        } else {
          decoded = ENTITIES.get(ref);
        }
        if (decoded != null) {
          out.append(decoded);
          i = semi + 1;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static String tidy(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int blank = 0;
    boolean started = false;
    for (String line : text.split("\n", -1)) {
      String l = line.strip();
      if (l.isEmpty()) {
        blank++;
        continue;
      }
      if (started) {
        // one newline (a <br>) keeps lines together; anything more is a paragraph break
        out.append(blank > 0 ? "\n\n" : "\n");
      }
      out.append(l);
      started = true;
      blank = 0;
    }
    return out.toString();
  }
}
