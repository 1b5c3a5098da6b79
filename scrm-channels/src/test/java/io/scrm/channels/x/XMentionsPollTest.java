package io.scrm.channels.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.PollResult;
import io.scrm.core.model.Interaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the mentions timeline holds besides customers writing to the brand, and how a poll treats it. */
final class XMentionsPollTest {
  private static final String MENTIONS = "/2/users/1234567/mentions";
  private static final String CURSOR = "1900400000000000000";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final XAdapter adapter = XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("x-token").userId("1234567")
      .clock(Clock.fixed(Instant.parse("2026-03-14T10:30:00Z"), ZoneOffset.UTC)).timeout(Duration.ofSeconds(30))
      .build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private static String tweet(String id, String author, String text, String extra) {
    return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"author_id\":\"" + author + "\","
        + "\"conversation_id\":\"" + id + "\",\"created_at\":\"2026-03-14T09:41:02.000Z\","
        + "\"edit_history_tweet_ids\":[\"" + id + "\"]" + extra + "}";
  }

  private static String page(String... tweets) {
    return "{\"data\":[" + String.join(",", tweets) + "],"
        + "\"includes\":{\"users\":[{\"id\":\"98765432\",\"name\":\"Sabine Petersen\",\"username\":\"bine_baut\"},"
        + "{\"id\":\"1456789012345678901\",\"name\":\"Malte Jensen\",\"username\":\"maltej\"},"
        + "{\"id\":\"1234567\",\"name\":\"Glasfaser Nord\",\"username\":\"GlasfaserNord\"}]},"
        + "\"meta\":{\"result_count\":" + tweets.length + "}}";
  }

