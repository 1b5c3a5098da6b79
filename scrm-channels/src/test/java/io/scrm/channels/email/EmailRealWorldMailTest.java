package io.scrm.channels.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.SendResult;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Mail as real mailers write it: text around inline images, files in the branch not read, forwards,
 * flowed text, charsets that are missing or mislabelled, 8-bit headers, obsolete header forms,
 * bounces and read receipts, and one notice answered by many.
 */
final class EmailRealWorldMailTest {
  private final EmailAdapter adapter = EmailAdapter.builder().smtpHost("localhost").smtpPort(2525)
      .from("Glasfaser Nord Service <service@glasfaser-nord.de>").build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private static final String HEAD = "Message-ID: <m-1@mail.example.de>\r\nDate: Sat, 14 Mar 2026 09:12:30 +0100\r\n"
      + "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=B6ller?= <juergen.moeller@example.de>\r\n"
      + "To: service@glasfaser-nord.de\r\nSubject: =?UTF-8?Q?St=C3=B6rung?=\r\nMIME-Version: 1.0\r\n";

  /** A mail of the given header block (ending in CRLF, before the blank line) and body bytes. */
  private static byte[] eml(String headers, byte[] body) {
    byte[] head = (headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[head.length + body.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(body, 0, out, head.length, body.length);
    return out;
  }

  private static byte[] eml(String headers, String body) {
    return eml(headers, body.getBytes(StandardCharsets.UTF_8));
  }

  private ParsedDelivery parseAll(byte[] mail) {
    return adapter.parse(InboundDelivery.of(mail, Map.of(), Instant.EPOCH));
  }

  private Interaction parse(byte[] mail) {
    return parseAll(mail).interactions().get(0);
  }

  // ---- body text and attachments ----

  @Test
  void parse_textPartsAroundAnInlineImage_keepTheTextAfterTheImage() {
    // iOS / Apple Mail: a photo placed in the middle of the text splits the body into text, image, text
    String body = "--m\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHallo, hier das Foto vom Router:\r\n"
        + "--m\r\nContent-Type: image/jpeg; name=\"router.jpg\"\r\nContent-Disposition: inline; filename=\"router.jpg\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\n/9j/\r\n"
        + "--m\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nDie rote LED blinkt seit Montag. Was soll ich tun?\r\n"
        + "--m--\r\n";
    Interaction i = parse(eml(HEAD + "Content-Type: multipart/mixed; boundary=\"m\"\r\n", body));

    assertThat(i.text()).contains("Hallo, hier das Foto vom Router:")
        .contains("Die rote LED blinkt seit Montag. Was soll ich tun?");
    assertThat(i.attachments()).containsExactly(new Attachment("image", "router.jpg", "image/jpeg", null));
  }

  @Test
  void parse_appleMailAlternativeWithAFileInItsHtmlBranch_keepsTheAttachment() {
    // Apple Mail with a file in the body: alternative(text/plain, mixed(text/html, file, text/html))
    String body = "--a\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nAnbei der Vertrag, unterschrieben.\r\n"
        + "--a\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n"
        + "--m\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<html><body>Anbei der Vertrag, unterschrieben.<br>"
        + "</body></html>\r\n"
        + "--m\r\nContent-Disposition: inline; filename=Vertrag.pdf\r\nContent-Type: application/pdf; name=\"Vertrag.pdf\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n"
        + "--m\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<html><body><br></body></html>\r\n--m--\r\n--a--\r\n";
    Interaction i = parse(eml(HEAD + "Content-Type: multipart/alternative; boundary=\"a\"\r\n", body));

    assertThat(i.text()).isEqualTo("Anbei der Vertrag, unterschrieben.");
    assertThat(i.attachments()).containsExactly(new Attachment("file", "Vertrag.pdf", "application/pdf", null));
  }

  @Test
  void parse_customerSentenceStartingAmAndEndingSchriebColon_isNotTakenForAQuoteAttribution() {
    String body = "Sehr geehrte Damen und Herren,\r\n\r\n"
        + "am Montag schrieb ich Ihnen bereits wegen der Störung:\r\n"
        + "Seit dem 10. März ist der Anschluss tot. Bitte schicken Sie endlich einen Techniker.\r\n";
    Interaction i = parse(eml(HEAD + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n",
        body));

    assertThat(i.text()).contains("Bitte schicken Sie endlich einen Techniker.");
  }

  @Test
  void parse_forwardedMessage_keepsWhatTheCustomerForwarded() {
    // the customer forwards the contractor's appointment to the service: that content is the point
    String body = "Bitte siehe unten, der Termin passt uns nicht.\r\n\r\n"
        + "-------- Weitergeleitete Nachricht --------\r\n"
        + "Betreff: Ihr Termin Hausanschluss\r\nDatum: Fri, 13 Mar 2026 10:00:00 +0100\r\n"
        + "Von: Tiefbau Nord <termine@tiefbau.example>\r\n\r\n"
        + "Ihr Termin: Dienstag, 17.03.2026, 8 bis 12 Uhr.\r\n";
    Interaction i = parse(eml(HEAD.replace("Subject: =?UTF-8?Q?St=C3=B6rung?=", "Subject: WG: Ihr Termin Hausanschluss")
        + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n", body));

    assertThat(i.text()).contains("Ihr Termin: Dienstag, 17.03.2026, 8 bis 12 Uhr.");
  }

  @Test
  void parse_formatFlowed_joinsSoftLineBreaks() {
    // RFC 3676: a line ending in a space continues on the next line (Thunderbird's default)
    String body = "Der Anschluss in der Süderstraße 12 ist seit gestern \r\nAbend tot, die rote LED \r\nblinkt.\r\n";
    Interaction i = parse(eml(HEAD + "Content-Type: text/plain; charset=UTF-8; format=flowed\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n", body));

    assertThat(i.text()).isEqualTo("Der Anschluss in der Süderstraße 12 ist seit gestern Abend tot, die rote LED blinkt.");
  }

  @Test
  void parse_rfc2047EncodedAttachmentName_isDecoded() {
    // Outlook, Thunderbird (older) and many webmailers encode non-ASCII file names as encoded words
    String body = "--m\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nAnbei.\r\n"
        + "--m\r\nContent-Type: application/pdf; name=\"=?UTF-8?Q?Lageplan_S=C3=BCd.pdf?=\"\r\n"
        + "Content-Disposition: attachment; filename=\"=?UTF-8?Q?Lageplan_S=C3=BCd.pdf?=\"\r\n\r\nx\r\n"
        + "--m\r\nContent-Type: application/pdf; name=\"=?ISO-8859-1?Q?K=FCndigung.pdf?=\"\r\n\r\nx\r\n--m--\r\n";
    Interaction i = parse(eml(HEAD + "Content-Type: multipart/mixed; boundary=\"m\"\r\n", body));

    assertThat(i.attachments()).extracting(Attachment::reference).containsExactly("Lageplan Süd.pdf", "Kündigung.pdf");
  }

  @Test
  void parse_contentDescription_isTheFilesDescription_decoded_andABlankOneIsNone() {
    String body = "--m\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nAnbei.\r\n"
        + "--m\r\nContent-Type: image/jpeg\r\nContent-Description: =?UTF-8?Q?Router_mit_roter_LED_?=\r\n"
        + " =?UTF-8?Q?im_Flur_S=C3=BCderstra=C3=9Fe?=\r\n"
        + "Content-Disposition: attachment; filename=\"router.jpg\"\r\n\r\nx\r\n"
        + "--m\r\nContent-Type: application/pdf\r\nContent-Description:  \r\n"
        + "Content-Disposition: attachment; filename=\"Vertrag.pdf\"\r\n\r\nx\r\n--m--\r\n";
    Interaction i = parse(eml(HEAD + "Content-Type: multipart/mixed; boundary=\"m\"\r\n", body));

    assertThat(i.attachments()).containsExactly(
        new Attachment("image", "router.jpg", "image/jpeg", null, "Router mit roter LED im Flur Süderstraße"),
        new Attachment("file", "Vertrag.pdf", "application/pdf", null));
  }

  @Test
  void parse_unnamedInlineImage_isAnImage() {
    // a picture pasted into an HTML mail: multipart/related with an image part that has no file name
    String body = "--r\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>Siehe Foto <img src=\"cid:x1\"></p>\r\n"
        + "--r\r\nContent-Type: image/png\r\nContent-ID: <x1>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0=\r\n--r--\r\n";
    Interaction i = parse(eml(HEAD + "Content-Type: multipart/related; boundary=\"r\"\r\n", body));

    assertThat(i.attachments()).containsExactly(new Attachment("image", "unnamed", "image/png", null));
  }

  @Test
  void parse_htmlOnlyWithCommonNamedEntities_decodesThem() {
    Interaction i = parse(eml(HEAD + "Content-Type: text/html; charset=us-ascii\r\n",
        "<p>Termin im Caf&eacute; am Markt? Gr&uuml;&szlig;e, Ren&eacute;e &amp; Fran&ccedil;ois</p>"));

    assertThat(i.text()).isEqualTo("Termin im Café am Markt? Grüße, Renée & François");
  }

  // ---- charsets ----

  @Test
  void parse_utf8BodyWithoutCharsetParameter_isNotMojibake() {
    // contact forms and scripts (PHP mail()) often send 8-bit UTF-8 without a charset parameter
    Interaction plain = parse(eml(HEAD + "Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n",
        "Grüße aus Büsum\r\n"));
    Interaction none = parse(eml(HEAD, "Grüße aus Büsum\r\n"));

    assertThat(plain.text()).isEqualTo("Grüße aus Büsum");
    assertThat(none.text()).isEqualTo("Grüße aus Büsum");
  }

  @Test
  void parse_iso88591LabelOverWindows1252Bytes_keepsEuroSignAndGermanQuotes() {
    // mail labelled ISO-8859-1 very often carries windows-1252 (WHATWG Encoding maps the label so)
    byte[] body = "Der Tarif kostet 39,90 \u20ac, nicht \u201e29,90\u201c.\r\n".getBytes(Charset.forName("windows-1252"));
    Interaction i = parse(eml(HEAD + "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n",
        body));

    assertThat(i.text()).isEqualTo("Der Tarif kostet 39,90 €, nicht „29,90“.");
  }

  @Test
  void parse_unknownCharsetFallbackOnWindows1252Bytes_keepsTheEuroSign() {
    byte[] body = "Preis: 39,90 \u20ac\r\n".getBytes(Charset.forName("windows-1252"));
    Interaction i = parse(eml(HEAD + "Content-Type: text/plain; charset=x-unbekannt\r\nContent-Transfer-Encoding: 8bit\r\n",
        body));

    assertThat(i.text()).isEqualTo("Preis: 39,90 €");
  }

  @Test
  void parse_raw8bitLatin1DisplayName_keepsTheUmlauts() {
    // older German mailers write the name unencoded in ISO-8859-1
    String head = HEAD.replace("From: =?UTF-8?Q?J=C3=BCrgen_M=C3=B6ller?= <juergen.moeller@example.de>",
        "From: J\u00fcrgen M\u00f6ller <juergen.moeller@example.de>");
    Interaction i = parse(eml(head + "Content-Type: text/plain; charset=ISO-8859-1\r\n", "Hallo\r\n"));

    assertThat(i.authorName()).isEqualTo("Jürgen Möller");
  }

  @Test
  void parse_encodedWordDirectlyAfterTheReplyPrefix_isDecoded() {
    // the parse session sets mail.mime.decodetext.strict=false for this, but Jakarta Mail reads that
    // setting from the system properties only, so it has no effect
    Interaction i = parse(eml(HEAD.replace("Subject: =?UTF-8?Q?St=C3=B6rung?=", "Subject: AW:=?UTF-8?Q?St=C3=B6rung?=")
        + "Content-Type: text/plain; charset=UTF-8\r\n", ""));

    assertThat(i.text()).isEqualTo("AW:Störung");
  }

  /** A character's bytes split across two encoded words (RFC 2047 forbids it; mailers do it). */
  @Test
  void parse_aCharacterSplitAcrossTwoEncodedWords_isDecodedWhole() {
    Interaction q = parse(eml(HEAD.replace("Subject: =?UTF-8?Q?St=C3=B6rung?=",
        "Subject: AW: =?UTF-8?Q?St=C3?=\r\n =?UTF-8?Q?=B6rung_in_?= =?utf-8?B?SMO8c3Vt?= seit =?ISO-8859-1?Q?Fr=FChjahr?=")
        + "Content-Type: text/plain; charset=UTF-8\r\n", ""));
    Interaction b = parse(eml(HEAD.replace("Subject: =?UTF-8?Q?St=C3=B6rung?=",
        "Subject: =?UTF-8?B?U3TD?= =?UTF-8?B?tnJ1bmc=?= =?X-UNKNOWN?Q?a?= =?UTF-8?Q?bad=ZZ?=")
        + "Content-Type: text/plain; charset=UTF-8\r\n", ""));

    assertThat(q.text()).isEqualTo("AW: St\u00F6rung in H\u00FCsum seit Fr\u00FChjahr");
    assertThat(b.text()).as("a word that cannot be read stays as written, with its space")
        .isEqualTo("St\u00F6rung =?X-UNKNOWN?Q?a?= =?UTF-8?Q?bad=ZZ?=");
  }

  // ---- headers that must not cost the customer's mail ----

  @Test
  void parse_inReplyToInTheObsoletePhraseForm_isReadNotRejected() {
    // RFC 5322 4.5.4: obs-in-reply-to = "In-Reply-To:" *(phrase / msg-id); section 4: MUST be accepted
    Interaction i = parse(eml(HEAD + "In-Reply-To: Your message of Fri, 13 Mar 2026 16:02:00 +0100\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n", "Immer noch kein Internet.\r\n"));

    assertThat(i.text()).isEqualTo("Immer noch kein Internet.");
    assertThat(i.externalId()).isEqualTo("m-1@mail.example.de");
  }

  @Test
  void parse_unusableReplyTo_keepsTheMailAndAnswersFrom() {
    // a misconfigured web form's "Reply-To: noreply" must not cost the customer's message
    Interaction i = parse(eml(HEAD + "Reply-To: noreply\r\nContent-Type: text/plain; charset=UTF-8\r\n",
        "Immer noch kein Internet.\r\n"));

    assertThat(i.text()).isEqualTo("Immer noch kein Internet.");
    assertThat(i.authorHandle()).isEqualTo("juergen.moeller@example.de");
  }

  @Test
  void parse_emptyMessageId_isNotAnIdThatAllSuchMailsShare() {
    // "Message-ID: <>" was taken as the id "<>": every such mail would then be a duplicate of the first
    byte[] mail = eml(HEAD.replace("Message-ID: <m-1@mail.example.de>", "Message-ID: <>")
        + "Content-Type: text/plain; charset=UTF-8\r\n", "Erste Frage\r\n");

    assertThatThrownBy(() -> parse(mail)).isInstanceOf(DeliveryRejectedException.class);
  }

  @Test
  void parse_longestMessageIds_makeAThreadWithinItsBound_andLongerOnesAreRefused() {
    // the thread is the root id, a space and 12 hex digits of the sender: at most 512 characters
    String longest = "a".repeat(499 - "@mail.example.de".length()) + "@mail.example.de";
    Interaction kept = parse(eml(HEAD.replace("m-1@mail.example.de", longest)
        + "Content-Type: text/plain; charset=UTF-8\r\n", "Frage\r\n"));
    assertThat(kept.threadId()).startsWith(longest + " ").hasSize(512);

    String tooLong = "b" + longest;
    assertThatThrownBy(() -> parse(eml(HEAD.replace("m-1@mail.example.de", tooLong)
        + "Content-Type: text/plain; charset=UTF-8\r\n", "Frage\r\n")))
        .isInstanceOf(DeliveryRejectedException.class).hasMessageContaining("more than 499 characters");
  }

  // ---- threading ----

  @Test
  void parse_twoCustomersAnsweringOneMailing_areNotOneThread() {
    // one announcement sent to many customers in Bcc has one Message-ID; each answer lists it first in
    // References. As one thread, the engine puts every customer's answer into the first one's case.
    String answer = "Message-ID: <%s>\r\nDate: Sat, 14 Mar 2026 09:12:30 +0100\r\nFrom: %s\r\n"
        + "To: service@glasfaser-nord.de\r\nSubject: Re: Bauarbeiten in Heide\r\n"
        + "In-Reply-To: <ankuendigung-2026-03@glasfaser-nord.de>\r\n"
        + "References: <ankuendigung-2026-03@glasfaser-nord.de>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n";
    Interaction anna = parse(eml(String.format(answer, "a-1@mail.example.de", "anna@example.de"), "Wann genau?\r\n"));
    Interaction bernd = parse(eml(String.format(answer, "b-1@mail.example.net", "bernd@example.net"),
        "Meine Kundennummer ist 4711.\r\n"));

    assertThat(bernd.threadId()).isNotEqualTo(anna.threadId());
  }

  // ---- receipts ----

  @Test
  void parse_deliveryStatusNotification_isSkippedNotACustomerMessage() {
    // a bounce of one of our replies (RFC 3464): not a customer, and it quotes the customer's data
    String head = "Message-ID: <20260314091300.ABC12@mx.glasfaser-nord.de>\r\nDate: Sat, 14 Mar 2026 09:13:00 +0100\r\n"
        + "From: MAILER-DAEMON@mx.glasfaser-nord.de (Mail Delivery System)\r\nTo: service@glasfaser-nord.de\r\n"
        + "Subject: Undelivered Mail Returned to Sender\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"d\"\r\n";
    String body = "--d\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
        + "I'm sorry to have to inform you that your message could not be delivered.\r\n"
        + "<juergen.moeller@example.de>: host mx.example.de said: 550 5.1.1 User unknown\r\n"
        + "--d\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.glasfaser-nord.de\r\n\r\n"
        + "Final-Recipient: rfc822; juergen.moeller@example.de\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        + "--d\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <o-42.scrm@glasfaser-nord.de>\r\n\r\n--d--\r\n";
    ParsedDelivery parsed = parseAll(eml(head, body));

    assertThat(parsed.interactions()).isEmpty();
    assertThat(parsed.skipped()).hasSize(1);
  }

  @Test
  void parse_readReceipt_isSkippedNotACustomerReply() {
    // a disposition notification (RFC 8098) answers our reply: the case must not count it as the customer's
    String head = HEAD.replace("Subject: =?UTF-8?Q?St=C3=B6rung?=", "Subject: Gelesen: Re: =?UTF-8?Q?St=C3=B6rung?=")
        + "In-Reply-To: <o-42.scrm@glasfaser-nord.de>\r\nReferences: <m-0@mail.example.de> <o-42.scrm@glasfaser-nord.de>\r\n"
        + "Content-Type: multipart/report; report-type=disposition-notification; boundary=\"r\"\r\n";
    String body = "--r\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nIhre Nachricht wurde am 14.03.2026 gelesen.\r\n"
        + "--r\r\nContent-Type: message/disposition-notification\r\n\r\nFinal-Recipient: rfc822; juergen.moeller@example.de\r\n"
        + "Original-Message-ID: <o-42.scrm@glasfaser-nord.de>\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n"
        + "\r\n--r--\r\n";
    ParsedDelivery parsed = parseAll(eml(head, body));

    assertThat(parsed.interactions()).isEmpty();
    assertThat(parsed.skipped()).hasSize(1);
  }

  // ---- malformed parts, groups and plain bounces ----

  /** RFC 5321 4.5.5: a delivery notification comes with a null reverse-path, as qmail's plain text too. */
  @Test
  void parse_plainTextBounceWithNullReturnPath_isSkipped() {
    String head = "Return-Path: <>\r\nMessage-ID: <1710404000.99@mx.example.de>\r\n"
        + "Date: Sat, 14 Mar 2026 09:13:00 +0100\r\nFrom: MAILER-DAEMON@mx.example.de\r\n"
        + "To: service@glasfaser-nord.de\r\nSubject: failure notice\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=us-ascii\r\n";
    String body = "Hi. This is the qmail-send program at mx.example.de.\r\n"
        + "I'm afraid I wasn't able to deliver your message to the following addresses.\r\n\r\n"
        + "<juergen.moeller@example.de>:\r\nSorry, no mailbox here by that name. (#5.1.1)\r\n\r\n"
        + "--- Below this line is a copy of the message.\r\n\r\nSubject: Re: Stoerung\r\n\r\n"
        + "Sehr geehrter Herr Moeller, Ihre Kundennummer 4711 ...\r\n";

    ParsedDelivery parsed = parseAll(eml(head, body));

    assertThat(parsed.interactions()).isEmpty();
    assertThat(parsed.skipped()).singleElement().asString().contains("delivery notification");
    ParsedDelivery daemon = parseAll(eml(head.replace("Return-Path: <>\r\n", ""), body));
    assertThat(daemon.interactions()).as("from a mailer daemon, without a return path").isEmpty();
    assertThat(parse(eml(HEAD.replace("Message-ID:", "Return-Path: <juergen.moeller@example.de>\r\nMessage-ID:")
        + "Content-Type: text/plain; charset=UTF-8\r\n", "Kein Internet.\r\n")).text()).isEqualTo("Kein Internet.");
  }

  @Test
  void parse_attachmentWithAMalformedDisposition_keepsTheMessageAndTheFile() {
    String body = "--m\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nAnbei die Rechnung, bitte pruefen.\r\n"
        + "--m\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=Rechnung 03.pdf\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--m--\r\n";

    Interaction i = parse(eml(HEAD + "Content-Type: multipart/mixed; boundary=\"m\"\r\n", body));

    assertThat(i.text()).isEqualTo("Anbei die Rechnung, bitte pruefen.");
    assertThat(i.attachments()).singleElement().satisfies(file -> {
      assertThat(file.mimeType()).isEqualTo("application/pdf");
      assertThat(file.reference()).isEqualTo("Rechnung 03.pdf");
    });
  }

  @Test
  void parse_textPartWithAnUnknownTransferEncoding_isReadAsWritten() {
    Interaction i = parse(eml(HEAD + "Content-Type: text/plain; charset=UTF-8\r\n"
        + "Content-Transfer-Encoding: 8-bit\r\n", "Seit Montag kein Internet in der S\u00FCderstra\u00DFe.\r\n"));

    assertThat(i.text()).isEqualTo("Seit Montag kein Internet in der S\u00FCderstra\u00DFe.");
  }

  /** HTML lets the head's end tag out: the body starts the body all the same. */
  @Test
  void parse_htmlWithoutTheHeadsEndTag_keepsTheBodyText() {
    Interaction i = parse(eml(HEAD + "Content-Type: text/html; charset=UTF-8\r\n",
        "<html><head><meta charset=\"utf-8\"><title>x</title><body><p>Seit Montag kein Internet in der "
            + "Suederstrasse 12.</p></body></html>\r\n"));

    assertThat(i.text()).isEqualTo("Seit Montag kein Internet in der Suederstrasse 12.");
  }

  /** RFC 6854 allows a group in From: its member is the sender, and is forgotten by the address. */
  @Test
  void parse_fromAGroup_takesItsMembersAddress() {
    Interaction i = parse(eml(HEAD.replaceFirst("From: [^\r]*", "From: Familie Moeller: Juergen Moeller "
        + "<juergen.moeller@example.de>;") + "Content-Type: text/plain; charset=UTF-8\r\n", "Kein Internet.\r\n"));

    assertThat(i.authorHandle()).isEqualTo("juergen.moeller@example.de");
    adapter.forget(ChannelId.EMAIL, "juergen.moeller@example.de");
    assertThat(adapter.send(OutboundMessage.pending(OutboundId.of("o-1"), null, ContactId.of("c-1"), ChannelId.EMAIL,
        i.threadId(), i.externalId(), Visibility.PRIVATE, "Antwort", "service-reply", Instant.EPOCH)))
        .isEqualTo(SendResult.permanent("no e-mail address is known for this reply"));
  }

  /** One sender, however the domain is written: in Unicode or as its ASCII form (RFC 5890). */
  @Test
  void parse_anInternationalisedDomainInEitherForm_isOneHandle() {
    String plain = "Content-Type: text/plain; charset=UTF-8\r\n";
    Interaction unicode = parse(eml(HEAD.replaceFirst("From: [^\r]*", "From: Kunde <Kunde@M\u00FCller.de>")
        .replace("<m-1@", "<m-2@") + plain, "Frage eins.\r\n"));
    Interaction ascii = parse(eml(HEAD.replaceFirst("From: [^\r]*", "From: Kunde <kunde@XN--mller-kva.de>")
        .replace("<m-1@", "<m-3@") + plain, "Frage zwei.\r\n"));

    assertThat(unicode.authorHandle()).isEqualTo("kunde@m\u00FCller.de");
    assertThat(ascii.author()).isEqualTo(unicode.author());
    adapter.forget(ChannelId.EMAIL, "kunde@xn--mller-kva.de");
    assertThat(adapter.send(OutboundMessage.pending(OutboundId.of("o-2"), null, ContactId.of("c-1"), ChannelId.EMAIL,
        unicode.threadId(), unicode.externalId(), Visibility.PRIVATE, "Antwort", "service-reply", Instant.EPOCH)))
        .isEqualTo(SendResult.permanent("no e-mail address is known for this reply"));
  }
}
