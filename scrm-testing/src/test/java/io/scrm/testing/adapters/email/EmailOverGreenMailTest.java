package io.scrm.testing.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.SendResult;
import io.scrm.channels.email.EmailAdapter;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.Stores;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class EmailOverGreenMailTest {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP);

  private static final String EML = "Message-ID: <CAF7x2Lq8=z9PqK@mail.example.de>\r\n"
      + "In-Reply-To: <20260313150200.4711@glasfaser-nord.de>\r\n"
      + "References: <20260312081500.1001@mail.example.de> <20260313150200.4711@glasfaser-nord.de>\r\n"
      + "Date: Sat, 14 Mar 2026 09:12:30 +0100\r\n"
      + "From: =?ISO-8859-1?Q?J=FCrgen_M=F6ller?= <juergen.moeller@example.de>\r\n"
      + "Reply-To: Haushalt M\u00f6ller <haushalt@moeller.example.de>\r\n"
      + "To: service@glasfaser-nord.de\r\n"
      + "Subject: =?UTF-8?B?QVc6IFN0w7ZydW5nIGluIELDvHN1bQ==?=\r\n"
      + "MIME-Version: 1.0\r\n"
      + "Content-Type: text/plain; charset=UTF-8\r\n"
      + "Content-Transfer-Encoding: 8bit\r\n"
      + "\r\n"
      + "Immer noch kein Internet.\r\n";

  private static EmailAdapter.Builder adapter() {
    return EmailAdapter.builder().smtpHost("127.0.0.1").smtpPort(GREEN_MAIL.getSmtp().getPort()).startTls(false)
        .from("Glasfaser Nord Service <service@glasfaser-nord.de>").timeout(Duration.ofSeconds(5));
  }

  @Test
  void send_afterARestart_repliesToTheSenderTheInteractionStoreKeeps() throws Exception {
    Stores stores = Stores.inMemory();
    Interaction inbound;
    try (EmailAdapter before = adapter().build()) {
      inbound = before.parse(InboundDelivery.of(EML.getBytes(StandardCharsets.UTF_8), Map.of(), Instant.EPOCH))
          .interactions().get(0);
      stores.interactions().create(inbound);
    }
    OutboundMessage reply = OutboundMessage.pending(OutboundId.of("o-43"), null, ContactId.of("c-1"),
        ChannelId.EMAIL, inbound.threadId(), inbound.externalId(), Visibility.PRIVATE,
        "Sehr geehrter Herr Möller,\nder Techniker kommt morgen.", "service-reply", Instant.EPOCH);

    try (EmailAdapter forgetful = adapter().build();
        EmailAdapter restarted = adapter()
            .replyAddresses(EmailAdapter.ReplyAddresses.fromInteractions(stores.interactions())).build()) {
      assertThat(forgetful.send(reply)).isInstanceOf(SendResult.PermanentFailure.class);
      assertThat(restarted.send(reply)).isInstanceOf(SendResult.Sent.class);
    }

    MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
    assertThat(received).hasSize(1);
    // the Reply-To header was known only to the adapter that parsed the mail; the store keeps From
    assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("juergen.moeller@example.de");
    assertThat(received[0].getHeader("In-Reply-To", null)).isEqualTo("<CAF7x2Lq8=z9PqK@mail.example.de>");
  }

  @Test
  void send_replyToParsedMail_arrivesWithThreadingHeadersAtTheReplyToAddress() throws Exception {
    try (EmailAdapter adapter = EmailAdapter.builder().smtpHost("127.0.0.1")
        .smtpPort(GREEN_MAIL.getSmtp().getPort()).startTls(false)
        .from("Glasfaser Nord Service <service@glasfaser-nord.de>").timeout(Duration.ofSeconds(5)).build()) {
      Interaction inbound = adapter.parse(InboundDelivery.of(EML.getBytes(StandardCharsets.UTF_8), Map.of(),
          Instant.EPOCH)).interactions().get(0);
      OutboundMessage reply = OutboundMessage.pending(OutboundId.of("o-42"), null, ContactId.of("c-1"),
          ChannelId.EMAIL, inbound.threadId(), inbound.externalId(), Visibility.PRIVATE,
          "Sehr geehrter Herr Möller,\nder Techniker kommt morgen zwischen 8 und 12 Uhr.", "service-reply",
          Instant.EPOCH);

      SendResult result = adapter.send(reply);

      assertThat(result).isInstanceOf(SendResult.Sent.class);
      MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
      assertThat(received).hasSize(1);
      MimeMessage mail = received[0];
      assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("haushalt@moeller.example.de");
      assertThat(mail.getSubject()).isEqualTo("AW: Störung in Büsum");
      assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo("<CAF7x2Lq8=z9PqK@mail.example.de>");
      // folded between the ids (RFC 5322 2.2.3); unfolded, the ids as the thread had them
      assertThat(jakarta.mail.internet.MimeUtility.unfold(mail.getHeader("References", null)))
          .isEqualTo("<20260312081500.1001@mail.example.de> <20260313150200.4711@glasfaser-nord.de> "
              + "<CAF7x2Lq8=z9PqK@mail.example.de>");
      assertThat(mail.getMessageID()).isEqualTo("<o-42.scrm@glasfaser-nord.de>");
      assertThat(((String) mail.getContent()).replace("\r\n", "\n"))
          .isEqualTo("Sehr geehrter Herr Möller,\nder Techniker kommt morgen zwischen 8 und 12 Uhr.");
    }
  }

  @Test
  void send_aLaterMailReusingTheMessageId_doesNotRedirectTheReply() throws Exception {
    String forged = EML.replace("From: =?ISO-8859-1?Q?J=FCrgen_M=F6ller?= <juergen.moeller@example.de>",
        "From: Mallory <mallory@evil.example>").replace("Reply-To: Haushalt M\u00f6ller <haushalt@moeller.example.de>",
        "Reply-To: mallory@evil.example");
    assertThat(forged).contains("mallory@evil.example").doesNotContain("moeller.example.de");
    try (EmailAdapter adapter = adapter().build()) {
      Interaction customer = adapter.parse(InboundDelivery.of(EML.getBytes(StandardCharsets.UTF_8), Map.of(),
          Instant.EPOCH)).interactions().get(0);
      // the engine drops this one as a duplicate of the customer's mail; the adapter must keep the first
      Interaction copy = adapter.parse(InboundDelivery.of(forged.getBytes(StandardCharsets.UTF_8), Map.of(),
          Instant.EPOCH)).interactions().get(0);
      assertThat(copy.id()).isEqualTo(customer.id());

      SendResult result = adapter.send(OutboundMessage.pending(OutboundId.of("o-44"), null, ContactId.of("c-1"),
          ChannelId.EMAIL, customer.threadId(), customer.externalId(), Visibility.PRIVATE,
          "Ihre Vertragsnummer endet auf 4711.", "service-reply", Instant.EPOCH));

      assertThat(result).isInstanceOf(SendResult.Sent.class);
    }
    MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("haushalt@moeller.example.de");
  }
}
