package io.scrm.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.Deletion;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.email.EmailAdapter;
import io.scrm.channels.mastodon.MastodonAdapter;
import io.scrm.channels.meta.MetaAdapter;
import io.scrm.channels.telegram.TelegramAdapter;
import io.scrm.channels.x.XAdapter;
import io.scrm.core.model.Interaction;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scrm normalize}: reads deliveries exactly as a platform sends them and prints the
 * normalized customer interactions, one JSON object a line. Not thread-safe; one run per instance.
 *
 * <p>A file is a JSON body (an update, a notification, a webhook body, a timeline response), a JSON
 * array of such bodies (delivered in order), a raw HTTP request ({@code .http}: start line, headers,
 * blank line, body; its secret or signature header is checked when {@code --secret} or
 * {@code --app-secret} is given) or a raw mail ({@code .eml}). Repeated deliveries print once;
 * receipts, echoes and unknown update types print nothing on stdout and a note on stderr. Each
 * rejected input prints {@code {"file":…,"error":…,"message":…}} on stderr; the exit status is 2 if
 * anything was rejected, else 0.
 *
 * @since 0.1.0
 */
@Command(name = "normalize", mixinStandardHelpOptions = true,
    description = "Normalize platform deliveries (JSON bodies, .json arrays, raw .http requests, .eml mails) "
        + "into one JSON interaction per line.")
public final class NormalizeCommand implements Callable<Integer> {
  private static final Pattern START_LINE = Pattern.compile("[A-Z]{3,10} \\S+ HTTP/[0-9](\\.[0-9])?");
  private static final String NOWHERE = "http://127.0.0.1:9";

