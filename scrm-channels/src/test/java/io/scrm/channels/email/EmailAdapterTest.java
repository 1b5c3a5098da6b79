package io.scrm.channels.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.SendResult;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class EmailAdapterTest {
  private final EmailAdapter adapter = EmailAdapter.builder().smtpHost("localhost").smtpPort(2525)
      .from("Glasfaser Nord Service <service@glasfaser-nord.de>").build();

  @AfterEach
  void close() {
    adapter.close();
  }

  static byte[] fixture(String name) {
    try (InputStream in = EmailAdapterTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Interaction parse(byte[] eml) {
    return adapter.parse(InboundDelivery.of(eml, Map.of(), Instant.EPOCH)).interactions().get(0);
  }

  @Test
  void parse_replyInAlternative_prefersLatin1TextPartTrimsQuoteAndThreadsByReferences() {
    Interaction i = parse(fixture("reply-alternative.eml"));
    assertThat(i.text()).isEqualTo("Hallo zusammen,\n\nder Anschluss in der Süderstraße 12 ist immer noch tot.\n"
        + "Können Sie bitte einen Techniker schicken?\n\nViele Grüße\nJürgen Möller");
    assertThat(i.externalId()).isEqualTo("CAF7x2Lq8=z9PqK@mail.example.de");
    // the root of the References, and the sender's key (no address in a thread id)
    assertThat(i.threadId()).isEqualTo("20260312081500.1001@mail.example.de " + EmailAdapter.senderKey(i.authorHandle()))
        .doesNotContain("juergen").matches(".* [0-9a-f]{12}");
    assertThat(i.inReplyTo()).isEqualTo("20260313150200.4711@glasfaser-nord.de");
    assertThat(i.authorHandle()).isEqualTo("juergen.moeller@example.de");
    assertThat(i.authorName()).isEqualTo("Jürgen Möller");
    assertThat(i.occurredAt()).isEqualTo(Instant.parse("2026-03-14T08:12:30Z"));
    assertThat(i.kind()).isEqualTo(InteractionKind.REPLY);
    assertThat(i.visibility()).isEqualTo(Visibility.PRIVATE);
  }

  @Test
  void parse_htmlOnlyInWindows1252_isConvertedToText() {
    Interaction i = parse(fixture("new-html-only.eml"));
    assertThat(i.text()).isEqualTo("Guten Tag,\n\nwir planen einen Neubau in Meldorf (Baujahr 2027). Welche Leerrohre "
        + "sollen wir für den Glasfaseranschluss vorsehen?\n\nDanke & Gruß");
    assertThat(EmailAdapter.rootOf(i.threadId())).isEqualTo(i.externalId());
    assertThat(i.kind()).isEqualTo(InteractionKind.DIRECT);
    assertThat(i.authorName()).isEqualTo("Petra Claussen");
  }

  @Test
  void parse_mixedWithPdf_keepsTextWithoutSignatureAndNamesTheAttachment() {
    Interaction i = parse(fixture("mixed-attachment.eml"));
    assertThat(i.text()).isEqualTo("Anbei der Lageplan für die Hauseinführung.");
    assertThat(i.attachments()).containsExactly(new Attachment("file", "Lageplan.pdf", "application/pdf", null));
    assertThat(i.authorName()).isNull();
  }

  @Test
  void parse_withoutMessageId_isMissingField() {
    String eml = new String(fixture("mixed-attachment.eml"), StandardCharsets.UTF_8)
        .replace("Message-ID: <lageplan-77@bauherr.example.net>\r\n", "");
    assertThatThrownBy(() -> parse(eml.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(DeliveryRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(DeliveryRejectedException.Reason.MISSING_FIELD));
  }

  @Test
  void trimQuoted_outlookHeaderBlock_isCut() {
    assertThat(EmailAdapter.trimQuoted("Danke!\n\nVon: Service <service@glasfaser-nord.de>\nGesendet: Freitag\n"
        + "Betreff: Störung")).isEqualTo("Danke!");
    assertThat(EmailAdapter.trimQuoted("Ok.\n-----Ursprüngliche Nachricht-----\nalt")).isEqualTo("Ok.");
    assertThat(EmailAdapter.trimQuoted("Ja\n> alt\n> alt")).isEqualTo("Ja");
    assertThat(EmailAdapter.trimQuoted("On Fri, Mar 13, 2026 at 4:02 PM Service <s@x.de> wrote:\n> alt")).isEmpty();
  }

  @Test
  void parse_mutatedHeadersAndBodies_parseOrReject() {
    String base = new String(fixture("reply-alternative.eml"), StandardCharsets.US_ASCII);
    qt().withExamples(300).forAll(integers().between(0, base.length() - 1), integers().between(0, 40),
        strings().allPossible().ofLengthBetween(0, 20)).checkAssert((at, cut, insert) -> {
          String mutated = base.substring(0, at) + insert + base.substring(Math.min(base.length(), at + cut));
          Throwable thrown = catchThrowable(() -> adapter.parse(InboundDelivery.of(
              mutated.getBytes(StandardCharsets.UTF_8), Map.of(), Instant.EPOCH)));
          if (thrown != null) {
            assertThat(thrown).isInstanceOf(DeliveryRejectedException.class);
          }
        });
  }

  private static byte[] mail(String headers, byte[] body) {
    byte[] head = ("Message-ID: <m-1@mail.example.de>\r\nDate: Sat, 14 Mar 2026 09:12:30 +0100\r\n"
        + "From: Jürgen Möller <juergen.moeller@example.de>\r\nTo: service@glasfaser-nord.de\r\n"
        + "Subject: Störung\r\nMIME-Version: 1.0\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + body.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(body, 0, out, head.length, body.length);
    return out;
  }

  @Test
  void parse_inlineTextWithAFileName_isTheBodyNotAnAttachment() {
    Interaction i = parse(mail("Content-Type: text/plain; charset=UTF-8\r\n"
        + "Content-Disposition: inline; filename=\"nachricht.txt\"\r\n",
        "Seit gestern kein Internet.\r\n".getBytes(StandardCharsets.UTF_8)));

    assertThat(i.text()).isEqualTo("Seit gestern kein Internet.");
    assertThat(i.attachments()).isEmpty();
  }

  @Test
  void parse_unknownCharset_decodesUtf8OrElseLatin1() {
    Interaction utf8 = parse(mail("Content-Type: text/plain; charset=unknown-8bit\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n", "Grüße aus Büsum\r\n".getBytes(StandardCharsets.UTF_8)));
    Interaction latin1 = parse(mail("Content-Type: text/plain; charset=x-unbekannt\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n", "Grüße aus Büsum\r\n".getBytes(StandardCharsets.ISO_8859_1)));

    assertThat(utf8.text()).isEqualTo("Grüße aus Büsum");
    assertThat(latin1.text()).isEqualTo("Grüße aus Büsum");
  }

  @Test
  void parse_textLongerThanAnInteractionHolds_keepsItsStart() {
    // the second emoji straddles the cut: its high surrogate is the last char that would be kept
    String body = "😀" + "a".repeat(Interaction.MAX_TEXT_LENGTH - 4) + "😀" + "b".repeat(20_000);
    Interaction i = parse(mail("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n",
        body.getBytes(StandardCharsets.UTF_8)));

    assertThat(i.text()).hasSizeLessThanOrEqualTo(Interaction.MAX_TEXT_LENGTH).startsWith("😀aaa").endsWith("a…");
    assertThat(Character.isHighSurrogate(i.text().charAt(i.text().length() - 2))).isFalse();
  }

  @Test
  void parse_namedInlineTextAfterTheBody_isAnAttachment() {
    String body = "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nAnbei das Log vom Router.\r\n"
        + "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Disposition: inline; filename=\"router.log\"\r\n\r\n"
        + "08:00 PON LOS\r\n--b1--\r\n";
    Interaction i = parse(mail("Content-Type: multipart/mixed; boundary=\"b1\"\r\n", body.getBytes(StandardCharsets.UTF_8)));

    assertThat(i.text()).isEqualTo("Anbei das Log vom Router.");
    assertThat(i.attachments()).containsExactly(new Attachment("file", "router.log", "text/plain", null));
  }

  @Test
  void forget_dropsWhereToReplyToTheAddress() {
    Interaction mail = parse(fixture("reply-alternative.eml"));
    OutboundMessage reply = OutboundMessage.pending(OutboundId.of("o-9"), null, ContactId.of("c-1"), ChannelId.EMAIL,
        mail.threadId(), mail.externalId(), Visibility.PRIVATE, "Der Techniker kommt morgen.", "service-reply",
        Instant.EPOCH);

    adapter.forget(ChannelId.EMAIL, "Juergen.Moeller@example.de");

    assertThat(adapter.send(reply)).isEqualTo(SendResult.permanent("no e-mail address is known for this reply"));
  }
}
