package io.scrm.testing.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scrm.channels.Channels;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.OutboxDispatcher;
import io.scrm.channels.SendResult;
import io.scrm.channels.email.EmailAdapter;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.Stores;
import io.scrm.testing.TestClock;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replies over SMTP to mail as it really comes: long conversations, one notice answered by many
 * customers, a colleague replying to all, several Reply-To addresses, and a server that stalls after
 * taking the whole message.
 */
final class EmailRepliesOverSmtpTest {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP);

  private static EmailAdapter.Builder adapter(int port) {
    return EmailAdapter.builder().smtpHost("127.0.0.1").smtpPort(port).startTls(false)
        .from("Glasfaser Nord Service <service@glasfaser-nord.de>").timeout(Duration.ofSeconds(5));
  }

  private static Interaction parse(EmailAdapter adapter, String eml) {
    return adapter.parse(InboundDelivery.of(eml.getBytes(StandardCharsets.UTF_8), Map.of(), Instant.EPOCH))
        .interactions().get(0);
  }

  private static String mail(String messageId, String from, String threading, String text) {
    return "Message-ID: <" + messageId + ">\r\n" + threading + "Date: Sat, 14 Mar 2026 09:12:30 +0100\r\n"
        + "From: " + from + "\r\nTo: service@glasfaser-nord.de\r\nSubject: Re: Bauarbeiten in Heide\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + text + "\r\n";
  }

  @Test
  void send_inALongConversation_keepsTheRootFirstInReferences_soTheCustomersNextMailStaysInTheThread()
      throws Exception {
    // 12 exchanges back and forth: the customer's mail references 24 earlier mails, the first the root
    StringBuilder references = new StringBuilder("References:");
    for (int i = 0; i < 24; i++) {
      references.append(" <r").append(i).append("@mail.example.de>");
    }
    try (EmailAdapter adapter = adapter(GREEN_MAIL.getSmtp().getPort()).build()) {
      Interaction customer = parse(adapter, mail("r24@mail.example.de", "juergen.moeller@example.de",
          references + "\r\nIn-Reply-To: <r23@mail.example.de>\r\n", "Und jetzt?"));
      assertThat(customer.threadId()).startsWith("r0@mail.example.de ");

      SendResult sent = adapter.send(OutboundMessage.pending(OutboundId.of("o-50"), null, ContactId.of("c-1"),
          ChannelId.EMAIL, customer.threadId(), customer.externalId(), Visibility.PRIVATE, "Der Techniker kommt.",
          "service-reply", Instant.EPOCH));
      assertThat(sent).isInstanceOf(SendResult.Sent.class);

      MimeMessage reply = GREEN_MAIL.getReceivedMessages()[0];
      String replyReferences = reply.getHeader("References", " ");
      // RFC 5322 3.6.4 builds References as the parent's References plus its Message-ID; a client
      // that shortens it keeps the first id (RFC 5537 3.4.4), as the thread is read from that one
      assertThat(replyReferences).startsWith("<r0@mail.example.de>");

      Interaction next = parse(adapter, mail("r26@mail.example.de", "juergen.moeller@example.de",
          "References: " + replyReferences + " " + reply.getMessageID() + "\r\nIn-Reply-To: " + reply.getMessageID()
              + "\r\n", "Danke!"));
      assertThat(next.threadId()).isEqualTo(customer.threadId());
    }
  }

  @Test
  void send_inAThreadOfLongIds_foldsReferences_soNoLineExceeds998Characters() throws Exception {
    // 19 mails with ids as a large webmailer writes them, about 70 characters each
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      ids.add("CAF7x2Lq8=z9PqKHsa" + String.format("%02d", i) + "wT5mYx0kd2vBn4rQpLz7cUe3sJgA@mail.gmail.com");
    }
    String references = "References: <" + String.join(">\r\n <", ids.subList(0, 18)) + ">\r\n";
    try (EmailAdapter adapter = adapter(GREEN_MAIL.getSmtp().getPort()).build()) {
      Interaction customer = parse(adapter, mail(ids.get(18), "jana.vogt@example.de",
          references + "In-Reply-To: <" + ids.get(17) + ">\r\n", "Immer noch kaputt."));

      SendResult sent = adapter.send(OutboundMessage.pending(OutboundId.of("o-52"), null, ContactId.of("c-1"),
          ChannelId.EMAIL, customer.threadId(), customer.externalId(), Visibility.PRIVATE, "Wir kommen morgen.",
          "service-reply", Instant.EPOCH));

      assertThat(sent).isInstanceOf(SendResult.Sent.class);
      java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
      GREEN_MAIL.getReceivedMessages()[0].writeTo(raw);
      assertThat(raw.toString(StandardCharsets.US_ASCII).split("\r\n"))
          .allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(998));
      String unfolded = GREEN_MAIL.getReceivedMessages()[0].getHeader("References", " ").replaceAll("\\s+", " ");
      assertThat(unfolded).isEqualTo("<" + String.join("> <", ids) + ">");
    }
  }

  @Test
  void reply_inTheCaseOfTheFirstCustomerAnsweringAMailing_goesToThatCustomer_notToTheNextOneWhoAnswered()
      throws Exception {
    // a notice sent to many customers in Bcc has one Message-ID; every answer lists it in References
    String threading = "In-Reply-To: <ankuendigung-2026-03@glasfaser-nord.de>\r\n"
        + "References: <ankuendigung-2026-03@glasfaser-nord.de>\r\n";
    try (EmailAdapter adapter = adapter(GREEN_MAIL.getSmtp().getPort()).build()) {
      Channels channels = Channels.of(adapter);
      SocialCrm crm = SocialCrm.builder().stores(Stores.inMemory()).build();
      OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).build();

      IngestResult anna = crm.ingest(parse(adapter, mail("a-1@mail.example.de", "anna@example.de", threading,
          "Wann genau wird bei mir gegraben?")));
      IngestResult bernd = crm.ingest(parse(adapter, mail("b-1@mail.example.net", "bernd@example.net", threading,
          "Bei mir bitte erst ab April.")));
      crm.reply(anna.caseId(), Actor.agent("agent-3"), "Frau A., bei Ihnen wird am 17.03. gegraben.");
      assertThat(dispatcher.drain().sent()).isEqualTo(1);

      MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
      assertThat(received).hasSize(1);
      assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("anna@example.de");
      assertThat(bernd.caseId()).isNotEqualTo(anna.caseId());
    }
  }

  @Test
  void send_inTheThreadOfAColleagueWhoRepliedToAll_goesToTheColleague_notToTheRootMailsSender() throws Exception {
    // a message sent into a sender's thread without naming the mail it answers (a send to a known
    // conversation, a broadcast to a subscriber) goes to that thread's sender
    try (EmailAdapter adapter = adapter(GREEN_MAIL.getSmtp().getPort()).build()) {
      Interaction first = parse(adapter, mail("m1@mail.example.de", "anna.schulz@example.de", "", "Wann kommt ihr?"));
      Interaction colleague = parse(adapter, mail("m2@mail.example.de", "bernd.krause@example.de",
          "References: <m1@mail.example.de>\r\nIn-Reply-To: <m1@mail.example.de>\r\n", "Mich interessiert das auch."));
      assertThat(colleague.threadId()).isNotEqualTo(first.threadId());

      SendResult sent = adapter.send(OutboundMessage.pending(OutboundId.of("o-1"), null, ContactId.of("c-bernd"),
          ChannelId.EMAIL, colleague.threadId(), null, Visibility.PRIVATE, "Ihr Anschluss kommt im Mai.",
          "transactional", Instant.EPOCH));
      assertThat(sent).isInstanceOf(SendResult.Sent.class);

      MimeMessage out = GREEN_MAIL.getReceivedMessages()[0];
      assertThat(out.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
          .containsExactly("bernd.krause@example.de");
    }
  }

  @Test
  void send_replyToWithTwoAddresses_reachesBoth() throws Exception {
    // RFC 5322 3.6.2: Reply-To gives "the address(es) to which ... replies be sent"
    try (EmailAdapter adapter = adapter(GREEN_MAIL.getSmtp().getPort()).build()) {
      Interaction customer = parse(adapter, mail("m-7@mail.example.de", "juergen.moeller@example.de",
          "Reply-To: juergen.moeller@example.de, haushalt@moeller.example.de\r\n", "Bitte an uns beide antworten."));

      SendResult sent = adapter.send(OutboundMessage.pending(OutboundId.of("o-52"), null, ContactId.of("c-1"),
          ChannelId.EMAIL, customer.threadId(), customer.externalId(), Visibility.PRIVATE, "Gerne.", "service-reply",
          Instant.EPOCH));

      assertThat(sent).isInstanceOf(SendResult.Sent.class);
      assertThat(GREEN_MAIL.getReceivedMessages()[0].getAllRecipients()).extracting(Object::toString)
          .containsExactlyInAnyOrder("juergen.moeller@example.de", "haushalt@moeller.example.de");
    }
  }

  @Test
  void send_serverStallsAfterTakingTheWholeMessage_isAnUnknownOutcomeNotASafeRetry() throws Exception {
    // the server has the reply once the final dot is written: a retry may deliver it a second time
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer();
        EmailAdapter adapter = adapter(smtp.port()).timeout(Duration.ofMillis(1000))
            .replyAddresses(message -> java.util.Optional.of("juergen.moeller@example.de")).build()) {
      smtp.neverAnswerData();

      SendResult result = adapter.send(OutboundMessage.pending(OutboundId.of("o-51"), null, ContactId.of("c-1"),
          ChannelId.EMAIL, "m-1@mail.example.de", "m-1@mail.example.de", Visibility.PRIVATE, "Der Techniker kommt.",
          "service-reply", Instant.EPOCH));

      assertThat(smtp.received()).hasSize(1);
      assertThat(result).isInstanceOf(SendResult.OutcomeUnknown.class);
    }
  }

  @Test
  void replyWhoseFinalDotGotNoAnswer_becomesADeadLetter_andIsNotMailedASecondTime() throws Exception {
    TestClock clock = TestClock.at("2026-03-14T09:00:00Z");
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer();
        EmailAdapter adapter = adapter(smtp.port()).timeout(Duration.ofMillis(500)).clock(clock).build()) {
      smtp.neverAnswerData();
      Channels channels = Channels.of(adapter);
      SocialCrm crm = SocialCrm.builder().clock(clock).sendCheck(channels.sendCheck(clock))
          .consentPolicy(q -> ConsentDecision.allow("contract", "Art. 6(1)(b)")).build();
      IngestResult in = crm.ingest(parse(adapter, mail("s-1@example.de", "Jana Vogt <jana.vogt@example.de>", "",
          "Der Router blinkt seit heute früh rot.")));
      OutboundId reply = crm.reply(in.caseId(), Actor.agent("anna"), "Ein Techniker kommt morgen.")
          .outboundId().orElseThrow();

      try (OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).build()) {
        dispatcher.drain();
        clock.advance(Duration.ofHours(1));
        dispatcher.drain();
      }

      assertThat(smtp.received()).as("mails the customer's server was handed").hasSize(1);
      assertThat(crm.outbox().deadLetters()).singleElement().satisfies(dead -> {
        assertThat(dead.id()).isEqualTo(reply);
        assertThat(dead.lastError()).startsWith("outcome unknown");
      });
    }
  }
}
