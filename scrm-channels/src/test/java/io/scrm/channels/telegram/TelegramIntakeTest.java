package io.scrm.channels.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.scrm.channels.telegram.TelegramAdapterTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.Channels;
import io.scrm.channels.Intake;
import io.scrm.channels.PollStats;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.InteractionId;
import io.scrm.core.store.PollCursorStore;
import io.scrm.core.store.Stores;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Updates read with {@code getUpdates} through the intake. Telegram confirms an update only when a
 * later call passes a higher offset, so an update stored before a crash that kept the cursor from
 * being saved comes again, and is stored once.
 */
final class TelegramIntakeTest {
  private static final String TOKEN = "7301946652:AAH-token";
  private static final String UPDATES = "/bot" + TOKEN + "/getUpdates?timeout=0";
  private static final String EMPTY = "{\"ok\":true,\"result\":[]}";
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final TelegramAdapter adapter = TelegramAdapter.builder().baseUrl(WIRE.baseUrl()).token(TOKEN)
      .timeout(Duration.ofSeconds(30)).build();
  private final SocialCrm crm = SocialCrm.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
      .stores(Stores.inMemory()).build();
  private final PollCursorStore cursors = PollCursorStore.inMemory();
  private final AtomicBoolean cursorStoreDown = new AtomicBoolean();

  @AfterEach
  void close() {
    adapter.close();
  }

  /** The cursors, unable to save while {@link #cursorStoreDown} is set: a crash before the save. */
  private PollCursorStore flakyCursors() {
    return (PollCursorStore) Proxy.newProxyInstance(PollCursorStore.class.getClassLoader(),
        new Class<?>[] {PollCursorStore.class}, (p, m, args) -> {
          if (m.getName().equals("compareAndSet") && cursorStoreDown.get()) {
            throw new IllegalStateException("cursor store unavailable");
          }
          return m.invoke(cursors, args);
        });
  }

  private Intake intake() {
    return Intake.builder(crm, Channels.of(adapter)).cursors(flakyCursors())
        .poll(ChannelId.TELEGRAM, Duration.ofSeconds(1)).build();
  }

  @Test
  void anUpdateReadAgainBeforeItsOffsetWasSavedIsStoredOnce() {
    WIRE.stubFor(get(urlEqualTo(UPDATES)).willReturn(aResponse().withStatus(200).withBody(fixture("get-updates.json"))));
    try (Intake intake = intake()) {
      cursorStoreDown.set(true);
      PollStats crashed = intake.pollNow(ChannelId.TELEGRAM);
      assertThat(crashed.created()).isEqualTo(1);
      assertThat(crashed.failedPolls()).isEqualTo(1);
      assertThat(cursors.find(ChannelId.TELEGRAM)).isEmpty();

      cursorStoreDown.set(false);
      PollStats again = intake.pollNow(ChannelId.TELEGRAM);
      assertThat(again.duplicates()).isEqualTo(1);
      assertThat(again.created()).isZero();
      assertThat(again.skipped()).as("the service message, skipped each time").isEqualTo(1);
      assertThat(cursors.find(ChannelId.TELEGRAM)).contains("731840582");
    }
    WIRE.verify(2, getRequestedFor(urlEqualTo(UPDATES)));
    // the updates are confirmed to Telegram only by the next round's call, with the saved offset
    WIRE.verify(0, getRequestedFor(urlEqualTo(UPDATES + "&offset=731840582")));
    assertThat(crm.stores().interactions().count()).isEqualTo(1);
  }

