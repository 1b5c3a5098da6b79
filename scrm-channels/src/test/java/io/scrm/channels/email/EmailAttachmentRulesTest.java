package io.scrm.channels.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.channels.AttachmentFile;
import io.scrm.channels.ChannelConfig;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What e-mail refuses of a reply's files before it is queued, and how files are typed and named. */
final class EmailAttachmentRulesTest {
  private static final Attachment PHOTO =
      new Attachment("photo", "https://files.glasfaser-nord.de/t/9f2c/router.jpg", "image/jpeg", null);

  private final EmailAdapter adapter = EmailAdapter.builder().smtpHost("localhost").smtpPort(2525)
      .from("Glasfaser Nord Service <service@glasfaser-nord.de>").build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private static OutboundMessage reply(String text, List<Attachment> attachments) {
    return OutboundMessage.pending(OutboundId.of("o-1"), null, ContactId.of("c-1"), ChannelId.EMAIL,
        "m-1@mail.example.de", "m-1@mail.example.de", Visibility.PRIVATE, text, attachments, "service-reply",
        Instant.EPOCH);
  }

  @Test
  void capabilities_email_sendsAttachments() {
    assertThat(adapter.capabilities(ChannelId.EMAIL).attachments()).isTrue();
  }

  @Test
  void refusal_tenPhotosWithoutText_isNone() {
    assertThat(adapter.refusal(reply("", Collections.nCopies(OutboundMessage.MAX_ATTACHMENTS, PHOTO)))).isNull();
  }

  @Test
  void refusal_everySendableKind_isNone() {
    List<Attachment> all = Attachment.SENDABLE_TYPES.stream()
        .map(kind -> new Attachment(kind, "https://files.glasfaser-nord.de/f/" + kind, null, null)).toList();
    assertThat(adapter.refusal(reply("Anbei alles.", all))).isNull();
  }

  @Test
  void refusal_aKindNoPlatformSends_namesTheKindAndPosition() {
    String refusal = adapter.refusal(reply("Hier.", List.of(PHOTO,
        new Attachment("sticker", "https://files.glasfaser-nord.de/s/1.webp", null, null))));
    assertThat(refusal).isEqualTo("attachment 2: e-mail sends no attachment of kind sticker");
  }

  @Test
  void refusal_referenceThatIsNoHttpUrl_withTheDefaultSource_isRefusedWithoutQuotingIt() {
    for (String reference : List.of("ftp://files.glasfaser-nord.de/a.pdf", "file:///etc/passwd", "BQACAgIAAxkBAAIB",
        "https:///no-host.pdf")) {
      String refusal = adapter.refusal(reply("", List.of(new Attachment("document", reference, null, null))));
      assertThat(refusal).as(reference).isEqualTo("attachment 1: not an http or https URL").doesNotContain(reference);
    }
  }

  @Test
  void refusal_referenceThatIsNoHttpUrl_withAHostsSource_isTheSourcesToJudge() {
    try (EmailAdapter own = EmailAdapter.builder().smtpHost("localhost").from("service@glasfaser-nord.de")
        .attachmentSource((attachment, maxBytes, timeLeft) -> new AttachmentFile(new byte[] {1}, "application/pdf", null))
        .build()) {
      assertThat(own.refusal(reply("", List.of(new Attachment("document", "dms:4711", null, null))))).isNull();
    }
  }

  @Test
  void refusal_declaredMediaTypeUnreadable_isRefused() {
    Attachment odd = new Attachment("document", "https://files.glasfaser-nord.de/a.pdf", "pdf", null);
    assertThat(adapter.refusal(reply("", List.of(odd)))).isEqualTo("attachment 1: its media type is not type/subtype");
  }

  @Test
  void refusal_declaredSizesOverTheLimitTogether_isRefused() {
    try (EmailAdapter small = EmailAdapter.builder().smtpHost("localhost").from("service@glasfaser-nord.de")
        .maxAttachmentBytes(1000).build()) {
      Attachment half = new Attachment("document", "https://files.glasfaser-nord.de/a.pdf", null, 600L);
      assertThat(small.refusal(reply("", List.of(half)))).isNull();
      assertThat(small.refusal(reply("", List.of(half, half))))
          .isEqualTo("the attachments have more than 1000 bytes together");
    }
  }

