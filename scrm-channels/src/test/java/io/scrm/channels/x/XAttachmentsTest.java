package io.scrm.channels.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.PollResult;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.Interaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A photo of the router's lights, sent as a post or a direct message, reaches the agent as an attachment. */
final class XAttachmentsTest {
  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final XAdapter adapter = XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("x-token").userId("1234567")
      .directMessages(true).clock(Clock.fixed(Instant.parse("2026-03-14T10:30:00Z"), ZoneOffset.UTC))
      .timeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private static final String USERS = "\"users\":[{\"id\":\"98765432\",\"name\":\"Sabine Petersen\","
      + "\"username\":\"bine_baut\"}]";

  @Test
  void poll_postAndDirectMessageWithAPhoto_carryItAsAttachment() {
    WIRE.stubFor(get(urlPathEqualTo("/2/users/1234567/mentions")).willReturn(aResponse().withStatus(200).withBody(
        "{\"data\":[{\"id\":\"1900447829118746625\",\"text\":\"@GlasfaserNord Die PON-LED blinkt rot "
            + "https://t.co/Ab12Cd34Ef\",\"author_id\":\"98765432\",\"conversation_id\":\"1900447829118746625\","
            + "\"created_at\":\"2026-03-14T09:41:02.000Z\",\"edit_history_tweet_ids\":[\"1900447829118746625\"],"
            + "\"attachments\":{\"media_keys\":[\"3_1900447820000000001\"]}}],"
            + "\"includes\":{" + USERS + ",\"media\":[{\"media_key\":\"3_1900447820000000001\",\"type\":\"photo\","
            + "\"url\":\"https://pbs.twimg.com/media/GlasfaserLed1.jpg\"}]},\"meta\":{\"result_count\":1}}")));
    WIRE.stubFor(get(urlPathEqualTo("/2/dm_events")).willReturn(aResponse().withStatus(200).withBody(
        "{\"data\":[{\"id\":\"1900460000000000300\",\"event_type\":\"MessageCreate\","
            + "\"text\":\"So sieht der Router aus https://t.co/Zy98Xw76Vu\",\"sender_id\":\"98765432\","
            + "\"dm_conversation_id\":\"1234567-98765432\",\"created_at\":\"2026-03-14T10:21:00.000Z\","
            + "\"attachments\":{\"media_keys\":[\"3_1900460000000000299\"]}},"
            + "{\"id\":\"1900460000000000100\",\"event_type\":\"MessageCreate\",\"text\":\"Hallo\","
            + "\"sender_id\":\"98765432\",\"dm_conversation_id\":\"1234567-98765432\","
            + "\"created_at\":\"2026-03-14T09:35:00.000Z\"}],"
            + "\"includes\":{" + USERS + ",\"media\":[{\"media_key\":\"3_1900460000000000299\",\"type\":\"photo\","
            + "\"url\":\"https://ton.x.com/1.1/ton/data/dm/1900460000000000300/1900460000000000299/Router.jpg\"}]},"
            + "\"meta\":{\"result_count\":2}}")));

    PollResult result = adapter.poll("1900400000000000000:1900460000000000100");

    assertThat(result.interactions()).extracting(Interaction::attachments).containsExactly(
        List.of(new Attachment("photo", "https://pbs.twimg.com/media/GlasfaserLed1.jpg", null, null)),
        List.of(new Attachment("photo",
            "https://ton.x.com/1.1/ton/data/dm/1900460000000000300/1900460000000000299/Router.jpg", null, null)));
    WIRE.verify(getRequestedFor(urlPathEqualTo("/2/users/1234567/mentions"))
        .withQueryParam("expansions", containing("attachments.media_keys")));
    WIRE.verify(getRequestedFor(urlPathEqualTo("/2/dm_events"))
        .withQueryParam("expansions", containing("attachments.media_keys"))
        .withQueryParam("dm_event.fields", containing("attachments")));
  }
}
