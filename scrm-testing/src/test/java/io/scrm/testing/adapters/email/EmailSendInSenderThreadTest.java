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
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message sent into a sender's thread without naming the mail it answers (a send to a known
 * conversation, a broadcast to a subscriber) goes to that thread's sender, not to whoever wrote the
 * thread's root mail.
 */
final class EmailSendInSenderThreadTest {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP);

  private static Interaction parse(EmailAdapter adapter, String eml) {
    return adapter.parse(InboundDelivery.of(eml.getBytes(StandardCharsets.UTF_8), Map.of(), Instant.EPOCH))
        .interactions().get(0);
  }

  private static String mail(String messageId, String from, String threading, String text) {
    return "Message-ID: <" + messageId + ">\r\n" + threading + "Date: Sat, 14 Mar 2026 09:12:30 +0100\r\n"
        + "From: " + from + "\r\nTo: service@glasfaser-nord.de\r\nSubject: Bauarbeiten in Heide\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + text + "\r\n";
  }

  @Test
  void send_inTheThreadOfAColleagueWhoRepliedToAll_goesToTheColleague_notToTheRootMailsSender() throws Exception {
    try (EmailAdapter adapter = EmailAdapter.builder().smtpHost("127.0.0.1").smtpPort(GREEN_MAIL.getSmtp().getPort())
        .startTls(false).from("Glasfaser Nord Service <service@glasfaser-nord.de>").timeout(Duration.ofSeconds(5))
        .build()) {
      Interaction first = parse(adapter, mail("m1@mail.example.de", "anna.schulz@example.de", "", "Wann kommt ihr?"));
      Interaction colleague = parse(adapter, mail("m2@mail.example.de", "bernd.krause@example.de",
          "References: <m1@mail.example.de>\r\nIn-Reply-To: <m1@mail.example.de>\r\n", "Mich interessiert das auch."));
      assertThat(colleague.threadId()).isNotEqualTo(first.threadId());

      SendResult sent = adapter.send(OutboundMessage.pending(OutboundId.of("o-1"), null, ContactId.of("c-bernd"),
          ChannelId.EMAIL, colleague.threadId(), null, Visibility.PRIVATE, "Ihr Anschluss kommt im Mai.",
          "transactional", Instant.EPOCH));
      assertThat(sent).isInstanceOf(SendResult.Sent.class);

      MimeMessage out = GREEN_MAIL.getReceivedMessages()[0];
      assertThat(Arrays.stream(out.getRecipients(Message.RecipientType.TO)).map(Object::toString))
          .containsExactly("bernd.krause@example.de");
    }
  }
}
