package io.scrm.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class InboundDeliveryTest {
  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

  @Test
  void headersAreFoundInAnyCase_andRepeatedNamesMerge() {
    InboundDelivery d = InboundDelivery.of("{}".getBytes(StandardCharsets.UTF_8),
        Map.of("X-Hub-Signature-256", List.of("sha256=ab"), "x-hub-signature-256", List.of("sha256=cd")), T0);

    assertThat(d.header("x-HUB-signature-256")).isPresent();
    assertThat(d.headers().get("X-HUB-SIGNATURE-256")).containsExactlyInAnyOrder("sha256=ab", "sha256=cd");
    assertThat(d.header("X-Telegram-Bot-Api-Secret-Token")).isEmpty();
  }

  @Test
  void bodyIsCopiedAndToStringShowsNoValues() {
    byte[] body = "Geheimer Text".getBytes(StandardCharsets.UTF_8);
    InboundDelivery d = InboundDelivery.of(body, Map.of("Authorization", List.of("Bearer token-123")), T0);
    body[0] = 'X';

    assertThat(d.bodyText()).isEqualTo("Geheimer Text");
    assertThat(d.toString()).contains("13 bytes").doesNotContain("Geheimer").doesNotContain("token-123");
  }

  @Test
  void bodyStream_readsTheBodyEachTime_andCopiesOfTheBodyDoNotReachIt() throws Exception {
    InboundDelivery d = InboundDelivery.of("Grüße".getBytes(StandardCharsets.UTF_8), Map.of(), T0);
    d.body()[0] = 'X';

    try (InputStream first = d.bodyStream(); InputStream second = d.bodyStream()) {
      assertThat(new String(first.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("Grüße");
      assertThat(second.readAllBytes()).isEqualTo("Grüße".getBytes(StandardCharsets.UTF_8));
    }
  }
}
