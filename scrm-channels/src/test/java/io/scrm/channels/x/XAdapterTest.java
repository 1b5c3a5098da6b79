package io.scrm.channels.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.PollFailedException;
import io.scrm.channels.PollResult;
import io.scrm.channels.SendResult;
import io.scrm.channels.internal.ArbitraryJson;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
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
      .clock(Clock.fixed(NOW, ZoneOffset.UTC)).timeout(Duration.ofSeconds(30)).build();

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
        .hasMessage("cursor must be a tweet id, or since~until~newest tweet ids");
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
    assertThat(second.threadId()).isEqualTo("1900440000000000001/98765432");
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

  private static final String FULL = "@GlasfaserNord Seit drei Tagen kein Internet in Husum-Nord. Der Techniker war "
      + "am Montag da, hat die Hausanschlussbox getauscht und gesagt, es sei jetzt alles in Ordnung. Seitdem blinkt "
      + "die PON-LED wieder rot, die Hotline vertröstet mich jeden Tag auf morgen und im Kundenportal steht nur "
      + "'Störung in Bearbeitung'. Ich arbeite im Homeoffice und brauche bis Freitag eine Lösung, sonst kündige ich. "
      + "Vertragsnummer und Fotos schicke ich gern per DM.";

  private static String longPost(boolean withNoteTweet) {
    String truncated = FULL.substring(0, 270) + "…";
    return "{\"data\":[{\"id\":\"1900500000000000001\",\"text\":\"" + truncated + "\","
        + (withNoteTweet ? "\"note_tweet\":{\"text\":\"" + FULL + "\"}," : "")
        + "\"author_id\":\"98765432\",\"conversation_id\":\"1900500000000000001\","
        + "\"created_at\":\"2026-03-14T09:50:00.000Z\",\"edit_history_tweet_ids\":[\"1900500000000000001\"]}],"
        + "\"includes\":{\"users\":[{\"id\":\"98765432\",\"name\":\"Sabine Petersen\",\"username\":\"bine_baut\"}]},"
        + "\"meta\":{\"result_count\":1,\"newest_id\":\"1900500000000000001\",\"oldest_id\":\"1900500000000000001\"}}";
  }

  /** A post over 280 characters comes with its text cut; all of it is in note_tweet, asked for in tweet.fields. */
  @Test
  void poll_longPost_keepsTheWholeTextFromNoteTweet() {
    WIRE.stubFor(get(urlPathEqualTo("/2/users/1234567/mentions")).atPriority(1)
        .withQueryParam("tweet.fields", containing("note_tweet"))
        .willReturn(aResponse().withStatus(200).withBody(longPost(true))));
    WIRE.stubFor(get(urlPathEqualTo("/2/users/1234567/mentions")).atPriority(10)
        .willReturn(aResponse().withStatus(200).withBody(longPost(false))));

    PollResult result = adapter.poll("1900400000000000000");

    assertThat(result.interactions()).extracting(Interaction::text).containsExactly(FULL);
  }

  /** X API v2 escapes &, < and > in a post's text as HTML entities. */
  @Test
  void parse_textWithHtmlEntities_isDecoded() {
    String body = XAdapterTest.fixture("mentions.json").replace(
        "seit heute früh kein Netz in Husum 🙄 Wann ist das behoben?",
        "Router &amp; Modem tot, Ping &gt; 900 ms &lt;- seit heute früh");
    Interaction first = adapter.parse(InboundDelivery.ofText(body, Instant.EPOCH)).interactions().get(0);

    assertThat(first.text()).isEqualTo("@GlasfaserNord Router & Modem tot, Ping > 900 ms <- seit heute früh");
  }

  @Test
  void unescape_undoesOnlyWhatXEscapes() {
    assertThat(XAdapter.unescape("a &amp;lt; b &amp;amp; &copy; &#38; &gt")).isEqualTo("a &lt; b &amp; &copy; &#38; &gt");
  }

  @Test
  void send_dailyCapOfPostsUsedUp_waitsUntilTheDailyReset() {
    WIRE.stubFor(post(urlPathEqualTo("/2/tweets")).willReturn(aResponse().withStatus(429)
        .withHeader("x-rate-limit-limit", "100").withHeader("x-rate-limit-remaining", "97")
        .withHeader("x-rate-limit-reset", Long.toString(NOW.getEpochSecond() + 600))
        .withHeader("x-user-limit-24hour-limit", "100").withHeader("x-user-limit-24hour-remaining", "0")
        .withHeader("x-user-limit-24hour-reset", Long.toString(NOW.getEpochSecond() + 7 * 3600))
        .withBody("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"status\":429}")));

    SendResult result = adapter.send(OutboundMessage.pending(OutboundId.of("out-9"), null, ContactId.of("c-1"),
        ChannelId.X, "1900447829118746625", "1900447829118746625", Visibility.PUBLIC,
        "@maltej Der Techniker ist unterwegs.", "service-reply", NOW));

    assertThat(result).isInstanceOfSatisfying(SendResult.RetryableFailure.class,
        failure -> assertThat(failure.retryAfter()).isEqualTo(Duration.ofHours(7)));
  }
}