  /** The channels the command reads. */
  enum Channel { telegram, mastodon, messenger, x, email }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--channel", required = true, paramLabel = "CHANNEL",
      description = "The platform the files come from: ${COMPLETION-CANDIDATES}.")
  Channel channel;

  @Option(names = "--secret", paramLabel = "S",
      description = "Telegram webhook secret token; .http files must carry it in X-Telegram-Bot-Api-Secret-Token.")
  @Nullable String secret;

  @Option(names = "--app-secret", paramLabel = "S",
      description = "Meta app secret; .http files must carry a matching X-Hub-Signature-256.")
  @Nullable String appSecret;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to read.")
  List<Path> files = new ArrayList<>();

  private final Set<String> printed = new HashSet<>();
  private boolean rejected;
  private @Nullable ObjectMapper output;

  /** Creates the command. */
  public NormalizeCommand() {}

  @Override
  public Integer call() {
    // a secret for another platform's headers would check nothing: say so rather than ignore it
    if (secret != null && channel != Channel.telegram) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--secret is for --channel telegram");
    }
    if (appSecret != null && channel != Channel.messenger) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--app-secret is for --channel messenger");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // a console that cannot show UTF-8 still gets correct JSON: non-ASCII is escaped there
    boolean utf8 = StandardCharsets.UTF_8.equals(Charset.defaultCharset())
        || "UTF-8".equalsIgnoreCase(System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding")));
    output = JsonMapper.builder(JsonFactory.builder().configure(JsonWriteFeature.ESCAPE_NON_ASCII, !utf8).build())
        .build();
    try (ChannelAdapter plain = adapter(false); ChannelAdapter verifying = adapter(true)) {
      for (Path file : files) {
        runFile(file, plain, verifying, out, err);
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    out.flush();
    err.flush();
    return rejected ? 2 : 0;
  }

  private ChannelAdapter adapter(boolean verify) {
    return switch (channel) {
      case telegram -> {
        TelegramAdapter.Builder b = TelegramAdapter.builder().baseUrl(NOWHERE).token("normalize");
        if (verify && secret != null) {
          try {
            b.secretToken(secret);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--secret: " + e.getMessage().replaceFirst("^secretToken ", ""), e);
          }
        }
        yield b.build();
      }
      case mastodon -> MastodonAdapter.builder().baseUrl(NOWHERE).accessToken("normalize").build();
      case messenger -> {
        MetaAdapter.Builder b = MetaAdapter.builder().baseUrl(NOWHERE).pageAccessToken("normalize");
        if (verify && appSecret != null) {
          b.appSecret(appSecret);
        } else {
          b.acceptUnsignedBodies();
        }
        yield b.build();
      }
      case x -> XAdapter.builder().baseUrl(NOWHERE).accessToken("normalize").userId("1").build();
      case email -> EmailAdapter.builder().smtpHost("127.0.0.1").from("normalize@localhost.invalid").build();
    };
  }

  private void runFile(Path file, ChannelAdapter plain, ChannelAdapter verifying, PrintWriter out,
      PrintWriter err) {
    String name = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      error(err, name, "UNREADABLE", "file could not be read (" + e.getClass().getSimpleName() + ")");
      return;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (channel == Channel.email || lower.endsWith(".eml")) {
      deliver(name, null, plain, InboundDelivery.of(bytes, Map.of(), Instant.EPOCH), out, err);
    } else if (lower.endsWith(".http")) {
      InboundDelivery request = parseHttp(name, bytes, err);
      if (request != null) {
        boolean checked = channel == Channel.telegram ? secret != null
            : channel == Channel.messenger && appSecret != null;
        if (!checked && (channel == Channel.telegram || channel == Channel.messenger)) {
          note(err, name, "headers not verified: no " + (channel == Channel.telegram ? "--secret" : "--app-secret")
              + " given");
        }
        deliver(name, null, checked ? verifying : plain, request, out, err);
      }
    } else {
      List<byte[]> bodies = splitArray(bytes);
      if (bodies == null || channel == Channel.mastodon && bodies.isEmpty()) {
        deliver(name, null, plain, InboundDelivery.of(bytes, Map.of(), Instant.EPOCH), out, err);
      } else {
        for (int i = 0; i < bodies.size(); i++) {
          deliver(name, i, plain, InboundDelivery.of(bodies.get(i), Map.of(), Instant.EPOCH), out, err);
        }
      }
    }
  }

  private void deliver(String name, @Nullable Integer index, ChannelAdapter adapter, InboundDelivery delivery,
      PrintWriter out, PrintWriter err) {
    ParsedDelivery parsed;
    try {
      parsed = adapter.parse(delivery);
    } catch (DeliveryRejectedException e) {
      error(err, name, e.reason().name(), (index == null ? "" : "element " + index + ": ") + e.getMessage());
      return;
    }
    for (Interaction interaction : parsed.interactions()) {
      String line = line(interaction);
      if (printed.add(line)) {
        out.println(line);
      } else {
        note(err, name, "repeated delivery of " + interaction.channel() + " " + interaction.externalId()
            + " printed once");
      }
    }
    for (String skipped : parsed.skipped()) {
      note(err, name, skipped);
    }
    for (Deletion deletion : parsed.deletions()) {
      note(err, name, "deletion of " + deletion.interaction() + " at " + deletion.at());
    }
  }

  private String line(Interaction i) {
    ObjectNode node = mapper().createObjectNode();
    node.put("channel", i.channel().name());
    node.put("externalId", i.externalId());
    node.put("threadId", i.threadId());
    node.put("authorHandle", i.authorHandle());
    node.put("authorName", i.authorName());
    node.put("text", i.text());
    node.put("occurredAt", i.occurredAt().toString());
    node.put("visibility", i.visibility().name().toLowerCase(Locale.ROOT));
    node.put("inReplyTo", i.inReplyTo());
    node.put("kind", i.kind().name().toLowerCase(Locale.ROOT));
    node.put("edited", i.edited());
    return write(node);
  }

  private void error(PrintWriter err, String file, String error, String message) {
    rejected = true;
    ObjectNode node = mapper().createObjectNode();
    node.put("file", file);
    node.put("error", error);
    node.put("message", message);
    err.println(write(node));
  }

  private void note(PrintWriter err, String file, String note) {
    ObjectNode node = mapper().createObjectNode();
    node.put("file", file);
    node.put("note", note);
    err.println(write(node));
  }

  private ObjectMapper mapper() {
    if (output == null) {
      throw new IllegalStateException("not running");
    }
    return output;
  }

  private String write(ObjectNode node) {
    try {
      return mapper().writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException("JSON output failed", e);
    }
  }

  /**
   * Splits a top-level JSON array into the exact bytes of its elements.
   *
   * @return the elements, or null if the file is not a well-formed top-level array
   */
  private static @Nullable List<byte[]> splitArray(byte[] bytes) {
    // a UTF-8 byte order mark, as editors on Windows write it, comes before the array
    int start = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF
        ? 3 : 0;
    while (start < bytes.length && Character.isWhitespace(bytes[start])) {
      start++;
    }
    if (start >= bytes.length || bytes[start] != '[') {
      return null;
    }
    List<byte[]> elements = new ArrayList<>();
    try (JsonParser parser = new JsonFactory().createParser(bytes)) {
      parser.nextToken();
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          return null;
        }
        int from = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        // a string or number is read lazily: read it to its end, or the element ends at its first byte
        parser.finishToken();
        int to = (int) parser.currentLocation().getByteOffset();
        elements.add(Arrays.copyOfRange(bytes, from, to));
      }
      if (parser.nextToken() != null) {
        return null;
      }
    } catch (IOException e) {
      return null;
    }
    return elements;
  }

  private @Nullable InboundDelivery parseHttp(String name, byte[] bytes, PrintWriter err) {
    int headerEnd = -1;
    int bodyStart = -1;
    for (int i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] == '\n' && bytes[i + 1] == '\n') {
        headerEnd = i;
        bodyStart = i + 2;
        break;
      }
      if (i + 3 < bytes.length && bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r'
          && bytes[i + 3] == '\n') {
        headerEnd = i;
        bodyStart = i + 4;
        break;
      }
    }
    if (headerEnd < 0) {
      error(err, name, "MALFORMED", "HTTP request has no blank line between headers and body");
      return null;
    }
    String[] lines = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r?\n");
    if (lines.length == 0 || !START_LINE.matcher(lines[0].strip()).matches()) {
      error(err, name, "MALFORMED", "HTTP request does not start with a request line");
      return null;
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon < 1) {
        error(err, name, "MALFORMED", "HTTP header line " + (i + 1) + " has no name");
        return null;
      }
      headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).strip());
    }
    int length = bytes.length - bodyStart;
    List<String> contentLength = headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("Content-Length")).map(Map.Entry::getValue).findFirst()
        .orElse(List.of());
    if (!contentLength.isEmpty()) {
      try {
        int declared = Integer.parseInt(contentLength.get(0));
        if (declared < 0 || declared > length) {
          error(err, name, "MALFORMED", "Content-Length does not match the body");
          return null;
        }
        length = declared;
      } catch (NumberFormatException e) {
        error(err, name, "MALFORMED", "Content-Length is not a number");
        return null;
      }
    }
    return InboundDelivery.of(Arrays.copyOfRange(bytes, bodyStart, bodyStart + length), headers, Instant.EPOCH);
  }
}
