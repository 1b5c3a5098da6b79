package io.scrm.testing.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.channels.InboundDelivery;
import io.scrm.channels.SendResult;
import io.scrm.channels.email.EmailAdapter;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sender's own address goes out as ASCII, as every header must without SMTPUTF8 (RFC 5322, 2047, 5890). */
final class EmailSenderAddressTest {

  private static SendResult answer(EmailAdapter adapter, String id) {
    String eml = "Message-ID: <" + id + "@mail.example.de>\r\nDate: Sat, 14 Mar 2026 09:12:30 +0100\r\n"
        + "From: Kunde <kunde@example.de>\r\nTo: service@example.de\r\nSubject: Frage\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nWann kommt der Techniker?\r\n";
    Interaction customer = adapter.parse(InboundDelivery.of(eml.getBytes(StandardCharsets.UTF_8), Map.of(),
        Instant.EPOCH)).interactions().get(0);
    return adapter.send(OutboundMessage.pending(OutboundId.of("o-" + id), null, ContactId.of("c-1"),
        ChannelId.EMAIL, customer.threadId(), customer.externalId(), Visibility.PRIVATE, "Morgen.",
        "service-reply", Instant.EPOCH));
  }

  private static String headers(ScriptedSmtpServer smtp) {
    return smtp.received().get(0).split("\r\n\r\n", 2)[0];
  }

  @Test
  void send_withANonAsciiSenderName_encodesTheNameAsEncodedWords() throws Exception {
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer();
        EmailAdapter adapter = EmailAdapter.builder().smtpHost("127.0.0.1").smtpPort(smtp.port()).startTls(false)
            .from("Stadtwerke M\u00fcllheim Kundenservice <service@sw-muellheim.de>")
            .timeout(Duration.ofSeconds(5)).build()) {
      assertThat(answer(adapter, "q-1")).isInstanceOf(SendResult.Sent.class);

      // unfolded (RFC 5322 section 2.2.3): a long encoded name goes on over more than one line
      String fromLine = Arrays.stream(headers(smtp).replaceAll("\r\n(?=[ \t])", "").split("\r\n"))
          .filter(l -> l.startsWith("From:")).findFirst().orElseThrow();
      assertThat(fromLine.chars().allMatch(c -> c < 0x80)).as(fromLine).isTrue();
      assertThat(MimeUtility.decodeText(fromLine)).contains("Stadtwerke M\u00fcllheim Kundenservice")
          .contains("<service@sw-muellheim.de>");
    }
  }

  @Test
  void send_fromAnInternationalizedDomain_usesItsAsciiFormInTheEnvelopeAndHeaders() throws Exception {
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer();
        EmailAdapter adapter = EmailAdapter.builder().smtpHost("127.0.0.1").smtpPort(smtp.port()).startTls(false)
            .from("Service <service@stadtwerke-m\u00fcllheim.de>").timeout(Duration.ofSeconds(5)).build()) {
      assertThat(answer(adapter, "q-2")).isInstanceOf(SendResult.Sent.class);

      assertThat(smtp.commands()).filteredOn(c -> c.startsWith("MAIL"))
          .allSatisfy(c -> assertThat(c).startsWith("MAIL FROM:<service@xn--stadtwerke-mllheim-x6b.de>"));
      assertThat(headers(smtp).chars().allMatch(c -> c < 0x80)).as(headers(smtp)).isTrue();
      assertThat(headers(smtp)).contains("@xn--stadtwerke-mllheim-x6b.de>");
    }
  }

  @Test
  void from_withANonAsciiLocalPart_isRefusedNamingTheSetting() {
    assertThatThrownBy(() -> EmailAdapter.builder().from("J\u00fcrgen <j\u00fcrgen@example.de>"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
  }
}
