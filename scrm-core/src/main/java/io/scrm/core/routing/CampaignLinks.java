package io.scrm.core.routing;

import io.scrm.core.model.CampaignTouch;
import io.scrm.core.internal.Require;
import io.scrm.core.model.ChannelId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads campaign touches: UTM parameters ({@code utm_source}, {@code utm_medium}, {@code
 * utm_campaign}, {@code utm_content}, {@code utm_term}) from links in a message, or from the
 * parameters the host's landing page received. Parameter names are read in any case ({@code
 * UTM_Campaign} is {@code utm_campaign}); values keep theirs. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class CampaignLinks {
  // a link ends at any space (a no-break space too) and at quotation marks, typographic ones included
  // („…“, »…«, ‚…‘), which URLs do not contain unencoded; an ellipsis ends it as well. Written without
  // a scheme ("www.example.de/…", "example.de?…"), it starts a word with a dotted host name followed
  // by a path or query
  private static final String END = "\\s\\p{Z}<>\"'\\p{Pi}\\p{Pf}\u201A\u201E\u2026";
  private static final Pattern LINK = Pattern.compile("(?:https?://|(?<![^" + END + "(\\[])"
      + "(?=[\\p{L}\\p{N}-]++(?:\\.[\\p{L}\\p{N}-]++)++[/?]))[^" + END + "]+", Pattern.CASE_INSENSITIVE);
  private static final int MAX_VALUE = 200;

  private CampaignLinks() {}

  /**
   * Reads the first link with UTM parameters in a text, with a scheme ({@code https://…}) or without
   * ({@code www.example.de/…?utm_campaign=…}). A parameter given more than once counts with
   * its first value that is not blank.
   *
   * @param text the message text
   * @param channel the channel the message came in on
   * @param at the time of the touch
   * @return the touch, if a link carries a campaign or source
   */
  public static Optional<CampaignTouch> fromText(String text, @Nullable ChannelId channel, Instant at) {
    Objects.requireNonNull(text, "text");
    if (!mentionsUtm(text)) {
      return Optional.empty();
    }
    Matcher m = LINK.matcher(text);
    while (m.find()) {
      String link = asWritten(m.group());
      int q = link.indexOf('?');
      if (q < 0) {
        continue;
      }
      int hash = link.indexOf('#', q);
      Map<String, String> params = new HashMap<>();
      for (String pair : link.substring(q + 1, hash < 0 ? link.length() : hash).split("&")) {
        int eq = pair.indexOf('=');
        String value = eq > 0 ? decode(pair.substring(eq + 1)) : "";
        if (!visible(value).isEmpty()) {
          params.putIfAbsent(decode(pair.substring(0, eq)).toLowerCase(Locale.ROOT), value);
        }
      }
      Optional<CampaignTouch> touch = fromParameters(params, channel, at);
      if (touch.isPresent()) {
        return touch;
      }
    }
    return Optional.empty();
  }

  /**
   * Reads a touch from request parameters, e.g. those of the host's landing page. {@code campaign}
   * (the host's campaign code) is used when {@code utm_campaign} is absent.
   *
   * @param parameters parameter names to values
   * @param channel the channel, if known
   * @param at the time of the touch
   * @return the touch, if a campaign or source is given
   */
  public static Optional<CampaignTouch> fromParameters(Map<String, String> parameters, @Nullable ChannelId channel,
      Instant at) {
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(at, "at");
    String campaign = value(parameters, "utm_campaign");
    if (campaign == null) {
      campaign = value(parameters, "campaign");
    }
    String source = value(parameters, "utm_source");
    if (campaign == null && source == null) {
      return Optional.empty();
    }
    return Optional.of(new CampaignTouch(campaign, source, value(parameters, "utm_medium"),
        value(parameters, "utm_content"), value(parameters, "utm_term"), channel, at));
  }

  private static @Nullable String value(Map<String, String> parameters, String name) {
    String v = parameters.get(name);
    if (v == null) {
      for (Map.Entry<String, String> e : parameters.entrySet()) {
        if (name.equalsIgnoreCase(e.getKey())) {
          v = e.getValue();
          break;
        }
      }
    }
    // U+0000 as every store keeps it: a value is read from a message, where the model replaces it
    v = v == null ? "" : visible(Require.storable(v));
    if (v.isEmpty()) {
      return null;
    }
    if (v.length() <= MAX_VALUE) {
      return v;
    }
    // never half of a character written as two chars, nor a space the cut left at the end
    return visible(v.substring(0, Character.isHighSurrogate(v.charAt(MAX_VALUE - 1)) ? MAX_VALUE - 1 : MAX_VALUE));
  }

  /**
   * The value without the characters at either end that show nothing: spaces (a no-break space
   * too) and format characters such as a zero-width space; empty if it holds nothing else.
   */
  private static String visible(String v) {
    int from = 0;
    int to = v.length();
    while (from < to && invisible(v.charAt(from))) {
      from++;
    }
    while (to > from && invisible(v.charAt(to - 1))) {
      to--;
    }
    return v.substring(from, to);
  }

  private static boolean invisible(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT;
  }

  /**
   * Whether a text holds "utm_" in any case, as every text with a UTM parameter does. Asked of every
   * message routed: it looks only at underscores, which few texts have.
   */
  private static boolean mentionsUtm(String text) {
    for (int i = text.indexOf('_', 3); i >= 0; i = text.indexOf('_', i + 1)) {
      if (text.regionMatches(true, i - 3, "utm", 0, 3)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A link as it is written in a sentence: without the punctuation that follows it, and without a
   * closing bracket it did not open ("(siehe https://…?utm_campaign=hausbau24).").
   */
  private static String asWritten(String link) {
    int parens = 0;
    int squares = 0;
    for (int i = 0; i < link.length(); i++) {
      char c = link.charAt(i);
      parens += c == '(' ? 1 : c == ')' ? -1 : 0;
      squares += c == '[' ? 1 : c == ']' ? -1 : 0;
    }
    int end = link.length();
    while (end > 0) {
      char c = link.charAt(end - 1);
      if (".,;:!?".indexOf(c) >= 0) {
        end--;
      } else if (c == ')' && parens < 0) {
        parens++;
        end--;
      } else if (c == ']' && squares < 0) {
        squares++;
        end--;
      } else {
        break;
      }
    }
    return link.substring(0, end);
  }

  /**
   * A parameter decoded as a form value: {@code %XX} bytes as UTF-8 and {@code +} as a space. A
   * percent sign that encodes nothing ("50%", a link cut off after "%2") stays as it is written,
   * and the rest of the value is decoded all the same.
   */
  private static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    byte[] bytes = new byte[s.length() / 3];
    int pending = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int high = c == '%' && i + 2 < s.length() ? hex(s.charAt(i + 1)) : -1;
      int low = high >= 0 ? hex(s.charAt(i + 2)) : -1;
      if (low >= 0) {
        bytes[pending++] = (byte) (high << 4 | low);
        i += 2;
        continue;
      }
      if (pending > 0) {
        out.append(new String(bytes, 0, pending, StandardCharsets.UTF_8));
        pending = 0;
      }
      out.append(c == '+' ? ' ' : c);
    }
    if (pending > 0) {
      out.append(new String(bytes, 0, pending, StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }
}
