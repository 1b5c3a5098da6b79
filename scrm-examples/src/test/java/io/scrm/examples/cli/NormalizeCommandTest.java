package io.scrm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class NormalizeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Run(int status, List<JsonNode> out, List<JsonNode> err) {}

  private static String file(String name) {
    try {
      return Path.of(NormalizeCommandTest.class.getResource("/normalize/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ScrmCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] full = new String[args.length + 1];
    full[0] = "normalize";
    System.arraycopy(args, 0, full, 1, args.length);
    int status = cli.execute(full);
    return new Run(status, lines(out.toString()), lines(err.toString()));
  }

  private static List<JsonNode> lines(String text) {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        try {
          nodes.add(JSON.readTree(line));
        } catch (IOException e) {
          throw new UncheckedIOException("not a JSON line: " + line, e);
        }
      }
    }
    return nodes;
  }

  @Test
  void telegramUpdate_printsExactlyTheDocumentedFields() {
    Run run = run("--channel", "telegram", file("telegram-update.json"));
    assertThat(run.status()).isZero();
    assertThat(run.out()).hasSize(1);
    JsonNode line = run.out().get(0);
    List<String> names = new ArrayList<>();
    line.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("channel", "externalId", "threadId", "authorHandle", "authorName", "text",
        "occurredAt", "visibility", "inReplyTo", "kind", "edited");
    assertThat(line.get("channel").asText()).isEqualTo("telegram");
    assertThat(line.get("externalId").asText()).isEqualTo("511223344:88");
    assertThat(line.get("threadId").asText()).isEqualTo("511223344");
    assertThat(line.get("authorName").asText()).isEqualTo("Jana Krüger");
    assertThat(line.get("text").asText()).isEqualTo("Seit heute Morgen kein Internet in 24103 Kiel – Glasfaser tot?");
    assertThat(line.get("occurredAt").asText()).isEqualTo("2026-03-14T09:15:00Z");
    assertThat(line.get("visibility").asText()).isEqualTo("private");
    assertThat(line.get("inReplyTo").isNull()).isTrue();
    assertThat(line.get("kind").asText()).isEqualTo("direct");
    assertThat(line.get("edited").asBoolean()).isFalse();
  }

  @Test
  void telegramArray_printsRepeatsOnceSkipsUnknownTypesAndKeepsTheEdit() {
    Run run = run("--channel", "telegram", file("telegram-updates.json"));
    assertThat(run.status()).isZero();
    assertThat(run.out()).extracting(n -> n.get("edited").asBoolean()).containsExactly(false, true);
    assertThat(run.err()).extracting(n -> n.get("note").asText())
        .anyMatch(note -> note.contains("callback_query")).anyMatch(note -> note.contains("printed once"));
    assertThat(run.err()).noneMatch(n -> n.has("error"));
  }

  @Test
  void httpRequests_checkTheSecretHeader_andRejectionsDoNotStopOtherFiles() {
    Run run = run("--channel", "telegram", "--secret", "kiel-2026_secret", file("telegram-wrong-secret.http"),
        file("telegram-webhook.http"), file("broken.json"), file("telegram-lossy.json"));
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).hasSize(1);
    assertThat(run.err()).filteredOn(n -> n.has("error")).extracting(n -> n.get("error").asText())
        .containsExactly("BAD_SIGNATURE", "MALFORMED", "LOSSY_ID");
    assertThat(run.err()).filteredOn(n -> n.has("error"))
        .allSatisfy(n -> assertThat(n.get("message").asText()).doesNotContain("kiel-2026_secret")
            .doesNotContain("Exception").doesNotContain("\tat "));
    assertThat(run.err().get(0).get("file").asText()).endsWith("telegram-wrong-secret.http");
  }

  @Test
  void messengerWebhook_verifiesTheSignatureAndPrintsOnlyTheCustomerMessage() {
    Run run = run("--channel", "messenger", "--app-secret", "meta-app-secret-0815", file("messenger-webhook.http"),
        file("messenger-tampered.http"), file("facebook-comment.json"));
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).extracting(n -> n.get("channel").asText()).containsExactly("messenger", "facebook");
    assertThat(run.out().get(1).get("visibility").asText()).isEqualTo("public");
    assertThat(run.out().get(1).get("kind").asText()).isEqualTo("comment");
    assertThat(run.err()).filteredOn(n -> n.has("error")).singleElement()
        .satisfies(n -> assertThat(n.get("error").asText()).isEqualTo("BAD_SIGNATURE"));
    assertThat(run.err()).filteredOn(n -> n.has("note")).hasSize(2);
  }

  @Test
  void mastodonXAndEmail_normalizeTheirNativeFormats() {
    Run mastodon = run("--channel", "mastodon", file("mastodon-notifications.json"));
    assertThat(mastodon.out()).singleElement().satisfies(n -> {
      assertThat(n.get("externalId").asText()).isEqualTo("113447301099990000");
      assertThat(n.get("authorHandle").asText()).isEqualTo("kathrin@norden.social");
      assertThat(n.get("visibility").asText()).isEqualTo("private");
      assertThat(n.get("edited").asBoolean()).isTrue();
    });
    Run x = run("--channel", "x", file("x-mentions.json"));
    assertThat(x.out()).extracting(n -> n.get("authorHandle").asText()).containsExactly("maltej", "bine_baut");
    assertThat(x.out().get(1).get("threadId").asText()).isEqualTo("1900440000000000001/98765432");
    Run email = run("--channel", "email", file("reply.eml"));
    assertThat(email.out()).singleElement().satisfies(n -> {
      assertThat(n.get("channel").asText()).isEqualTo("email");
      assertThat(n.get("inReplyTo").asText()).isEqualTo("20260313150200.4711@glasfaser-nord.de");
      assertThat(n.get("occurredAt").asText()).isEqualTo("2026-03-14T08:12:30Z");
    });
    assertThat(Arrays.asList(mastodon.status(), x.status(), email.status())).containsOnly(0);
  }

  @Test
  void mastodonDeleteEvent_printsNoMessage_andNotesTheDeletion() {
    Run run = run("--channel", "mastodon", file("mastodon-delete.json"));
    assertThat(run.status()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).singleElement().satisfies(n ->
        assertThat(n.get("note").asText()).startsWith("deletion of mastodon:113447301099990000 at "));
  }

  @Test
  void unknownChannel_isAUsageErrorWithoutStackTrace() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ScrmCommand());
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("normalize", "--channel", "myspace", "x.json")).isEqualTo(2);
    assertThat(err.toString()).doesNotContain("\tat ");
  }

  @Test
  void telegramArraySavedWithAByteOrderMark_isReadLikeOneWithout(@TempDir Path dir) throws IOException {
    Path bom = dir.resolve("telegram-updates-bom.json");
    byte[] plain = Files.readAllBytes(Path.of(file("telegram-updates.json")));
    byte[] marked = new byte[plain.length + 3];
    marked[0] = (byte) 0xEF;
    marked[1] = (byte) 0xBB;
    marked[2] = (byte) 0xBF;
    System.arraycopy(plain, 0, marked, 3, plain.length);
    Files.write(bom, marked);

    Run withMark = run("--channel", "telegram", bom.toString());
    Run without = run("--channel", "telegram", file("telegram-updates.json"));

    assertThat(withMark.status()).isEqualTo(without.status()).isZero();
    assertThat(withMark.out()).isNotEmpty().isEqualTo(without.out());
    // the same notes (a repeated delivery, an update type without a message), none an error
    assertThat(withMark.err()).extracting(n -> n.path("note").asText())
        .isEqualTo(without.err().stream().map(n -> n.path("note").asText()).toList());
  }

  private static String usageError(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ScrmCommand());
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    String[] full = new String[args.length + 1];
    full[0] = "normalize";
    System.arraycopy(args, 0, full, 1, args.length);
    assertThat(cli.execute(full)).isEqualTo(2);
    assertThat(err.toString()).doesNotContain("\tat ");
    return err.toString();
  }

  @Test
  void secretForAnotherChannel_isAUsageError_notIgnored() {
    assertThat(usageError("--channel", "messenger", "--secret", "abc", file("telegram-updates.json")))
        .contains("--secret is for --channel telegram");
    assertThat(usageError("--channel", "telegram", "--app-secret", "abc", file("telegram-updates.json")))
        .contains("--app-secret is for --channel messenger");
    assertThat(usageError("--channel", "telegram", "--secret", "not valid!", file("telegram-updates.json")))
        .contains("--secret: must be 1-256 characters");
  }

  @Test
  void arrayWithAStringElement_isReportedAsWhatItIs(@TempDir Path dir) throws IOException {
    Path strings = dir.resolve("strings.json");
    Files.writeString(strings, "[\"x\", 42]");

    Run run = run("--channel", "telegram", strings.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).hasSize(2).allSatisfy(n -> assertThat(n.get("message").asText())
        .doesNotContain("not valid JSON"));
  }
}
