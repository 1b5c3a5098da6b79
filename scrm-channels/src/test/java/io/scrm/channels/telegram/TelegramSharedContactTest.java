package io.scrm.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.core.model.Attachment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A customer who shares a contact (their own, to be called back) writes to the company too. */
final class TelegramSharedContactTest {
  private static final String SECRET = "s3cr3t";

  private final TelegramAdapter adapter = TelegramAdapter.builder().baseUrl("http://127.0.0.1:9").token("1:t")
      .secretToken(SECRET).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private ParsedDelivery parse(String content) {
    String update = "{\"update_id\":734102250,\"message\":{\"message_id\":5150,"
        + "\"from\":{\"id\":511223344,\"is_bot\":false,\"first_name\":\"Jana\"},"
        + "\"chat\":{\"id\":511223344,\"first_name\":\"Jana\",\"type\":\"private\"},\"date\":1773480100,"
        + content + "}}";
    return adapter.parse(InboundDelivery.of(update.getBytes(StandardCharsets.UTF_8),
        Map.of(TelegramAdapter.SECRET_HEADER, List.of(SECRET)), Instant.EPOCH));
  }

  @Test
  void sharedContact_isAMessageWithTheNumberAsTelUriAndTheNameAsText() {
    ParsedDelivery parsed = parse("\"contact\":{\"phone_number\":\"+49 151 23456789\",\"first_name\":\"Jana\","
        + "\"last_name\":\"Krüger\",\"user_id\":511223344}");

    assertThat(parsed.skipped()).isEmpty();
    assertThat(parsed.interactions()).singleElement().satisfies(i -> {
      assertThat(i.text()).isEqualTo("Jana Krüger");
      assertThat(i.attachments()).containsExactly(new Attachment("contact", "tel:+4915123456789", null, null));
    });
  }

  @Test
  void contactWithoutANumber_isRefusedNamingTheField_withoutQuotingIt() {
    assertThatThrownBy(() -> parse("\"contact\":{\"phone_number\":\"ruf mich an\",\"first_name\":\"Jana\"}"))
        .isInstanceOf(DeliveryRejectedException.class).hasMessageContaining("'phone_number'")
        .hasMessageNotContaining("ruf mich an");
  }
}
