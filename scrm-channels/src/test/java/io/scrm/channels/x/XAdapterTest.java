package io.scrm.channels.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.PollFailedException;
import io.scrm.channels.PollResult;
import io.scrm.channels.internal.ArbitraryJson;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Visibility;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class XAdapterTest {
  private static final Instant NOW = Instant.ofEpochSecond(1773481000);

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final XAdapter adapter = XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("x-token").userId("1234567")
      .clock(Clock.fixed(NOW, ZoneOffset.UTC)).timeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  static String fixture(String name) {
    try (InputStream in = XAdapterTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void poll_cursorThatIsNoTweetId_isRefusedAsTheCallersMistake() {
    assertThatThrownBy(() -> adapter.poll("1e5")).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("cursor must be a tweet id");
  }

  @Test
  void parse_timeline_resolvesAuthorsFromIncludesAndThreadsByConversation() {
    List<Interaction> list = adapter.parse(InboundDelivery.ofText(fixture("mentions.json"), Instant.EPOCH))
        .interactions();
    assertThat(list).hasSize(2);
    Interaction first = list.get(0);
    assertThat(first.externalId()).isEqualTo("1900447829118746625");
    assertThat(first.authorHandle()).isEqualTo("maltej");
    assertThat(first.authorName()).isEqualTo("Malte Jensen");
    assertThat(first.kind()).isEqualTo(InteractionKind.MENTION);
    assertThat(first.visibility()).isEqualTo(Visibility.PUBLIC);
    Interaction second = list.get(1);
    assertThat(second.threadId()).isEqualTo("1900440000000000001");
    assertThat(second.inReplyTo()).isEqualTo("1900440000000000001");
    assertThat(second.kind()).isEqualTo(InteractionKind.REPLY);
    assertThat(second.edited()).isTrue();
    assertThat(second.externalId()).isEqualTo("1900445990000000000");
  }

  @Test
  void parse_anEditOfATweet_keepsTheOriginalsIdSoTheEngineTakesItAsARevision() {
    String original = fixture("mentions.json").replace("\"edit_history_tweet_ids\": [\"1900445990000000000\", "
        + "\"1900446001234567890\"]", "\"edit_history_tweet_ids\": [\"1900445990000000000\"]")
        .replace("\"id\": \"1900446001234567890\"", "\"id\": \"1900445990000000000\"");
    Interaction before = adapter.parse(InboundDelivery.ofText(original, Instant.EPOCH)).interactions().get(1);
    Interaction edit = adapter.parse(InboundDelivery.ofText(fixture("mentions.json"), Instant.EPOCH))
        .interactions().get(1);

    assertThat(before.edited()).isFalse();
    assertThat(edit.edited()).isTrue();
    assertThat(edit.id()).isEqualTo(before.id());

    SocialCrm crm = SocialCrm.builder().consentPolicy(q -> ConsentDecision.allow("test", "Art. 6(1)(b)")).build();
    assertThat(crm.ingest(before).outcome()).isEqualTo(IngestResult.Outcome.CREATED);
    crm.ingest(edit);
    assertThat(crm.stores().interactions().findByThread(ChannelId.X, before.threadId())).singleElement()
        .satisfies(i -> assertThat(i.text()).isEqualTo(edit.text()));
  }

  @Test
  void parse_editHistoryThatHoldsNoTweetId_isMalformed() {
    String body = fixture("mentions.json").replace("[\"1900445990000000000\", ", "[{\"id\": 1}, ");
    assertThatThrownBy(() -> adapter.parse(InboundDelivery.ofText(body, Instant.EPOCH)))
        .isInstanceOfSatisfying(DeliveryRejectedException.class,
            e -> assertThat(e.getMessage()).endsWith("'edit_history_tweet_ids' must hold tweet ids"));
  }

  @Test
  void parse_authorMissingFromIncludes_isRejected() {
    String body = fixture("mentions.json").replace("\"id\": \"98765432\"", "\"id\": \"11111111\"");
    assertThatThrownBy(() -> adapter.parse(InboundDelivery.ofText(body, Instant.EPOCH)))
        .isInstanceOfSatisfying(DeliveryRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(DeliveryRejectedException.Reason.MISSING_FIELD));
  }

  @Test
  void parse_numericTweetIdBeyondTwoToThe53_isKeptExactly() {
    String body = fixture("mentions.json").replace("\"id\": \"1900447829118746625\"", "\"id\": 1900447829118746625");
    assertThat(adapter.parse(InboundDelivery.ofText(body, Instant.EPOCH)).interactions().get(0).externalId())
        .isEqualTo("1900447829118746625");
  }

  @Test
  void poll_sinceId_returnsOldestFirstAndFollowsNextToken() {
    String page1 = fixture("mentions.json").replace("\"oldest_id\": \"1900446001234567890\"",
        "\"oldest_id\": \"1900446001234567890\", \"next_token\": \"7140dibdnow9c7btw4b0\"");
    WIRE.stubFor(get(urlPathEqualTo("/2/users/1234567/mentions")).withQueryParam("since_id", equalTo("1900400000000000000"))
        .withQueryParam("pagination_token", absent())
        .willReturn(aResponse().withStatus(200).withBody(page1)));
    WIRE.stubFor(get(urlPathEqualTo("/2/users/1234567/mentions"))
        .withQueryParam("pagination_token", equalTo("7140dibdnow9c7btw4b0"))
        .willReturn(aResponse().withStatus(200).withBody("{\"meta\":{\"result_count\":0}}")));
    PollResult result = adapter.poll("1900400000000000000");
    // the edited tweet keeps its original's id
    assertThat(result.interactions()).extracting(Interaction::externalId)
        .containsExactly("1900445990000000000", "1900447829118746625");
    assertThat(result.nextCursor()).isEqualTo("1900447829118746625");
  }

  @Test
  void poll_rateLimited_waitsUntilReset() {
    WIRE.stubFor(get(urlPathEqualTo("/2/users/1234567/mentions")).willReturn(aResponse().withStatus(429)
        .withHeader("x-rate-limit-limit", "180").withHeader("x-rate-limit-remaining", "0")
        .withHeader("x-rate-limit-reset", Long.toString(NOW.getEpochSecond() + 600))
        .withBody("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}")));
    assertThatThrownBy(() -> adapter.poll(null)).isInstanceOfSatisfying(PollFailedException.class,
        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(10)));
  }

  @Test
  void parse_mutatedTimelines_parseOrReject() {
    ArbitraryJson.mutationsParseOrReject(fixture("mentions.json"), Map.of(), adapter::parse);
    ArbitraryJson.tokenSoupParsesOrRejects(List.of("data", "includes", "users", "id", "text", "author_id",
        "username", "created_at", "meta", "referenced_tweets"), Map.of(), adapter::parse);
  }

  @Test
  void poll_tweetTheMappingRefuses_isSkippedAndTheCursorMovesPastIt() {
    // the newest tweet's author is missing from includes.users
    String page = fixture("mentions.json").replace("\"author_id\": \"1456789012345678901\"",
        "\"author_id\": \"111\"");
    WIRE.stubFor(get(urlPathEqualTo("/2/users/1234567/mentions")).withQueryParam("since_id", equalTo("1900400000000000000"))
        .willReturn(aResponse().withStatus(200).withBody(page)));

    PollResult result = adapter.poll("1900400000000000000");

    assertThat(result.interactions()).extracting(Interaction::externalId).containsExactly("1900445990000000000");
    assertThat(result.skipped()).singleElement().asString().startsWith("tweet 1900447829118746625 rejected: x: ");
    assertThat(result.nextCursor()).isEqualTo("1900447829118746625");
  }

  @Test
  void poll_twoEditsOfOneTweet_areReturnedOldestFirstSoTheEngineKeepsTheNewestText() {
    String page = "{\"data\":["
        + "{\"id\":\"1900000000000000300\",\"text\":\"@GlasfaserNord v3 (final)\",\"author_id\":\"98765432\","
        + "\"created_at\":\"2026-03-14T09:40:00.000Z\",\"edit_history_tweet_ids\":[\"1900000000000000100\","
        + "\"1900000000000000200\",\"1900000000000000300\"]},"
        + "{\"id\":\"1900000000000000200\",\"text\":\"@GlasfaserNord v2\",\"author_id\":\"98765432\","
        + "\"created_at\":\"2026-03-14T09:35:00.000Z\",\"edit_history_tweet_ids\":[\"1900000000000000100\","
        + "\"1900000000000000200\"]}],"
        + "\"includes\":{\"users\":[{\"id\":\"98765432\",\"name\":\"Sabine Petersen\",\"username\":\"bine_baut\"}]},"
        + "\"meta\":{\"result_count\":2}}";
    WIRE.stubFor(get(urlPathEqualTo("/2/users/1234567/mentions")).withQueryParam("since_id", equalTo("1900000000000000100"))
        .willReturn(aResponse().withStatus(200).withBody(page)));

    PollResult result = adapter.poll("1900000000000000100");

    assertThat(result.interactions()).extracting(Interaction::text)
        .containsExactly("@GlasfaserNord v2", "@GlasfaserNord v3 (final)");
    assertThat(result.nextCursor()).isEqualTo("1900000000000000300");
  }
}
