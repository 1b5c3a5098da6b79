package io.scrm.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.Interaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Messages without text are messages too: a customer who shares a location (where the outage is), a
 * venue or a contact (their own, to be called back) writes to the company as much as one who types
 * it. A sticker names no media type: a static one is WEBP, an animated one ({@code is_animated}) TGS
 * and a video sticker ({@code is_video}) WEBM, and its attachment says which.
 */
final class TelegramMessagesWithoutTextTest {
  private static final String SECRET = "s3cr3t";

  private final TelegramAdapter adapter = TelegramAdapter.builder().baseUrl("http://127.0.0.1:9").token("1:t")
      .secretToken(SECRET).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  /** A private message of Jana's whose content (after chat and date) is the given members. */
  private ParsedDelivery message(String content) {
    String update = "{\"update_id\":734102240,\"message\":{\"message_id\":5140,"
        + "\"from\":{\"id\":511223344,\"is_bot\":false,\"first_name\":\"Jana\"},"
        + "\"chat\":{\"id\":511223344,\"first_name\":\"Jana\",\"type\":\"private\"},\"date\":1773480000,"
        + content + "}}";
    return adapter.parse(InboundDelivery.of(update.getBytes(StandardCharsets.UTF_8),
        Map.of(TelegramAdapter.SECRET_HEADER, List.of(SECRET)), Instant.EPOCH));
  }

  private Interaction sticker(String flags) {
    return message("\"sticker\":{\"file_id\":\"CAACAgIAAxkBAAIUC2Sticker\",\"file_unique_id\":\"AgADsticker\","
        + "\"type\":\"regular\",\"width\":512,\"height\":512," + flags + "\"emoji\":\"\uD83D\uDE21\","
        + "\"file_size\":31250}").interactions().get(0);
  }

  @Test
  void sharedLocation_isAMessageOfTheCustomer() {
    ParsedDelivery parsed = message("\"location\":{\"latitude\":54.316583,\"longitude\":10.155172}");

    assertThat(parsed.skipped()).as("notes").isEmpty();
    assertThat(parsed.interactions()).singleElement().satisfies(i -> {
      assertThat(i.externalId()).isEqualTo("511223344:5140");
      assertThat(i.text()).isEmpty();
      // RFC 5870, the coordinates digit for digit
      assertThat(i.attachments()).containsExactly(new Attachment("location", "geo:54.316583,10.155172", null, null));
    });
  }

  @Test
  void locationOutOfRange_isRefusedNamingTheCoordinate() {
    assertThatThrownBy(() -> message("\"location\":{\"latitude\":91.5,\"longitude\":10.155172}"))
        .isInstanceOf(DeliveryRejectedException.class).hasMessageContaining("'latitude'");
    assertThatThrownBy(() -> message("\"location\":{\"latitude\":54.3,\"longitude\":\"zehn\"}"))
        .isInstanceOf(DeliveryRejectedException.class).hasMessageContaining("'longitude'");
    // a few characters of JSON whose plain form would be a billion digits
    assertThatThrownBy(() -> message("\"location\":{\"latitude\":1e-999999999,\"longitude\":10.155172}"))
        .isInstanceOf(DeliveryRejectedException.class).hasMessageContaining("'latitude' has more decimals");
  }

  @Test
  void sharedVenue_isAMessageOfTheCustomer() {
    ParsedDelivery parsed = message("\"location\":{\"latitude\":54.316583,\"longitude\":10.155172},"
        + "\"venue\":{\"location\":{\"latitude\":54.316583,\"longitude\":10.155172},"
        + "\"title\":\"Verteilerkasten Karlstraße\",\"address\":\"Karlstraße 12, 24143 Kiel\"}");

    assertThat(parsed.skipped()).as("notes").isEmpty();
    assertThat(parsed.interactions()).singleElement().satisfies(i -> {
      assertThat(i.text()).isEqualTo("Verteilerkasten Karlstraße, Karlstraße 12, 24143 Kiel");
      assertThat(i.attachments()).containsExactly(new Attachment("location", "geo:54.316583,10.155172", null, null));
    });
  }

  @Test
  void sharedContact_isAMessageWithTheNumberAsTelUriAndTheNameAsText() {
    ParsedDelivery parsed = message("\"contact\":{\"phone_number\":\"+49 151 23456789\",\"first_name\":\"Jana\","
        + "\"last_name\":\"Krüger\",\"user_id\":511223344}");

    assertThat(parsed.skipped()).isEmpty();
    assertThat(parsed.interactions()).singleElement().satisfies(i -> {
      assertThat(i.text()).isEqualTo("Jana Krüger");
      assertThat(i.attachments()).containsExactly(new Attachment("contact", "tel:+4915123456789", null, null));
    });
  }

  @Test
  void sharedContact_numberWrittenWithDashesAndBrackets_keepsItsDigits() {
    ParsedDelivery parsed = message("\"contact\":{\"phone_number\":\"(0431) 123-45.67/8\",\"first_name\":\"Jana\"}");

    assertThat(parsed.interactions()).singleElement().satisfies(i -> assertThat(i.attachments())
        .containsExactly(new Attachment("contact", "tel:043112345678", null, null)));
  }

  @Test
  void contactWithoutANumber_isRefusedNamingTheField_withoutQuotingIt() {
    assertThatThrownBy(() -> message("\"contact\":{\"phone_number\":\"ruf mich an\",\"first_name\":\"Jana\"}"))
        .isInstanceOf(DeliveryRejectedException.class).hasMessageContaining("'phone_number'")
        .hasMessageNotContaining("ruf mich an");
  }

  @Test
  void staticSticker_isWebp() {
    assertThat(sticker("\"is_animated\":false,\"is_video\":false,").attachments())
        .containsExactly(new Attachment("sticker", "CAACAgIAAxkBAAIUC2Sticker", "image/webp", 31250L));
  }

  @Test
  void animatedSticker_isTgs() {
    assertThat(sticker("\"is_animated\":true,\"is_video\":false,").attachments())
        .containsExactly(new Attachment("sticker", "CAACAgIAAxkBAAIUC2Sticker", "application/x-tgsticker", 31250L));
  }

  @Test
  void videoSticker_isWebm() {
    assertThat(sticker("\"is_animated\":false,\"is_video\":true,").attachments())
        .containsExactly(new Attachment("sticker", "CAACAgIAAxkBAAIUC2Sticker", "video/webm", 31250L));
  }
}