  private void mentionsAnswer(String body) {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("since_id", equalTo(CURSOR))
        .willReturn(aResponse().withStatus(200).withBody(body)));
  }

  /** A retweet of a customer's mention mentions the brand too; it is no message of the one who retweeted. */
  @Test
  void poll_retweetOfAMention_isSkippedAndTheCursorMovesPastIt() {
    mentionsAnswer(page(
        tweet("1900447900000000000", "98765432",
            "RT @maltej: @GlasfaserNord seit heute früh kein Netz in Husum 🙄 Wann ist das behoben?",
            ",\"referenced_tweets\":[{\"type\":\"retweeted\",\"id\":\"1900447829118746625\"}]"),
        tweet("1900447829118746625", "1456789012345678901",
            "@GlasfaserNord seit heute früh kein Netz in Husum 🙄 Wann ist das behoben?", "")));

    PollResult result = adapter.poll(CURSOR);

    assertThat(result.interactions()).extracting(Interaction::externalId).containsExactly("1900447829118746625");
    assertThat(result.skipped()).containsExactly("tweet 1900447900000000000: a retweet");
    assertThat(result.nextCursor()).isEqualTo("1900447900000000000");
  }

  /** The brand naming its own handle in a post of its own is no customer writing to it. */
  @Test
  void poll_postOfTheAccountItself_isSkippedAndTheCursorMovesPastIt() {
    mentionsAnswer(page(tweet("1900447900000000000", "1234567",
        "Aktuelle Störungen in Husum: folgt @GlasfaserNord für Updates.", "")));

    PollResult result = adapter.poll(CURSOR);

    assertThat(result.interactions()).isEmpty();
    assertThat(result.skipped()).containsExactly("tweet 1900447900000000000: sent by this account");
    assertThat(result.nextCursor()).isEqualTo("1900447900000000000");
  }

  /**
   * A tweet whose id is no tweet id (20 digits) is skipped without becoming the cursor: the next poll
   * would refuse that cursor as the caller's mistake, and the channel would never be read again.
   */
  @Test
  void poll_tweetWhoseIdIsNoTweetId_isSkippedAndTheNextPollStillRuns() {
    mentionsAnswer(page(
        tweet("19004479000000000000", "98765432", "@GlasfaserNord Hallo?", ""),
        tweet("1900447829118746625", "1456789012345678901", "@GlasfaserNord Wann ist das behoben?", "")));

    PollResult result = adapter.poll(CURSOR);

    assertThat(result.interactions()).extracting(Interaction::externalId).containsExactly("1900447829118746625");
    assertThat(result.nextCursor()).isEqualTo("1900447829118746625");
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("since_id", equalTo(result.nextCursor()))
        .willReturn(aResponse().withStatus(200).withBody("{\"meta\":{\"result_count\":0}}")));
    assertThatCode(() -> adapter.poll(result.nextCursor())).doesNotThrowAnyException();
  }

  /** A tweet without a readable id (none, a fraction, an object) is skipped: refusing the page would hold the channel. */
  @Test
  void poll_tweetWithoutAReadableId_isSkippedAndTheOthersAreHeard() {
    String good = tweet("1900447829118746625", "1456789012345678901", "@GlasfaserNord Wann ist das behoben?", "");
    mentionsAnswer(page(
        tweet("1900447900000000001", "98765432", "@GlasfaserNord ohne Id", "").replace("\"id\":\"1900447900000000001\",", ""),
        tweet("1900447900000000002", "98765432", "@GlasfaserNord halbe Id", "")
            .replace("\"id\":\"1900447900000000002\"", "\"id\":1.5"),
        tweet("1900447900000000003", "98765432", "@GlasfaserNord Objekt", "")
            .replace("\"id\":\"1900447900000000003\"", "\"id\":{}"),
        good));

    PollResult result = adapter.poll(CURSOR);

    assertThat(result.interactions()).extracting(Interaction::externalId).containsExactly("1900447829118746625");
    assertThat(result.skipped()).hasSize(3).allSatisfy(note -> assertThat(note).contains("'id'"));
    assertThat(result.nextCursor()).isEqualTo("1900447829118746625");
  }

  /** A poll that finds nothing new skipped nothing: no note, the cursor stays. */
  @Test
  void poll_nothingNew_notesNothing() {
    mentionsAnswer("{\"meta\":{\"result_count\":0}}");

    PollResult result = adapter.poll(CURSOR);

    assertThat(result.interactions()).isEmpty();
    assertThat(result.skipped()).isEmpty();
    assertThat(result.nextCursor()).isEqualTo(CURSOR);
  }

  /**
   * X marks a post of mentions, hashtags, cashtags or media links only, or a very short one, with
   * {@code qam}, {@code qht}, {@code qct}, {@code qme} or {@code qst}: codes of no language, which
   * must not reach routing by language.
   */
  @Test
  void parse_postOfMentionsOnly_hasNoLanguage() {
    String body = page(tweet("1900447829118746625", "1456789012345678901", "@GlasfaserNord @Stadtwerke_Husum",
        ",\"lang\":\"qam\""), tweet("1900447829118746626", "98765432", "#Glasfaserausbau #Husum",
        ",\"lang\":\"qht\""), tweet("1900447829118746627", "98765432", "@GlasfaserNord ok", ",\"lang\":\"qst\""));

    assertThat(adapter.parse(InboundDelivery.ofText(body, Instant.EPOCH)).interactions())
        .extracting(Interaction::language).containsOnlyNulls();
  }

  /**
   * More than ten pages of mentions since the last poll: the poll reads ten and says more is
   * waiting, and the next one reads what lies between the cursor and the oldest mention read
   * ({@code until_id}), so nothing in the middle is skipped.
   */
  @Test
  void poll_backlogBeyondTenPages_isReadOnByTheNextPollWithoutAGap() {
    long newest = 1900400000000000910L;
    for (int p = 0; p < 10; p++) {
      String body = page(tweet(Long.toString(newest - p), "98765432", "@GlasfaserNord Frage " + p, ""))
          .replace("\"result_count\":1", "\"result_count\":1,\"next_token\":\"p" + (p + 1) + "\"");
      WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("since_id", equalTo(CURSOR))
          .withQueryParam("until_id", absent())
          .withQueryParam("pagination_token", p == 0 ? absent() : equalTo("p" + p))
          .willReturn(aResponse().withStatus(200).withBody(body)));
    }
    String oldestRead = Long.toString(newest - 9);
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("since_id", equalTo(CURSOR))
        .withQueryParam("until_id", equalTo(oldestRead))
        .willReturn(aResponse().withStatus(200).withBody(page(tweet("1900400000000000123", "98765432",
            "@GlasfaserNord die älteste", "")))));

    PollResult first = adapter.poll(CURSOR);
    PollResult second = adapter.poll(first.nextCursor());

    assertThat(first.interactions()).hasSize(10);
    assertThat(first.more()).isTrue();
    assertThat(first.nextCursor()).isEqualTo(CURSOR + "~" + oldestRead + "~" + newest);
    assertThat(second.interactions()).extracting(Interaction::externalId).containsExactly("1900400000000000123");
    assertThat(second.more()).isFalse();
    assertThat(second.nextCursor()).isEqualTo(Long.toString(newest));
  }

  /** A cursor that goes on with a backlog is read for its parts; a malformed one is refused. */
  @Test
  void poll_cursorOfABacklog_readsOnBelowItsTweetAndMalformedOnesAreRefused() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("since_id", equalTo(CURSOR))
        .withQueryParam("until_id", equalTo("1900400000000000500"))
        .willReturn(aResponse().withStatus(200).withBody("{\"meta\":{\"result_count\":0}}")));

    PollResult result = adapter.poll(CURSOR + "~1900400000000000500~1900400000000000900");

    assertThat(result.nextCursor()).isEqualTo("1900400000000000900");
    assertThat(result.more()).isFalse();
    assertThatThrownBy(() -> adapter.poll(CURSOR + "~1900400000000000500"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> adapter.poll(CURSOR + "~abc~1900400000000000900"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** An edit of a tweet in the gap comes with a newer id; the cursor does not jump to it. */
  @Test
  void poll_editInTheGapOfABacklog_doesNotMoveTheNewestPastUnreadMentions() {
    String edited = tweet("1900400000000000950", "98765432", "@GlasfaserNord korrigiert", "")
        .replace("\"edit_history_tweet_ids\":[\"1900400000000000950\"]",
            "\"edit_history_tweet_ids\":[\"1900400000000000100\",\"1900400000000000950\"]");
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("until_id", equalTo("1900400000000000500"))
        .willReturn(aResponse().withStatus(200).withBody(page(edited))));

    PollResult result = adapter.poll(CURSOR + "~1900400000000000500~1900400000000000900");

    assertThat(result.interactions()).extracting(Interaction::externalId).containsExactly("1900400000000000100");
    assertThat(result.nextCursor()).isEqualTo("1900400000000000900");
  }

  /** X refusing to read on below a tweet gives the backlog up with a note instead of stopping the channel. */
  @Test
  void poll_backlogXWillNotReadOn_isGivenUpWithANote() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("until_id", equalTo("1900400000000000500"))
        .willReturn(aResponse().withStatus(400).withBody("{\"title\":\"Invalid Request\",\"status\":400}")));

    PollResult result = adapter.poll(CURSOR + "~1900400000000000500~1900400000000000900");

    assertThat(result.nextCursor()).isEqualTo("1900400000000000900");
    assertThat(result.skipped()).singleElement().asString().contains("refused to read on").contains("400");
  }

  /** A rate limit after the first page keeps what was read; the next poll goes on below it. */
  @Test
  void poll_rateLimitAfterTheFirstPage_keepsWhatWasRead() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("since_id", equalTo(CURSOR))
        .withQueryParam("pagination_token", absent())
        .willReturn(aResponse().withStatus(200).withBody(page(tweet("1900400000000000700", "98765432",
            "@GlasfaserNord neu", "")).replace("\"result_count\":1", "\"result_count\":1,\"next_token\":\"p1\""))));
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("pagination_token", equalTo("p1"))
        .willReturn(aResponse().withStatus(429).withHeader("x-rate-limit-reset", "1773484800")
            .withBody("{\"title\":\"Too Many Requests\",\"status\":429}")));

    PollResult result = adapter.poll(CURSOR);

    assertThat(result.interactions()).extracting(Interaction::externalId).containsExactly("1900400000000000700");
    assertThat(result.more()).isTrue();
    assertThat(result.nextCursor()).isEqualTo(CURSOR + "~1900400000000000700~1900400000000000700");
  }
}
