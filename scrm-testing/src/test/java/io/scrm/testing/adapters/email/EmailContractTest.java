package io.scrm.testing.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.channels.AttachmentFile;
import io.scrm.channels.AttachmentUnavailableException;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.email.EmailAdapter;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.testing.channel.ChannelAdapterContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class EmailContractTest extends ChannelAdapterContract {
  private static final String PASSWORD = "smtp-passwort-Geheim!42";
  private static final String EML = "Message-ID: <CAF7x2Lq8=z9PqK@mail.example.de>\r\n"
      + "Date: Sat, 14 Mar 2026 09:12:30 +0100\r\n"
      + "From: =?ISO-8859-1?Q?J=FCrgen_M=F6ller?= <juergen.moeller@example.de>\r\n"
      + "To: service@glasfaser-nord.de\r\n"
      + "Subject: =?UTF-8?Q?St=C3=B6rung_in_B=C3=BCsum?=\r\n"
      + "MIME-Version: 1.0\r\n"
      + "Content-Type: text/plain; charset=UTF-8\r\n"
      + "Content-Transfer-Encoding: quoted-printable\r\n"
      + "\r\n"
      + "Der Anschluss in der S=C3=BCderstra=C3=9Fe ist tot.\r\n";
  /** The contract's photo; the host's file store stands in for files.example.com. */
  private static final String PHOTO_URL = "https://files.example.com/contract/photo.jpg";
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F',
      0, (byte) 0xFF, (byte) 0xD9};

  private ScriptedSmtpServer smtp;

  @BeforeEach
  void startServer() throws IOException {
    smtp = new ScriptedSmtpServer();
  }

  @AfterEach
  void stopServer() throws IOException {
    smtp.close();
  }

  @Override
  protected ChannelAdapter createAdapter() {
    return EmailAdapter.builder().smtpHost("127.0.0.1").smtpPort(smtp.port()).startTls(false)
        .credentials("service", PASSWORD).from("Glasfaser Nord Service <service@glasfaser-nord.de>")
        .replyAddresses(message -> Optional.of("juergen.moeller@example.de"))
        .attachmentSource(EmailContractTest::fileStore)
        .timeout(Duration.ofMillis(1000)).build();
  }

  /** A host's file store that holds the contract's photo and nothing else. */
  private static AttachmentFile fileStore(Attachment attachment, long maxBytes, Duration timeLeft) {
    if (!attachment.reference().equals(PHOTO_URL)) {
      throw new AttachmentUnavailableException("not in the file store", false);
    }
    return new AttachmentFile(JPEG, "image/jpeg", null);
  }

  @Override
  protected OutboundMessage replyMessage() {
    return OutboundMessage.pending(OutboundId.of("out-mail-1"), null, ContactId.of("c-1"), ChannelId.EMAIL,
        "CAF7x2Lq8=z9PqK@mail.example.de", "CAF7x2Lq8=z9PqK@mail.example.de", Visibility.PRIVATE,
        "Sehr geehrter Herr Möller, " + TEXT_MARKER, "service-reply", Instant.EPOCH);
  }

  /** The attachment parts of the last mail the SMTP server took. */
  @Override
  protected int filesReceivedWithLastSend() {
    List<String> mails = smtp.received();
    if (mails.isEmpty()) {
      return 0;
    }
    return mails.get(mails.size() - 1).split("Content-Disposition: attachment", -1).length - 1;
  }

  @Override
  protected String platformAccepts() {
    return "out-mail-1.scrm@glasfaser-nord.de";
  }

  @Override
  protected void platformRejectsPermanently() {
    smtp.answerRcpt("550 5.1.1 <juergen.moeller@example.de>: Recipient address rejected: User unknown");
  }

  @Override
  protected void platformRateLimits(Duration retryAfter) {
    smtp.answerMailFrom("451 4.7.1 Rate limit exceeded, try again in " + retryAfter.toSeconds() + " seconds");
  }

  @Override
  protected void platformFailsTemporarily() {
    smtp.answerData("451 4.3.0 Error: queue file write error");
  }

  @Override
  protected void platformTimesOut() {
    smtp.neverGreet();
  }

  @Override
  protected boolean timeoutReachesThePlatform() {
    // an SMTP server that never greets: the message is never written
    return false;
  }

  @Override
  protected InboundDelivery customerMessageDelivery() {
    return InboundDelivery.of(EML.getBytes(StandardCharsets.US_ASCII), Map.of(), Instant.EPOCH);
  }

  @Override
  protected String expectedCustomerText() {
    return "Der Anschluss in der Süderstraße ist tot.";
  }

  @Override
  protected InboundDelivery badDelivery() {
    return InboundDelivery.of(EML.replace("Message-ID: <CAF7x2Lq8=z9PqK@mail.example.de>\r\n", "")
        .getBytes(StandardCharsets.US_ASCII), Map.of(), Instant.EPOCH);
  }

  @Override
  protected Set<String> secrets() {
    return Set.of(PASSWORD);
  }

  @Test
  void send_acceptedReply_isDeliveredAsPlainUtf8() {
    platformAccepts();
    adapter().send(replyMessage());
    assertThat(smtp.received()).hasSize(1);
    assertThat(smtp.received().get(0)).contains("In-Reply-To: <CAF7x2Lq8=z9PqK@mail.example.de>")
        .contains("Message-ID: <out-mail-1.scrm@glasfaser-nord.de>").contains("charset=UTF-8");
  }

  @Test
  void send_photoAlone_isDeliveredAsAnAttachmentPartAfterAnEmptyTextPart() {
    platformAccepts();
    adapter().send(withAttachments(replyMessage(), "",
        List.of(new Attachment("photo", PHOTO_URL, "image/jpeg", null))));
    assertThat(smtp.received()).hasSize(1);
    assertThat(smtp.received().get(0)).contains("Content-Type: multipart/mixed")
        .contains("Content-Type: text/plain; charset=UTF-8")
        .contains("Content-Type: image/jpeg; name=attachment-1.jpg")
        .contains("Content-Disposition: attachment; filename=attachment-1.jpg")
        .contains("Content-Transfer-Encoding: base64")
        .contains("/9j/4AAQSkZJRgD/2Q==")
        .doesNotContain(PHOTO_URL);
  }
}
