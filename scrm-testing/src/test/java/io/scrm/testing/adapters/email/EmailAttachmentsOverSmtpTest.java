package io.scrm.testing.adapters.email;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scrm.channels.AttachmentFile;
import io.scrm.channels.AttachmentUnavailableException;
import io.scrm.channels.Channels;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.OutboxDispatcher;
import io.scrm.channels.SendResult;
import io.scrm.channels.email.EmailAdapter;
import io.scrm.core.IngestResult;
import io.scrm.core.SendRefusedException;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.Stores;
import jakarta.mail.BodyPart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reply's files go out as MIME parts to a real SMTP server (GreenMail), fetched from a file server
 * (WireMock) before the mail is sent: a file that cannot be had sends nothing at all.
 */
final class EmailAttachmentsOverSmtpTest {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP);

  @RegisterExtension
  static final WireMockExtension FILES = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String CUSTOMER_MAIL = "CAF7x2Lq8=z9PqK@mail.example.de";
  /** Signed file URLs carry a token: it must reach neither the mail nor a failure reason. */
  private static final String TOKEN = "X-Amz-Signature=5b1e0c77d2a94f";

  private static EmailAdapter.Builder adapter() {
    return EmailAdapter.builder().smtpHost("127.0.0.1").smtpPort(GREEN_MAIL.getSmtp().getPort()).startTls(false)
        .from("Glasfaser Nord Service <service@glasfaser-nord.de>").timeout(Duration.ofSeconds(5))
        .replyAddresses(message -> Optional.of("juergen.moeller@example.de"));
  }

  private static OutboundMessage reply(String id, String text, List<Attachment> attachments) {
    return OutboundMessage.pending(OutboundId.of(id), null, ContactId.of("c-1"), ChannelId.EMAIL, CUSTOMER_MAIL,
        CUSTOMER_MAIL, Visibility.PRIVATE, text, attachments, "service-reply", Instant.EPOCH);
  }

  private static Attachment served(String kind, String path, String mimeType) {
    return new Attachment(kind, FILES.baseUrl() + path + "?" + TOKEN, mimeType, null);
  }

  private static byte[] bytes(int size, int seed) {
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = (byte) (i * seed + 7);
    }
    return out;
  }

  private static void serve(String path, byte[] body, String contentType) {
    FILES.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", contentType).withBody(body)));
  }

  private static byte[] decoded(BodyPart part) throws Exception {
    try (InputStream in = part.getInputStream()) {
      return in.readAllBytes();
    }
  }

  private static void assertFilePart(BodyPart part, String name, String type, byte[] content) throws Exception {
    assertThat(part.getFileName()).isEqualTo(name);
    assertThat(part.isMimeType(type)).as("%s is %s, was %s", name, type, part.getContentType()).isTrue();
    assertThat(part.getDisposition()).isEqualTo(Part.ATTACHMENT);
    assertThat(part.getHeader("Content-Transfer-Encoding")).containsExactly("base64");
    assertThat(decoded(part)).isEqualTo(content);
  }

  @Test
  void send_textWithPhotoAndPdf_isMultipartMixed_textFirst_thenEachFileNamedTypedAndBase64() throws Exception {
    byte[] photo = bytes(70_000, 13);
    byte[] pdf = bytes(12_345, 31);
    serve("/t/9f2c/Router%20LED.jpg", photo, "image/jpeg");
    serve("/download", pdf, "application/pdf");
    try (EmailAdapter adapter = adapter().build()) {
      SendResult sent = adapter.send(reply("o-att-1", "Sehr geehrter Herr Möller, anbei Foto und Auftrag.",
          List.of(served("photo", "/t/9f2c/Router%20LED.jpg", "image/jpeg"),
              new Attachment("document", FILES.baseUrl() + "/download?id=7&" + TOKEN, null, null))));

      assertThat(sent).isInstanceOf(SendResult.Sent.class);
      MimeMessage mail = GREEN_MAIL.getReceivedMessages()[0];
      assertThat(mail.isMimeType("multipart/mixed")).as(mail.getContentType()).isTrue();
      MimeMultipart mixed = (MimeMultipart) mail.getContent();
      assertThat(mixed.getCount()).isEqualTo(3);
      BodyPart text = mixed.getBodyPart(0);
      assertThat(text.isMimeType("text/plain")).isTrue();
      assertThat(text.getDisposition()).isNull();
      assertThat(text.getContent()).isEqualTo("Sehr geehrter Herr Möller, anbei Foto und Auftrag.");
      assertFilePart(mixed.getBodyPart(1), "Router LED.jpg", "image/jpeg", photo);
      // no sensible name in the URL: named by its position and type
      assertFilePart(mixed.getBodyPart(2), "attachment-2.pdf", "application/pdf", pdf);
      // threading as for any reply
      assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo("<" + CUSTOMER_MAIL + ">");
      assertThat(mail.getHeader("References", null)).isEqualTo("<" + CUSTOMER_MAIL + ">");
      assertThat(mail.getMessageID()).isEqualTo("<o-att-1.scrm@glasfaser-nord.de>");
      assertThat(GreenMailUtil.getWholeMessage(mail)).doesNotContain(TOKEN).doesNotContain(FILES.baseUrl());
    }
  }

  @Test
  void send_fileNameBeyondAscii_isAnRfc2231Parameter() throws Exception {
    byte[] plan = bytes(2000, 5);
    serve("/p/Lageplan%20S%C3%BCderstra%C3%9Fe.pdf", plan, "application/pdf");
    try (EmailAdapter adapter = adapter().build()) {
      adapter.send(reply("o-att-2", "Anbei der Lageplan.",
          List.of(served("document", "/p/Lageplan%20S%C3%BCderstra%C3%9Fe.pdf", "application/pdf"))));

      MimeMessage mail = GREEN_MAIL.getReceivedMessages()[0];
      assertThat(GreenMailUtil.getWholeMessage(mail)).contains("filename*=UTF-8''Lageplan%20S%C3%BCderstra%C3%9Fe.pdf");
      assertFilePart(((MimeMultipart) mail.getContent()).getBodyPart(1), "Lageplan Süderstraße.pdf",
          "application/pdf", plan);
    }
  }

  @Test
  void send_fileWithDescription_carriesItAsContentDescription_encodedBeyondAscii_onOneLine() throws Exception {
    byte[] photo = bytes(3000, 11);
    byte[] pdf = bytes(1000, 3);
    serve("/led.jpg", photo, "image/jpeg");
    serve("/plan.pdf", pdf, "application/pdf");
    try (EmailAdapter adapter = adapter().build()) {
      adapter.send(reply("o-att-desc", "Anbei Foto und Plan.", List.of(
          served("photo", "/led.jpg", "image/jpeg")
              .withDescription("Glasfaser-Dose: grüne LED „PON“\r\nnach dem Tausch"),
          served("document", "/plan.pdf", "application/pdf"))));

      MimeMessage mail = GREEN_MAIL.getReceivedMessages()[0];
      MimeMultipart mixed = (MimeMultipart) mail.getContent();
      assertThat(((jakarta.mail.internet.MimeBodyPart) mixed.getBodyPart(1)).getDescription())
          .isEqualTo("Glasfaser-Dose: grüne LED „PON“ nach dem Tausch");
      assertThat(mixed.getBodyPart(1).getHeader("Content-Description")[0]).startsWith("=?UTF-8?");
      assertThat(mixed.getBodyPart(2).getHeader("Content-Description")).isNull();
      assertFilePart(mixed.getBodyPart(1), "led.jpg", "image/jpeg", photo);
    }
  }

  @Test
  void send_photoWithoutText_keepsAnEmptyTextPartBeforeThePhoto() throws Exception {
    byte[] photo = bytes(4000, 3);
    serve("/r/zaehler.jpg", photo, "image/jpeg");
    try (EmailAdapter adapter = adapter().build()) {
      assertThat(adapter.refusal(reply("o-att-3", "", List.of(served("photo", "/r/zaehler.jpg", null))))).isNull();
      SendResult sent = adapter.send(reply("o-att-3", "", List.of(served("photo", "/r/zaehler.jpg", null))));

      assertThat(sent).isInstanceOf(SendResult.Sent.class);
      MimeMultipart mixed = (MimeMultipart) GREEN_MAIL.getReceivedMessages()[0].getContent();
      assertThat(mixed.getCount()).isEqualTo(2);
      assertThat(mixed.getBodyPart(0).isMimeType("text/plain")).isTrue();
      assertThat(mixed.getBodyPart(0).getContent()).isEqualTo("");
      // the served Content-Type, as the attachment declared none
      assertFilePart(mixed.getBodyPart(1), "zaehler.jpg", "image/jpeg", photo);
    }
  }

  @Test
  void send_fileServerAnswers503_isRetryable_andNoMailWasSent() {
    serve("/a/ok.jpg", bytes(100, 1), "image/jpeg");
    FILES.stubFor(get(urlPathEqualTo("/a/busy.pdf")).willReturn(aResponse().withStatus(503)));
    try (EmailAdapter adapter = adapter().build()) {
      SendResult result = adapter.send(reply("o-att-4", "Anbei.",
          List.of(served("photo", "/a/ok.jpg", "image/jpeg"), served("document", "/a/busy.pdf", null))));

      assertThat(result).isInstanceOf(SendResult.RetryableFailure.class);
      String reason = ((SendResult.RetryableFailure) result).reason();
      assertThat(reason).isEqualTo("attachment 2 could not be fetched: HTTP 503 from the file server")
          .doesNotContain(TOKEN).doesNotContain("busy");
      assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }
  }

  @Test
  void send_fileServerAnswers404_isPermanent_andNoMailWasSent() {
    FILES.stubFor(get(urlPathEqualTo("/a/gone.pdf")).willReturn(aResponse().withStatus(404)));
    try (EmailAdapter adapter = adapter().build()) {
      SendResult result = adapter.send(reply("o-att-5", "Anbei.", List.of(served("document", "/a/gone.pdf", null))));

      assertThat(result).isEqualTo(SendResult.permanent("attachment 1 could not be fetched: HTTP 404 from the file server"));
      assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }
  }

  @Test
  void send_filesOverTheLimitTogether_isPermanent_andNoMailWasSent() {
    serve("/l/a.pdf", bytes(600, 1), "application/pdf");
    serve("/l/b.pdf", bytes(600, 2), "application/pdf");
    serve("/l/big.pdf", bytes(4096, 3), "application/pdf");
    try (EmailAdapter adapter = adapter().maxAttachmentBytes(1000).build()) {
      SendResult both = adapter.send(reply("o-att-6", "Anbei.",
          List.of(served("document", "/l/a.pdf", null), served("document", "/l/b.pdf", null))));
      SendResult big = adapter.send(reply("o-att-7", "Anbei.", List.of(served("document", "/l/big.pdf", null))));

      assertThat(both).isInstanceOf(SendResult.PermanentFailure.class);
      assertThat(((SendResult.PermanentFailure) both).reason()).startsWith("attachment 2 could not be fetched: larger");
      assertThat(big).isInstanceOf(SendResult.PermanentFailure.class);
      assertThat(((SendResult.PermanentFailure) big).reason()).startsWith("attachment 1 could not be fetched: larger");
      assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }
  }

  @Test
  void send_withAHostsAttachmentSource_sendsWhatItGives_andReportsWhatItCannot() throws Exception {
    byte[] invoice = "%PDF-1.7 Rechnung 2026-0311".getBytes(StandardCharsets.US_ASCII);
    try (EmailAdapter adapter = adapter().attachmentSource((attachment, maxBytes, timeLeft) -> switch (attachment.reference()) {
      case "dms:rechnung/2026-0311" -> new AttachmentFile(invoice, "application/pdf", "Rechnung 2026-0311.pdf");
      case "dms:archiviert/1999" -> throw new AttachmentUnavailableException("archived, ask again tomorrow", true);
      default -> throw new AttachmentUnavailableException("unknown document", false);
    }).build()) {
      Attachment stored = new Attachment("document", "dms:rechnung/2026-0311", null, null);
      assertThat(adapter.refusal(reply("o-att-8", "", List.of(stored)))).isNull();

      SendResult sent = adapter.send(reply("o-att-8", "Ihre Rechnung.", List.of(stored)));
      SendResult later = adapter.send(reply("o-att-9", "Ihre alte Rechnung.",
          List.of(new Attachment("document", "dms:archiviert/1999", null, null))));

      assertThat(sent).isInstanceOf(SendResult.Sent.class);
      MimeMultipart mixed = (MimeMultipart) GREEN_MAIL.getReceivedMessages()[0].getContent();
      assertFilePart(mixed.getBodyPart(1), "Rechnung 2026-0311.pdf", "application/pdf", invoice);
      // a host's source speaks in its own words, which may quote the reference: they stay out of the reason
      assertThat(later).isEqualTo(SendResult.retryable("attachment 1 could not be fetched: unavailable", null));
      assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(1);
    }
  }

  @Test
  void reply_ofTheEngine_withAPhoto_goesOutThroughTheDispatcher_andAFileEmailCannotSendIsRefusedBeforeQueueing()
      throws Exception {
    byte[] photo = bytes(9000, 11);
    serve("/r/anschluss.jpg", photo, "image/jpeg");
    try (EmailAdapter adapter = adapter().build()) {
      Channels channels = Channels.of(adapter);
      SocialCrm crm = SocialCrm.builder().stores(Stores.inMemory()).sendCheck(channels.sendCheck(Clock.systemUTC()))
          .build();
      OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).build();
      IngestResult customer = crm.ingest(adapter.parse(InboundDelivery.of(("Message-ID: <" + CUSTOMER_MAIL + ">\r\n"
          + "Date: Sat, 14 Mar 2026 09:12:30 +0100\r\nFrom: juergen.moeller@example.de\r\n"
          + "To: service@glasfaser-nord.de\r\nSubject: Anschluss\r\nMIME-Version: 1.0\r\n"
          + "Content-Type: text/plain; charset=UTF-8\r\n\r\nWie sieht der Anschluss aus?\r\n")
          .getBytes(StandardCharsets.UTF_8), Map.of(), Instant.EPOCH)).interactions().get(0));

      assertThatThrownBy(() -> crm.reply(customer.caseId(), Actor.agent("agent-3"), "",
          List.of(new Attachment("document", "ftp://files.glasfaser-nord.de/plan.pdf", null, null))))
          .isInstanceOf(SendRefusedException.class).hasMessageContaining("attachment 1: not an http or https URL");
      crm.reply(customer.caseId(), Actor.agent("agent-3"), "So sieht er aus.",
          List.of(served("photo", "/r/anschluss.jpg", "image/jpeg")));
      assertThat(dispatcher.drain().sent()).isEqualTo(1);

      MimeMessage mail = GREEN_MAIL.getReceivedMessages()[0];
      assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("juergen.moeller@example.de");
      assertFilePart(((MimeMultipart) mail.getContent()).getBodyPart(1), "anschluss.jpg", "image/jpeg", photo);
      assertThat(crm.stores().outbox().findByStatus(OutboxStatus.PENDING)).isEmpty();
    }
  }
}