  @Test
  void maxAttachmentBytes_notPositiveOrOverOneGibibyte_isRefusedNamingTheField() {
    assertThatThrownBy(() -> EmailAdapter.builder().maxAttachmentBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttachmentBytes");
    assertThatThrownBy(() -> EmailAdapter.builder().maxAttachmentBytes((1L << 30) + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttachmentBytes");
  }

  @Test
  void provider_maxAttachmentBytes_isReadAndChecked() {
    Map<String, String> base = Map.of("smtp-host", "localhost", "from", "service@glasfaser-nord.de");
    EmailChannelProvider provider = new EmailChannelProvider();
    try (var created = provider.create(ChannelConfig.of(with(base, "max-attachment-bytes", "10485760")))) {
      assertThat(created.capabilities(ChannelId.EMAIL).attachments()).isTrue();
    }
    assertThatThrownBy(() -> provider.create(ChannelConfig.of(with(base, "max-attachment-bytes", "10 MB"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-attachment-bytes");
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> all = new java.util.HashMap<>(base);
    all.put(key, value);
    return all;
  }

  @Test
  void fileNameOf_fileWithoutName_isNamedByPositionAndMediaType() {
    assertThat(ReplyBody.fileNameOf(new AttachmentFile(new byte[0], "application/pdf", null), 2))
        .isEqualTo("attachment-2.pdf");
    assertThat(ReplyBody.fileNameOf(new AttachmentFile(new byte[0], "image/jpeg", null), 1)).isEqualTo("attachment-1.jpg");
    assertThat(ReplyBody.fileNameOf(new AttachmentFile(new byte[0], "text/plain; charset=UTF-8", null), 3))
        .isEqualTo("attachment-3.txt");
    assertThat(ReplyBody.fileNameOf(new AttachmentFile(new byte[0], "application/x-unknown", null), 4))
        .isEqualTo("attachment-4.bin");
    assertThat(ReplyBody.fileNameOf(new AttachmentFile(new byte[0], "application/pdf", "Vertrag.pdf"), 5))
        .isEqualTo("Vertrag.pdf");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Router mit roter LED", "Glasfaser-Dose: grüne LED „PON“ nach dem Tausch",
      "Preis =?UTF-8?Q?gratis?= laut Foto", "Zeile eins\r\nZeile zwei\n  Zeile drei"})
  void descriptionField_foldsIntoShortLines_andReadsBackAsWritten_onOneLine(String description) throws Exception {
    assertDescriptionField(description);
  }

  @Test
  void descriptionField_longWordsAndLongText_foldIntoShortLines() throws Exception {
    assertDescriptionField("x".repeat(1200));
    assertDescriptionField("y".repeat(50) + " Foto");
    assertDescriptionField("z".repeat(51) + " Foto");
    assertDescriptionField("Aufnahme ".repeat(400).strip());
    assertDescriptionField("Störungsgebiet ".repeat(250).strip());
  }

  private static void assertDescriptionField(String description) throws Exception {
    String folded = jakarta.mail.internet.MimeUtility.fold("Content-Description: ".length(),
        ReplyBody.descriptionField(description));
    String[] lines = ("Content-Description: " + folded).split("\r\n", -1);
    for (String line : lines) {
      // RFC 2047 6.1: a line with encoded words has at most 76 characters
      assertThat(line.length()).as("a line of the field for %s", description).isLessThanOrEqualTo(76);
    }
    assertThat(jakarta.mail.internet.MimeUtility.decodeText(jakarta.mail.internet.MimeUtility.unfold(folded)))
        .isEqualTo(description.strip().replaceAll("\\s*\\R\\s*", " "));
  }

  @Test
  void partType_compositeType_isSentAsOctetStream_sinceBase64IsNotAllowedForIt() {
    assertThat(ReplyBody.partType("message/rfc822")).isEqualTo("application/octet-stream");
    assertThat(ReplyBody.partType("multipart/mixed")).isEqualTo("application/octet-stream");
    assertThat(ReplyBody.partType("image/png")).isEqualTo("image/png");
  }

  @Test
  void attachmentFile_copiesItsBytes_andRefusesABadTypeOrName() {
    byte[] bytes = "PDF".getBytes(StandardCharsets.US_ASCII);
    AttachmentFile file = new AttachmentFile(bytes, "application/pdf", " Vertrag.pdf ");
    bytes[0] = 'X';
    file.content()[1] = 'X';
    assertThat(file.content()).asString(StandardCharsets.US_ASCII).isEqualTo("PDF");
    assertThat(file.fileName()).contains("Vertrag.pdf");
    assertThat(file.toString()).doesNotContain("Vertrag");
    assertThatThrownBy(() -> new AttachmentFile(bytes, "pdf", null)).hasMessageContaining("mediaType");
    for (String name : List.of("", "../etc/passwd", "a\\b.pdf", "a\nb.pdf", "Rechnung\u202Efdp.exe")) {
      assertThatThrownBy(() -> new AttachmentFile(bytes, "application/pdf", name)).as(name)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fileName");
    }
  }
}
