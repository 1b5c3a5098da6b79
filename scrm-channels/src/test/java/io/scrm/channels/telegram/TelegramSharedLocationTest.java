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

/**
 * A customer who shares a location (where the outage is) or a venue writes to the company as much as
 * one who types it: the message reaches the history, whatever form the location takes there.
 */
final class TelegramSharedLocationTest {
  private static final String SECRET = "s3cr3t";

  private final TelegramAdapter adapter = TelegramAdapter.builder().baseUrl("http://127.0.0.1:9").token("1:t")
      .secretToken(SECRET).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private ParsedDelivery parse(String content) {
    String update = "{\"update_id\":734102240,\"message\":{\"message_id\":5140,"
        + "\"from\":{\"id\":511223344,\"is_bot\":false,\"first_name\":\"Jana\"},"
        + "\"chat\":{\"id\":511223344,\"first_name\":\"Jana\",\"type\":\"private\"},\"date\":1773480000,"
        + content + "}}";
    return adapter.parse(InboundDelivery.of(update.getBytes(StandardCharsets.UTF_8),
        Map.of(TelegramAdapter.SECRET_HEADER, List.of(SECRET)), Instant.EPOCH));
  }

  @Test
  void sharedLocation_isAMessageOfTheCustomer() {
    ParsedDelivery parsed = parse("\"location\":{\"latitude\":54.316583,\"longitude\":10.155172}");

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
    assertThatThrownBy(() -> parse("\"location\":{\"latitude\":91.5,\"longitude\":10.155172}"))
        .isInstanceOf(DeliveryRejectedException.class).hasMessageContaining("'latitude'");
    assertThatThrownBy(() -> parse("\"location\":{\"latitude\":54.3,\"longitude\":\"zehn\"}"))
        .isInstanceOf(DeliveryRejectedException.class).hasMessageContaining("'longitude'");
  }

  @Test
  void sharedVenue_isAMessageOfTheCustomer() {
    ParsedDelivery parsed = parse("\"location\":{\"latitude\":54.316583,\"longitude\":10.155172},"
        + "\"venue\":{\"location\":{\"latitude\":54.316583,\"longitude\":10.155172},"
        + "\"title\":\"Verteilerkasten Karlstraße\",\"address\":\"Karlstraße 12, 24143 Kiel\"}");

    assertThat(parsed.skipped()).as("notes").isEmpty();
    assertThat(parsed.interactions()).singleElement().satisfies(i -> {
      assertThat(i.text()).isEqualTo("Verteilerkasten Karlstraße, Karlstraße 12, 24143 Kiel");
      assertThat(i.attachments()).containsExactly(new Attachment("location", "geo:54.316583,10.155172", null, null));
    });
  }
}
