package io.scrm.channels.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.Channels;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.SendResult;
import io.scrm.core.SendRefusedException;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Telegram Business chat end to end through the adapter: what is read, where the reply goes. */
final class TelegramBusinessChatTest {
  private static final String TOKEN = "7301946652:AAH-token";
  private static final String CONNECTION = "Qk1AAV3yTS0fAAAAaGVsbG8";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Test
  void businessMessageMarkedAsInATopic_staysInTheChatAndTheReplyGoesOutOnTheBusinesssBehalf() {
    try (TelegramAdapter adapter = TelegramAdapter.builder().baseUrl(WIRE.baseUrl()).token(TOKEN)
        .secretToken("s").timeout(Duration.ofSeconds(30)).build()) {
      String update = "{\"update_id\":1,\"business_message\":{\"business_connection_id\":\"" + CONNECTION + "\","
          + "\"message_id\":318,\"message_thread_id\":7,\"is_topic_message\":true,"
          + "\"from\":{\"id\":5512093377,\"is_bot\":false,\"first_name\":\"Britta\"},"
          + "\"chat\":{\"id\":5512093377,\"type\":\"private\"},\"date\":1773484200,\"text\":\"Hallo\"}}";
      Interaction in = adapter.parse(InboundDelivery.of(update.getBytes(StandardCharsets.UTF_8),
          Map.of(TelegramAdapter.SECRET_HEADER, List.of("s")), Instant.EPOCH)).interactions().get(0);
      assertThat(in.threadId()).isEqualTo("5512093377@" + CONNECTION);

      WIRE.stubFor(post(urlEqualTo("/bot" + TOKEN + "/sendMessage")).willReturn(aResponse().withStatus(200)
          .withBody("{\"ok\":true,\"result\":{\"message_id\":323,\"chat\":{\"id\":5512093377,\"type\":\"private\"},"
              + "\"date\":1773485000,\"text\":\"ok\"}}")));
      SendResult result = adapter.send(OutboundMessage.pending(OutboundId.of("o-1"), null, ContactId.of("c"),
          ChannelId.TELEGRAM, in.threadId(), in.externalId(), Visibility.PRIVATE, "Gern.", "service-reply",
          Instant.EPOCH));

      assertThat(result).isInstanceOfSatisfying(SendResult.Sent.class,
          sent -> assertThat(sent.providerId()).isEqualTo("5512093377@" + CONNECTION + ":323"));
      WIRE.verify(postRequestedFor(urlEqualTo("/bot" + TOKEN + "/sendMessage")).withRequestBody(equalToJson(
          "{\"business_connection_id\":\"" + CONNECTION + "\",\"chat_id\":5512093377,\"text\":\"Gern.\","
              + "\"reply_parameters\":{\"message_id\":318,\"allow_sending_without_reply\":true}}")));
    }
  }

  @Test
  void replyInABusinessChat_isRefusedBeforeQueueingOnce24HoursHavePassed_whileTheBotsOwnChatHasNoWindow() {
    Instant now = Instant.parse("2026-03-15T12:00:00Z");
    try (TelegramAdapter adapter = TelegramAdapter.builder().baseUrl(WIRE.baseUrl()).token(TOKEN).build()) {
      var check = Channels.of(adapter).sendCheck(Clock.fixed(now, ZoneOffset.UTC));
      OutboundMessage business = reply("5512093377@" + CONNECTION);
      OutboundMessage ownChat = reply("5512093377");

      assertThat(adapter.replyWindow(business)).isEqualTo(Duration.ofHours(24));
      check.check(business, now.minus(Duration.ofHours(23).plusMinutes(59)));
      assertThatThrownBy(() -> check.check(business, now.minus(Duration.ofHours(24).plusSeconds(1))))
          .isInstanceOf(SendRefusedException.class).hasMessageContaining("reply window of PT24H");
      assertThatThrownBy(() -> check.check(business, null)).isInstanceOf(SendRefusedException.class);

      assertThat(adapter.replyWindow(ownChat)).isNull();
      check.check(ownChat, now.minus(Duration.ofDays(30)));
      check.check(ownChat, null);
    }
  }

  private static OutboundMessage reply(String thread) {
    return OutboundMessage.pending(OutboundId.of("o-" + thread.length()), null, ContactId.of("c"), ChannelId.TELEGRAM,
        thread, null, Visibility.PRIVATE, "Wir sind noch dran.", "service-reply", Instant.EPOCH);
  }
}
