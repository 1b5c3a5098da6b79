package io.scrm.channels.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.Channels;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.OutboxDispatcher;
import io.scrm.channels.PollResult;
import io.scrm.channels.SendResult;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Everyone who answers one post shares its {@code conversation_id}: the brand's announcement of an
 * outage collects the replies of many customers. Each customer is a conversation of their own there,
 * so one customer's messages never join another's case and an answer reaches the customer it is for.
 */
final class XConversationThreadsTest {
  private static final Instant NOW = Instant.parse("2026-03-14T10:30:00Z");
  private static final String ANNOUNCEMENT = "1900500000000000000";
  private static final String SABINES_TWEET = "1900500000000000101";
  private static final String MALTES_TWEET = "1900500000000000202";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final XAdapter adapter = XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("x-token").userId("1234567")
      .clock(clock).timeout(Duration.ofSeconds(30)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private static String reply(String id, String author, String text, String at) {
    return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"author_id\":\"" + author + "\","
        + "\"conversation_id\":\"" + ANNOUNCEMENT + "\",\"created_at\":\"" + at + "\","
        + "\"referenced_tweets\":[{\"type\":\"replied_to\",\"id\":\"" + ANNOUNCEMENT + "\"}],"
        + "\"edit_history_tweet_ids\":[\"" + id + "\"],\"lang\":\"de\"}";
  }

  /** Two customers answer the brand's announcement, newest first as X lists them. */
  private static final String PAGE = "{\"data\":["
      + reply(MALTES_TWEET, "1456789012345678901", "@GlasfaserNord Bei uns in Niebüll auch, seit 7 Uhr tot.",
          "2026-03-14T09:20:00.000Z") + ","
      + reply(SABINES_TWEET, "98765432", "@GlasfaserNord Husum-Nord ist auch betroffen, Vertrag GN-2024-118842.",
          "2026-03-14T09:10:00.000Z") + "],"
      + "\"includes\":{\"users\":[{\"id\":\"98765432\",\"name\":\"Sabine Petersen\",\"username\":\"bine_baut\"},"
      + "{\"id\":\"1456789012345678901\",\"name\":\"Malte Jensen\",\"username\":\"maltej\"}]},"
      + "\"meta\":{\"result_count\":2,\"newest_id\":\"" + MALTES_TWEET + "\",\"oldest_id\":\"" + SABINES_TWEET + "\"}}";

  @Test
  void parse_twoCustomersAnsweringOnePost_areTwoThreads() {
    List<Interaction> list = adapter.parse(InboundDelivery.ofText(PAGE, Instant.EPOCH)).interactions();

    assertThat(list).extracting(Interaction::threadId).doesNotHaveDuplicates();
  }

  @Test
  void conversation_twoCustomersAnsweringTheAnnouncement_getACaseEachAndTheAnswerReachesTheFirst() {
    WIRE.stubFor(get(urlPathEqualTo("/2/users/1234567/mentions")).willReturn(aResponse().withStatus(200)
        .withBody(PAGE)));
    WIRE.stubFor(post(urlPathEqualTo("/2/tweets")).willReturn(aResponse().withStatus(201)
        .withBody("{\"data\":{\"id\":\"1900500000000000303\",\"text\":\"@bine_baut Wir sind dran.\"}}")));
    Channels channels = Channels.of(adapter);
    SocialCrm crm = SocialCrm.builder().clock(clock).sendCheck(channels.sendCheck(clock))
        .consentPolicy(q -> ConsentDecision.allow("contract", "Art. 6(1)(b)")).build();

    PollResult polled = adapter.poll("1900400000000000000");
    List<IngestResult> ingested = new ArrayList<>();
    for (Interaction i : polled.interactions()) {
      ingested.add(crm.ingest(i));
    }
    assertThat(ingested).extracting(IngestResult::caseId).doesNotHaveDuplicates();

    // the agent answers Sabine, whose case opened first
    crm.reply(ingested.get(0).caseId(), Actor.agent("anna"), "Danke, die Technik ist in Husum-Nord unterwegs.");
    try (OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).build()) {
      assertThat(dispatcher.drain().sent()).isEqualTo(1);
    }

    WIRE.verify(postRequestedFor(urlPathEqualTo("/2/tweets")).withRequestBody(equalToJson(
        "{\"text\":\"Danke, die Technik ist in Husum-Nord unterwegs.\","
            + "\"reply\":{\"in_reply_to_tweet_id\":\"" + SABINES_TWEET + "\"}}")));
  }

  /** Without a message to answer, a public message goes to the conversation its thread names. */
  @Test
  void send_publicMessageWithoutAMessageToAnswer_answersTheConversationOfItsThread() {
    WIRE.stubFor(post(urlPathEqualTo("/2/tweets")).willReturn(aResponse().withStatus(201)
        .withBody("{\"data\":{\"id\":\"1900500000000000404\",\"text\":\"Update\"}}")));

    SendResult result = adapter.send(OutboundMessage.pending(OutboundId.of("out-7"), null, ContactId.of("c-1"),
        ChannelId.X, ANNOUNCEMENT + "/98765432", null, Visibility.PUBLIC, "Die Störung ist behoben.", "service-reply",
        NOW));

    assertThat(result).isEqualTo(SendResult.sent("1900500000000000404", NOW));
    WIRE.verify(postRequestedFor(urlPathEqualTo("/2/tweets")).withRequestBody(equalToJson(
        "{\"text\":\"Die Störung ist behoben.\",\"reply\":{\"in_reply_to_tweet_id\":\"" + ANNOUNCEMENT + "\"}}")));
  }
}
