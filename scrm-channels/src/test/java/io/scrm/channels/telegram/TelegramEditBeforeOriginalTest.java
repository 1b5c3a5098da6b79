package io.scrm.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.channels.InboundDelivery;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.store.Stores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reordered webhook deliveries (Telegram sends over up to 40 connections and retries failed ones):
 * the edit of a message can be heard before the message itself. The thread must still list the
 * messages in the order they were written.
 */
final class TelegramEditBeforeOriginalTest {
  private final TelegramAdapter adapter = TelegramAdapter.builder().baseUrl("http://127.0.0.1:9").token("1:t").build();
  private final SocialCrm crm = SocialCrm.builder().clock(Clock.fixed(Instant.parse("2026-03-14T10:00:00Z"),
      ZoneOffset.UTC)).stores(Stores.inMemory()).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private static String update(long updateId, String kind, int messageId, long date, String extra, String text) {
    return "{\"update_id\":" + updateId + ",\"" + kind + "\":{\"message_id\":" + messageId
        + ",\"from\":{\"id\":511223344,\"is_bot\":false,\"first_name\":\"Jana\"},"
        + "\"chat\":{\"id\":511223344,\"first_name\":\"Jana\",\"type\":\"private\"},\"date\":" + date + extra
        + ",\"text\":\"" + text + "\"}}";
  }

  private void hear(String body) {
    for (Interaction i : adapter.parse(InboundDelivery.ofText(body, Instant.EPOCH)).interactions()) {
      crm.ingest(i);
    }
  }

  @Test
  void anEditHeardBeforeItsMessage_keepsTheMessageAtTheTimeItWasWritten() {
    String original = update(1, "message", 88, 1773479700, "", "Rooter blinkt rot");
    String next = update(2, "message", 89, 1773479760, "", "Hallo?");
    String edit = update(3, "edited_message", 88, 1773479700, ",\"edit_date\":1773479820", "Router blinkt rot");

    hear(edit); // the delivery of the message failed and is retried later
    hear(next);
    hear(original);

    assertThat(crm.stores().interactions().findByThread(ChannelId.TELEGRAM, "511223344"))
        .extracting(Interaction::externalId).containsExactly("511223344:88", "511223344:89");
  }
}
