package io.scrm.testing.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.channels.InboundDelivery;
import io.scrm.channels.SendResult;
import io.scrm.channels.email.EmailAdapter;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A customer whose domain is internationalized (IDNA, RFC 5890), answered over SMTP without SMTPUTF8. */
final class EmailInternationalDomainTest {

  private static EmailAdapter adapter(ScriptedSmtpServer smtp) {
    return EmailAdapter.builder().smtpHost("127.0.0.1").smtpPort(smtp.port()).startTls(false)
        .from("Glasfaser Nord Service <service@glasfaser-nord.de>").timeout(Duration.ofSeconds(5)).build();
  }

  /** Parses a customer's question from {@code from}, then answers it. */
  private static SendResult answer(EmailAdapter adapter, String messageId, String from) {
    String eml = "Message-ID: <" + messageId + ">\r\nDate: Sat, 14 Mar 2026 09:12:30 +0100\r\n"
        + "From: " + from + "\r\nTo: service@glasfaser-nord.de\r\nSubject: Frage\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nWann kommt der Techniker?\r\n";
    Interaction customer = adapter.parse(InboundDelivery.of(eml.getBytes(StandardCharsets.UTF_8), Map.of(),
        Instant.EPOCH)).interactions().get(0);
    return adapter.send(OutboundMessage.pending(OutboundId.of("o-" + messageId), null, ContactId.of("c-1"),
        ChannelId.EMAIL, customer.threadId(), customer.externalId(), Visibility.PRIVATE, "Morgen.",
        "service-reply", Instant.EPOCH));
  }

  @Test
  void send_toACustomerAtAnInternationalizedDomain_usesTheAsciiFormOfTheDomain() throws Exception {
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(); EmailAdapter adapter = adapter(smtp)) {
      SendResult sent = answer(adapter, "idn-1@mail.example.de", "Kunde <kunde@m\u00fcller.de>");

      assertThat(sent).isInstanceOf(SendResult.Sent.class);
      // the server offered no SMTPUTF8 (RFC 6531): envelope and header must carry the A-label
      assertThat(smtp.commands()).filteredOn(c -> c.startsWith("RCPT"))
          .containsExactly("RCPT TO:<kunde@xn--mller-kva.de>");
      assertThat(smtp.received().get(0)).contains("\r\nTo: kunde@xn--mller-kva.de\r\n");
    }
  }

  /** A local part beyond ASCII needs SMTPUTF8 (RFC 6531), which the adapter does not speak: refused, nothing sent. */
  @Test
  void send_toALocalPartBeyondAscii_isRefusedForGood() throws Exception {
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(); EmailAdapter adapter = adapter(smtp)) {
      SendResult sent = answer(adapter, "idn-2@mail.example.de", "J\u00fcrgen <j\u00fcrgen@example.de>");

      assertThat(sent).isInstanceOf(SendResult.PermanentFailure.class);
      assertThat(smtp.received()).isEmpty();
    }
  }
}
