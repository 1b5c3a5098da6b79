package io.scrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelConfig;
import io.scrm.channels.Channels;
import io.scrm.core.store.Stores;
import io.scrm.examples.demo.DemoScenario;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo answers Monika's data-protection request through the real e-mail adapter, over SMTP. */
final class DemoOnEmailAdapterTest {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @Test
  void demo_answerToTheMailedRequest_goesOutOverSmtpToTheSenderInHerThread() throws Exception {
    ChannelAdapter email = Channels.create("email", ChannelConfig.of(Map.of("smtp-host", "127.0.0.1",
        "smtp-port", Integer.toString(SMTP.getSmtp().getPort()), "smtp-starttls", "false",
        "from", "service@example.de")));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    try (email) {
      new DemoScenario(new PrintStream(bytes, true, StandardCharsets.UTF_8), Stores.inMemory(), List.of(email))
          .run();
    }

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("(sending on [email] through").contains("0 in the dead-letter list");
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).as("mail sent by the demo").isNotEmpty();
    MimeMessage answer = received[0];
    assertThat(answer.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
        .containsExactly("m.schulz@example.de");
    assertThat(answer.getHeader("In-Reply-To", null)).isEqualTo("<a7f3@mail.example.de>");
  }
}
