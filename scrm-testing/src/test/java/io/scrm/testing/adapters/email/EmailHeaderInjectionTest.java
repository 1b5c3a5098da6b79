package io.scrm.testing.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scrm.channels.SendResult;
import io.scrm.channels.email.EmailAdapter;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reply's In-Reply-To is written from the message's inReplyTo (or thread) as it is, with
 * {@code setHeader}, which folds nothing: a CR LF in it starts header fields of its own (RFC 5322
 * 2.2: a field ends at CRLF). The subject, set through {@code setSubject}, is folded safely.
 */
final class EmailHeaderInjectionTest {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP);

  @Test
  void send_aReferenceWithALineBreak_addsNoHeaderField() throws Exception {
    try (EmailAdapter adapter = EmailAdapter.builder().smtpHost("127.0.0.1")
        .smtpPort(GREEN_MAIL.getSmtp().getPort()).startTls(false)
        .from("Glasfaser Nord Service <service@glasfaser-nord.de>").timeout(Duration.ofSeconds(5))
        .replyAddresses(m -> Optional.of("kunde@example.de")).build()) {
      OutboundMessage reply = OutboundMessage.pending(OutboundId.of("o-1"), null, ContactId.of("c-1"),
          ChannelId.EMAIL, null, "m-1@mail.example.de>\r\nX-Injected: yes\r\nReply-To: <evil@evil.example",
          Visibility.PRIVATE, "Der Techniker kommt morgen.", "service-reply", Instant.EPOCH);

      assertThat(adapter.refusal(reply)).as("refused before it is queued").isEqualTo("inReplyTo is not a message id");
      // and at send time, for a message queued before: nothing reaches the server
      assertThat(adapter.send(reply)).isInstanceOfSatisfying(SendResult.PermanentFailure.class,
          f -> assertThat(f.reason()).isEqualTo("inReplyTo is not a message id"));
      assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();

      OutboundMessage onAThread = OutboundMessage.pending(OutboundId.of("o-2"), null, ContactId.of("c-1"),
          ChannelId.EMAIL, "m-1@mail.example.de>\r\nX-Injected: yes", null, Visibility.PRIVATE,
          "Der Techniker kommt morgen.", "service-reply", Instant.EPOCH);
      assertThat(adapter.refusal(onAThread)).isEqualTo("the thread's root is not a message id");
    }
  }
}
