package io.scrm.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.channels.InboundDelivery;
import io.scrm.core.model.Interaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A sender's name whose umlaut's UTF-8 bytes are split across two encoded words (which RFC
 * 2047 6.3 forbids and mailers do, as the adapter already accepts in a subject) must be decoded
 * whole, not as two replacement characters.
 */
final class EmailSenderNameTest {
  private final EmailAdapter adapter = EmailAdapter.builder().smtpHost("localhost").smtpPort(2525)
      .from("Glasfaser Nord Service <service@glasfaser-nord.de>").build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private Interaction parse(String from) {
    String eml = "Message-ID: <m-1@mail.example.de>\r\nDate: Sat, 14 Mar 2026 09:12:30 +0100\r\n"
        + "From: " + from + "\r\nTo: service@glasfaser-nord.de\r\nSubject: =?UTF-8?Q?St=C3?= =?UTF-8?Q?=B6rung?=\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nImmer noch kein Internet.\r\n";
    return adapter.parse(InboundDelivery.of(eml.getBytes(StandardCharsets.US_ASCII), Map.of(), Instant.EPOCH))
        .interactions().get(0);
  }

  @Test
  void parse_aNameWithACharacterSplitAcrossTwoEncodedWords_isDecodedWhole() {
    Interaction i = parse("=?UTF-8?Q?J=C3?= =?UTF-8?Q?=BCrgen_M=C3=B6ller?= <juergen.moeller@example.de>");

    assertThat(i.text()).isEqualTo("Immer noch kein Internet.");
    assertThat(i.authorName()).isEqualTo("J\u00FCrgen M\u00F6ller");
  }

  @Test
  void parse_aNameInOneEncodedWord_staysAsItWas() {
    assertThat(parse("=?UTF-8?Q?J=C3=BCrgen_M=C3=B6ller?= <juergen.moeller@example.de>").authorName())
        .isEqualTo("J\u00FCrgen M\u00F6ller");
    assertThat(parse("\"M\u00F6ller, J\u00FCrgen\" <juergen.moeller@example.de>".replace("\u00F6", "oe")
        .replace("\u00FC", "ue")).authorName()).isEqualTo("Moeller, Juergen");
  }
}
