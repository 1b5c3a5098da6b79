package io.scrm.testing.adapters.mastodon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.scrm.channels.Channels;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.OutboxDispatcher;
import io.scrm.channels.mastodon.MastodonAdapter;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Interaction;
import io.scrm.core.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Mastodon conversation end to end: mention notifications parsed by the adapter, the engine's
 * case, replies sent through the outbox dispatcher to a mock instance. On Mastodon a reply's thread
 * is the status it answers, so the customer's answer to the brand's reply arrives in another thread.
 */
final class MastodonConversationTest {
  private static final Instant NOW = Instant.parse("2026-03-14T10:30:00Z");
  private static final String SEND = "/api/v1/statuses";
  private static final String KATHRIN = "109100000000000001";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final MastodonAdapter adapter = MastodonAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("tok-123")
      .clock(clock).timeout(Duration.ofSeconds(2)).build();
  private final Channels channels = Channels.of(adapter);
  private final SocialCrm crm = SocialCrm.builder().clock(clock).stores(Stores.inMemory())
      .sendCheck(channels.sendCheck(clock)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  /** A mention notification as {@code GET /api/v1/notifications} returns it. */
  private static String mention(String notification, String status, @Nullable String answers, String accountId,
      String acct, String html) {
    String reply = answers == null ? "null" : "\"" + answers + "\"";
    String replyAccount = answers == null ? "null" : "\"110000000000000001\"";
    return "{\"id\":\"" + notification + "\",\"type\":\"mention\",\"created_at\":\"2026-03-14T10:02:10.000Z\","
        + "\"account\":{\"id\":\"" + accountId + "\",\"username\":\"" + acct.split("@")[0]
        + "\",\"acct\":\"" + acct + "\",\"display_name\":\"\"},"
        + "\"status\":{\"id\":\"" + status + "\",\"created_at\":\"2026-03-14T10:02:10.000Z\","
        + "\"in_reply_to_id\":" + reply + ",\"in_reply_to_account_id\":" + replyAccount + ","
        + "\"sensitive\":false,\"spoiler_text\":\"\",\"visibility\":\"public\",\"language\":\"de\","
        + "\"content\":\"" + html + "\",\"media_attachments\":[],\"edited_at\":null,"
        + "\"account\":{\"id\":\"" + accountId + "\",\"username\":\"" + acct.split("@")[0]
        + "\",\"acct\":\"" + acct + "\",\"display_name\":\"\"}}}";
  }

  private Interaction parse(String body) {
    return adapter.parse(InboundDelivery.ofText(body, NOW)).interactions().get(0);
  }

  private static void instanceAnswersWithStatusIds(String first, String second) {
    String scenario = "sent statuses";
    WIRE.stubFor(post(urlEqualTo(SEND)).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
        .willReturn(status(first)).willSetStateTo("second"));
    WIRE.stubFor(post(urlEqualTo(SEND)).inScenario(scenario).whenScenarioStateIs("second")
        .willReturn(status(second)));
  }

  private static ResponseDefinitionBuilder status(String id) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody("{\"id\":\"" + id + "\",\"created_at\":\"2026-03-14T10:40:00.000Z\",\"visibility\":\"public\","
            + "\"content\":\"<p>ok</p>\",\"account\":{\"id\":\"110000000000000001\",\"username\":\"support\","
            + "\"acct\":\"support\"}}");
  }

  @Test
  void customerAnswersTheBrandsReply_oneCase_andTheNextReplyAnswersTheCustomersLatestStatus() {
    instanceAnswersWithStatusIds("113447400000000042", "113447600000000099");
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).build();

    IngestResult mention = crm.ingest(parse(mention("900001", "113447239187771234", null, KATHRIN,
        "kathrin@norden.social", "<p>@support Seit 8 Uhr kein Internet in Heide.</p>")));
    crm.reply(mention.caseId(), Actor.agent("agent-3"), "@kathrin@norden.social Wir prüfen die Störung.");
    assertThat(dispatcher.drain().sent()).isEqualTo(1);

    IngestResult answer = crm.ingest(parse(mention("900002", "113447500000000077", "113447400000000042", KATHRIN,
        "kathrin@norden.social", "<p>@support Danke, Router ist neu gestartet, weiterhin nichts.</p>")));
    IngestResult bystander = crm.ingest(parse(mention("900003", "113447500000000088", "113447400000000042",
        "109200000000000002", "jonas@chaos.social", "<p>@support Bei mir in Heide auch!</p>")));
    crm.reply(answer.caseId(), Actor.agent("agent-3"), "@kathrin@norden.social Ein Techniker ist unterwegs.");
    assertThat(dispatcher.drain().sent()).isEqualTo(1);

    assertThat(answer.caseId()).isEqualTo(mention.caseId());
    assertThat(bystander.caseId()).isNotEqualTo(mention.caseId());
    assertThat(crm.findCase(mention.caseId()).orElseThrow().interactions()).hasSize(4); // 2 in, 2 out
    WIRE.verify(1, postRequestedFor(urlEqualTo(SEND))
        .withRequestBody(matchingJsonPath("$.in_reply_to_id", equalTo("113447239187771234"))));
    WIRE.verify(1, postRequestedFor(urlEqualTo(SEND))
        .withRequestBody(matchingJsonPath("$.in_reply_to_id", equalTo("113447500000000077")))
        .withRequestBody(matchingJsonPath("$.visibility", equalTo("public"))));
  }
}