  @Test
  void aWebhookInTheWayOrARateLimitPutsTheChannelOffAsTelegramAsks() {
    WIRE.stubFor(get(urlEqualTo(UPDATES)).willReturn(aResponse().withStatus(409).withBody("{\"ok\":false,"
        + "\"error_code\":409,\"description\":\"Conflict: can't use getUpdates method while webhook is active; "
        + "use deleteWebhook to delete the webhook first\"}")));
    try (Intake intake = intake()) {
      assertThat(intake.pollDue().failedPolls()).isEqualTo(1);
      assertThat(intake.nextPoll(ChannelId.TELEGRAM)).contains(NOW.plusSeconds(1));

      WIRE.stubFor(get(urlEqualTo(UPDATES)).willReturn(aResponse().withStatus(429).withBody("{\"ok\":false,"
          + "\"error_code\":429,\"description\":\"Too Many Requests: retry after 12\","
          + "\"parameters\":{\"retry_after\":12}}")));
      assertThat(intake.pollNow(ChannelId.TELEGRAM).failedPolls()).isEqualTo(1);
      assertThat(intake.nextPoll(ChannelId.TELEGRAM)).as("Telegram's retry_after").contains(NOW.plusSeconds(12));
      assertThat(cursors.find(ChannelId.TELEGRAM)).isEmpty();
    }
  }

  @Test
  void aFullBatchOfAHundredUpdatesIsFollowedAtOnceByTheNext() {
    StringBuilder full = new StringBuilder("{\"ok\":true,\"result\":[");
    for (int u = 1; u <= 100; u++) {
      full.append(u > 1 ? "," : "").append("{\"update_id\":").append(u).append(",\"message\":{\"message_id\":")
          .append(u).append(",\"date\":1772442000,\"chat\":{\"id\":").append(5000 + u)
          .append(",\"type\":\"private\"},\"from\":{\"id\":").append(5000 + u)
          .append(",\"first_name\":\"Kundin\"},\"text\":\"Frage ").append(u).append("\"}}");
    }
    WIRE.stubFor(get(urlEqualTo(UPDATES)).willReturn(aResponse().withStatus(200).withBody(full.append("]}").toString())));
    WIRE.stubFor(get(urlEqualTo(UPDATES + "&offset=101")).willReturn(aResponse().withStatus(200).withBody(EMPTY)));
    try (Intake intake = intake()) {
      PollStats round = intake.pollDue();
      assertThat(round.created()).isEqualTo(100);
      assertThat(round.polls()).isEqualTo(2);
      assertThat(cursors.find(ChannelId.TELEGRAM)).contains("101");
    }
  }

  /**
   * A customer deletes a message of a business chat: the poll that brings the deletion marks the
   * stored message before the cursor moves, and counts it.
   */
  @Test
  void aDeletedBusinessMessageIsMarkedByThePollThatBringsIt() {
    String message = "{\"update_id\":731840800,\"business_message\":{"
        + "\"business_connection_id\":\"Qk1AAV3yTS0fAAAAaGVsbG8\",\"message_id\":320,"
        + "\"from\":{\"id\":5512093377,\"is_bot\":false,\"first_name\":\"Britta\"},"
        + "\"chat\":{\"id\":5512093377,\"first_name\":\"Britta\",\"type\":\"private\"},\"date\":1773484300,"
        + "\"text\":\"Vergessen Sie meine Telefonnummer 0151 2345678 bitte wieder.\"}}";
    String deletion = "{\"update_id\":731840801,\"deleted_business_messages\":{\"business_connection_id\":"
        + "\"Qk1AAV3yTS0fAAAAaGVsbG8\",\"chat\":{\"id\":5512093377,\"type\":\"private\"},\"message_ids\":[320]}}";
    WIRE.stubFor(get(urlEqualTo(UPDATES)).willReturn(aResponse().withStatus(200)
        .withBody("{\"ok\":true,\"result\":[" + message + "," + deletion + "]}")));
    try (Intake intake = intake()) {
      PollStats round = intake.pollNow(ChannelId.TELEGRAM);

      assertThat(round.created()).isEqualTo(1);
      assertThat(round.deleted()).isEqualTo(1);
      assertThat(crm.stores().interactions().find(InteractionId.of(ChannelId.TELEGRAM,
          "5512093377@Qk1AAV3yTS0fAAAAaGVsbG8:320")).orElseThrow().deletedAt()).as("when the adapter heard it")
          .isNotNull();
      assertThat(cursors.find(ChannelId.TELEGRAM)).contains("731840802");
    }
  }
}
