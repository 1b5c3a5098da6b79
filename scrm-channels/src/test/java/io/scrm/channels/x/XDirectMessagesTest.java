package io.scrm.channels.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.scrm.channels.Channels;
import io.scrm.channels.OutboxDispatcher;
import io.scrm.channels.PollResult;
import io.scrm.channels.SendResult;
import io.scrm.channels.x.XAdapter;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Direct messages on X: read from {@code GET /2/dm_events} beside the mentions, answered in the conversation. */
final class XDirectMessagesTest {
  private static final Instant NOW = Instant.parse("2026-03-14T10:30:00Z");
  private static final String MENTIONS = "/2/users/1234567/mentions";
  private static final String DM_EVENTS = "/2/dm_events";
  private static final String SABINE = "1234567-98765432";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final XAdapter adapter = XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("x-token")
      .userId("1234567").directMessages(true).clock(clock).timeout(Duration.ofSeconds(30)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private static void dmPages() {
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).withQueryParam("pagination_token", absent())
        .willReturn(aResponse().withStatus(200).withBody(XAdapterTest.fixture("dm-events-newest.json"))));
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).withQueryParam("pagination_token", equalTo("18LAA581J5II7LA00C00ZZZZ"))
        .willReturn(aResponse().withStatus(200).withBody(XAdapterTest.fixture("dm-events-older.json"))));
  }

  /** A clock that reads {@code now}, which the test moves. */
  private static Clock clockAt(AtomicReference<Instant> now) {
    return new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
  }

  private static OutboundMessage privateReply(String thread) {
    return OutboundMessage.pending(OutboundId.of("out-dm-1"), CaseId.of("case-1"), ContactId.of("c-1"), ChannelId.X,
        thread, null, Visibility.PRIVATE, "Danke, wir prüfen Ihren Anschluss.", "service-reply", NOW);
  }

  @Test
  void poll_readsDirectMessagesBackToTheCursorBesideTheMentionsInOccurrenceOrder() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("since_id", equalTo("1900400000000000000"))
        .willReturn(aResponse().withStatus(200).withBody(XAdapterTest.fixture("mentions.json"))));
    dmPages();

    PollResult result = adapter.poll("1900400000000000000:1900450000000000000");

    assertThat(result.interactions()).extracting(Interaction::externalId).containsExactly("1900445990000000000",
        "dm:1900460000000000100", "1900447829118746625", "dm:1900460000000000150", "dm:1900460000000000300");
    assertThat(result.skipped()).containsExactly("dm event 1900460000000000200: sent by this account");
    assertThat(result.nextCursor()).isEqualTo("1900447829118746625:1900460000000000300");
    Interaction dm = result.interactions().get(1);
    assertThat(dm.threadId()).isEqualTo(SABINE);
    assertThat(dm.authorHandle()).isEqualTo("bine_baut");
    assertThat(dm.authorName()).isEqualTo("Sabine Petersen");
    assertThat(dm.kind()).isEqualTo(InteractionKind.DIRECT);
    assertThat(dm.visibility()).isEqualTo(Visibility.PRIVATE);
    assertThat(dm.inReplyTo()).isNull();
    assertThat(dm.occurredAt()).isEqualTo(Instant.parse("2026-03-14T09:35:00Z"));
    WIRE.verify(getRequestedFor(urlPathEqualTo(DM_EVENTS)).withQueryParam("event_types", equalTo("MessageCreate"))
        .withQueryParam("expansions", equalTo("sender_id,attachments.media_keys")));
    // the event the cursor names ends the paging back: no third page is asked for
    WIRE.verify(2, getRequestedFor(urlPathEqualTo(DM_EVENTS)));
  }

  @Test
  void poll_cursorOfATweetIdAlone_isTheMentionsPartAndTheFirstDirectMessagePollReadsAllThatXKeeps() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("since_id", equalTo("1900447829118746625"))
        .willReturn(aResponse().withStatus(200).withBody("{\"meta\":{\"result_count\":0}}")));
    dmPages();
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).withQueryParam("pagination_token", equalTo("18LAA581J5II7LA00C00YYYY"))
        .willReturn(aResponse().withStatus(200).withBody("{\"meta\":{\"result_count\":0}}")));

    PollResult result = adapter.poll("1900447829118746625");

    assertThat(result.interactions()).extracting(Interaction::externalId).containsExactly("dm:1900440000000000000",
        "dm:1900450000000000000", "dm:1900460000000000100", "dm:1900460000000000150", "dm:1900460000000000300");
    assertThat(result.nextCursor()).isEqualTo("1900447829118746625:1900460000000000300");
  }

  @Test
  void poll_nothingNew_keepsBothPartsOfTheCursor() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).willReturn(aResponse().withStatus(200)
        .withBody("{\"meta\":{\"result_count\":0}}")));
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).willReturn(aResponse().withStatus(200)
        .withBody(XAdapterTest.fixture("dm-events-newest.json"))));

    PollResult result = adapter.poll("1900447829118746625:1900460000000000300");

    assertThat(result.interactions()).isEmpty();
    assertThat(result.nextCursor()).isEqualTo("1900447829118746625:1900460000000000300");
  }

  @Test
  void poll_pagesThatRepeatThemselves_yieldEachMessageOnceAndEndThePaging() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).willReturn(aResponse().withStatus(200)
        .withBody("{\"meta\":{\"result_count\":0}}")));
    // every page is the first page again, always with a next token
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).willReturn(aResponse().withStatus(200)
        .withBody(XAdapterTest.fixture("dm-events-newest.json"))));

    PollResult result = adapter.poll(":1900460000000000100");

    assertThat(result.interactions()).extracting(Interaction::externalId)
        .containsExactly("dm:1900460000000000150", "dm:1900460000000000300");
    WIRE.verify(2, getRequestedFor(urlPathEqualTo(DM_EVENTS)));
  }

  @Test
  void poll_cursorOfAnotherShape_isRefusedAsTheCallersMistake() {
    assertThatThrownBy(() -> adapter.poll("1900447829118746625:dm")).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("cursor must be a mentions cursor, a colon and a direct message cursor (either may be empty)");
  }

  @Test
  void poll_eventWhoseSenderIsNotIncluded_isSkippedAndTheCursorMovesPastIt() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).willReturn(aResponse().withStatus(200)
        .withBody("{\"meta\":{\"result_count\":0}}")));
    dmPages();
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).withQueryParam("pagination_token", absent()).willReturn(aResponse()
        .withStatus(200).withBody(XAdapterTest.fixture("dm-events-newest.json")
            .replace("\"sender_id\": \"55512345\"", "\"sender_id\": \"111\""))));

    PollResult result = adapter.poll(":1900460000000000100");

    assertThat(result.interactions()).extracting(Interaction::externalId).containsExactly("dm:1900460000000000300");
    assertThat(result.skipped()).anySatisfy(note -> assertThat(note)
        .startsWith("dm event 1900460000000000150 rejected: x: includes.users lacks the sender"));
    assertThat(result.nextCursor()).isEqualTo(":1900460000000000300");
  }

  @Test
  void capabilities_withDirectMessages_carryPrivateMessages() {
    assertThat(adapter.capabilities(ChannelId.X).privateMessages()).isTrue();
    try (XAdapter mentionsOnly = XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("x-token").userId("1234567")
        .build()) {
      assertThat(mentionsOnly.capabilities(ChannelId.X).privateMessages()).isFalse();
      assertThat(mentionsOnly.send(privateReply(SABINE))).isEqualTo(
          SendResult.permanent("the channel has no private messages"));
    }
  }

  @Test
  void send_privateReply_goesToTheConversation() {
    WIRE.stubFor(post(urlPathEqualTo("/2/dm_conversations/" + SABINE + "/messages")).willReturn(aResponse()
        .withStatus(201).withHeader("Content-Type", "application/json")
        .withBody("{\"data\":{\"dm_conversation_id\":\"" + SABINE + "\",\"dm_event_id\":\"1900470000000000001\"}}")));

    SendResult result = adapter.send(privateReply(SABINE));

    assertThat(result).isEqualTo(SendResult.sent("dm:1900470000000000001", NOW));
    WIRE.verify(postRequestedFor(urlPathEqualTo("/2/dm_conversations/" + SABINE + "/messages"))
        .withHeader("Authorization", equalTo("Bearer x-token"))
        .withRequestBody(equalToJson("{\"text\":\"Danke, wir prüfen Ihren Anschluss.\"}")));
  }

  @Test
  void send_privateReplyRateLimited_waitsUntilReset() {
    WIRE.stubFor(post(urlPathEqualTo("/2/dm_conversations/" + SABINE + "/messages")).willReturn(aResponse()
        .withStatus(429).withHeader("x-rate-limit-reset", Long.toString(NOW.getEpochSecond() + 300))
        .withBody("{\"title\":\"Too Many Requests\",\"status\":429}")));

    assertThat(adapter.send(privateReply(SABINE))).isInstanceOfSatisfying(SendResult.RetryableFailure.class,
        failure -> assertThat(failure.retryAfter()).isEqualTo(Duration.ofMinutes(5)));
  }

  @Test
  void send_privateReplyWithoutAConversation_failsPermanentlyWithoutARequest() {
    assertThat(adapter.send(privateReply("../2/tweets"))).isEqualTo(
        SendResult.permanent("a direct message needs its conversation id as thread"));
    WIRE.verify(0, postRequestedFor(urlPathEqualTo("/2/tweets")));
  }

  @Test
  void conversation_directMessageBecomesACaseAndTheAgentsReplyGoesBackAsADirectMessage() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).willReturn(aResponse().withStatus(200)
        .withBody("{\"meta\":{\"result_count\":0}}")));
    dmPages();
    WIRE.stubFor(post(urlPathEqualTo("/2/dm_conversations/" + SABINE + "/messages")).willReturn(aResponse()
        .withStatus(201).withBody("{\"data\":{\"dm_conversation_id\":\"" + SABINE + "\","
            + "\"dm_event_id\":\"1900470000000000001\"}}")));
    Channels channels = Channels.of(adapter);
    SocialCrm crm = SocialCrm.builder().clock(clock).sendCheck(channels.sendCheck(clock))
        .consentPolicy(q -> ConsentDecision.allow("contract", "Art. 6(1)(b)")).build();

    CaseId caseId = null;
    for (Interaction i : adapter.poll("1900447829118746625:1900460000000000150").interactions()) {
      caseId = crm.ingest(i).caseId();
    }
    crm.reply(caseId, Actor.agent("anna"), "Danke, wir prüfen Ihren Anschluss.");
    try (OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).build()) {
      assertThat(dispatcher.drain().sent()).isEqualTo(1);
    }

    WIRE.verify(1, postRequestedFor(urlPathEqualTo("/2/dm_conversations/" + SABINE + "/messages")));
    WIRE.verify(0, postRequestedFor(urlPathEqualTo("/2/tweets")));
  }

  private static String event(String id, String sender, String at) {
    return "{\"id\":\"" + id + "\",\"event_type\":\"MessageCreate\",\"text\":\"Hallo " + id + "\",\"sender_id\":\""
        + sender + "\",\"dm_conversation_id\":\"1234567-" + sender + "\",\"created_at\":\"" + at + "\"}";
  }

  private static final String USERS = "\"includes\":{\"users\":[{\"id\":\"98765432\",\"name\":\"Sabine\","
      + "\"username\":\"bine_baut\"}]}";

  @Test
  void poll_rateLimitOnALaterDirectMessagePage_keepsTheMentionsAndTheMessagesRead_andTheCursorOfTheMessages() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("since_id", equalTo("1900400000000000000"))
        .willReturn(aResponse().withStatus(200).withBody(XAdapterTest.fixture("mentions.json"))));
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).withQueryParam("pagination_token", absent())
        .willReturn(aResponse().withStatus(200).withBody(XAdapterTest.fixture("dm-events-newest.json"))));
    // the second page of the backlog: X's limit on direct message lookups is used up
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).withQueryParam("pagination_token", equalTo("18LAA581J5II7LA00C00ZZZZ"))
        .willReturn(aResponse().withStatus(429)
            .withHeader("x-rate-limit-reset", Long.toString(NOW.getEpochSecond() + 900))
            .withBody("{\"title\":\"Too Many Requests\",\"status\":429}")));

    PollResult result = adapter.poll("1900400000000000000:1900450000000000000");

    assertThat(result.interactions()).extracting(Interaction::externalId)
        .contains("1900445990000000000", "1900447829118746625", "dm:1900460000000000150", "dm:1900460000000000300");
    assertThat(result.nextCursor()).as("mentions move on; the messages go on at the page that failed")
        .isEqualTo("1900447829118746625:1900450000000000000~18LAA581J5II7LA00C00ZZZZ~1900460000000000300");
    assertThat(result.skipped()).contains("dm events: HTTP 429 on page 2, the next poll goes on there");
    assertThat(result.retryAfter()).as("the mentions are not held back").isNull();
    assertThat(result.more()).as("the direct messages wait for X's reset").isFalse();
  }

  @Test
  void poll_aBacklogDeeperThanOneRateLimitWindow_isReadAWindowAtATime_withNothingSkipped() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).willReturn(aResponse().withStatus(200)
        .withBody("{\"meta\":{\"result_count\":0}}")));
    // X's limit lets one page through per window here; the backlog down to the cursor has two
    String window = "dm-window";
    String spent = "spent";
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).inScenario(window).whenScenarioStateIs(Scenario.STARTED)
        .withQueryParam("pagination_token", absent())
        .willReturn(aResponse().withStatus(200).withBody(XAdapterTest.fixture("dm-events-newest.json")))
        .willSetStateTo(spent));
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).inScenario(window).whenScenarioStateIs(Scenario.STARTED)
        .withQueryParam("pagination_token", equalTo("18LAA581J5II7LA00C00ZZZZ"))
        .willReturn(aResponse().withStatus(200).withBody(XAdapterTest.fixture("dm-events-older.json")))
        .willSetStateTo(spent));
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).inScenario(window).whenScenarioStateIs(spent)
        .willReturn(aResponse().withStatus(429)
            .withHeader("x-rate-limit-reset", Long.toString(NOW.getEpochSecond() + 900))
            .withBody("{\"title\":\"Too Many Requests\",\"status\":429}")));

    List<String> heard = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    String cursor = "1900400000000000000:1900450000000000000";
    AtomicReference<Instant> now = new AtomicReference<>(NOW);
    try (XAdapter windowed = XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("x-token").userId("1234567")
        .directMessages(true).clock(clockAt(now)).timeout(Duration.ofSeconds(30)).build()) {
      for (int poll = 0; poll < 3; poll++) {
        PollResult result = windowed.poll(cursor);
        result.interactions().forEach(i -> heard.add(i.externalId()));
        cursor = result.nextCursor();
        cursors.add(cursor);
        now.set(now.get().plus(Duration.ofMinutes(15))); // the next window
        WIRE.resetScenarios();
      }
    }

    assertThat(heard).containsExactly("dm:1900460000000000150", "dm:1900460000000000300", "dm:1900460000000000100");
    assertThat(cursors).containsExactly(
        "1900400000000000000:1900450000000000000~18LAA581J5II7LA00C00ZZZZ~1900460000000000300",
        "1900400000000000000:1900460000000000300", "1900400000000000000:1900460000000000300");
  }

  @Test
  void poll_aWalkWhosePageXNoLongerServes_isGivenUpAtItsNewestEvent_withANote() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).willReturn(aResponse().withStatus(200)
        .withBody("{\"meta\":{\"result_count\":0}}")));
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).withQueryParam("pagination_token", equalTo("18LAA581J5II7LA00C00ZZZZ"))
        .willReturn(aResponse().withStatus(400).withBody("{\"title\":\"Invalid Request\",\"status\":400}")));

    PollResult result = adapter.poll(":1900450000000000000~18LAA581J5II7LA00C00ZZZZ~1900460000000000300");

    assertThat(result.interactions()).isEmpty();
    assertThat(result.nextCursor()).isEqualTo(":1900460000000000300");
    assertThat(result.skipped())
        .containsExactly("dm events: X refused to go on at the kept page (HTTP 400), the older ones not read");
  }

  @Test
  void poll_directMessagesRateLimited_areHeldBackUntilXsWindowResets_whileTheMentionsArePolled() {
    AtomicReference<Instant> now = new AtomicReference<>(NOW);
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).willReturn(aResponse().withStatus(200)
        .withBody("{\"meta\":{\"result_count\":0}}")));
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).willReturn(aResponse().withStatus(429)
        .withHeader("x-rate-limit-reset", Long.toString(NOW.getEpochSecond() + 900))
        .withBody("{\"title\":\"Too Many Requests\",\"status\":429}")));
    try (XAdapter limited = XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("x-token").userId("1234567")
        .directMessages(true).clock(clockAt(now)).timeout(Duration.ofSeconds(30)).build()) {
      limited.poll("1900400000000000000:1900450000000000000");
      now.set(NOW.plus(Duration.ofMinutes(5)));
      PollResult held = limited.poll("1900400000000000000:1900450000000000000");

      assertThat(held.skipped())
          .containsExactly("dm events: held back until 2026-03-14T10:45:00Z after X's last answer");
      assertThat(held.nextCursor()).isEqualTo("1900400000000000000:1900450000000000000");
      WIRE.verify(1, getRequestedFor(urlPathEqualTo(DM_EVENTS)));
      WIRE.verify(2, getRequestedFor(urlPathEqualTo(MENTIONS)));

      now.set(NOW.plus(Duration.ofMinutes(15)));
      limited.poll("1900400000000000000:1900450000000000000");
      WIRE.verify(2, getRequestedFor(urlPathEqualTo(DM_EVENTS)));
    }
  }

  @Test
  void poll_serverErrorOnTheFirstDirectMessagePage_keepsTheMentions() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("since_id", equalTo("1900400000000000000"))
        .willReturn(aResponse().withStatus(200).withBody(XAdapterTest.fixture("mentions.json"))));
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).willReturn(aResponse().withStatus(503)));

    PollResult result = adapter.poll("1900400000000000000:1900450000000000000");

    assertThat(result.interactions()).extracting(Interaction::externalId)
        .containsExactly("1900445990000000000", "1900447829118746625");
    assertThat(result.nextCursor()).isEqualTo("1900447829118746625:1900450000000000000");
    assertThat(result.skipped()).contains("dm events: HTTP 503 on the first page, read from the cursor next poll");
    assertThat(result.retryAfter()).as("X asked for nothing").isNull();
  }

  @Test
  void poll_pageWithoutMessagesButWithANextToken_keepsPaging() {
    WIRE.stubFor(get(urlPathEqualTo("/2/users/1234567/mentions")).willReturn(aResponse().withStatus(200)
        .withBody("{\"meta\":{\"result_count\":0}}")));
    // newest page: one new message
    WIRE.stubFor(get(urlPathEqualTo("/2/dm_events")).withQueryParam("pagination_token", absent())
        .willReturn(aResponse().withStatus(200).withBody("{\"data\":[" + event("1900460000000000300", "98765432",
            "2026-03-14T10:21:00.000Z") + "]," + USERS + ",\"meta\":{\"result_count\":1,\"next_token\":\"TOKEN00000000001\"}}")));
    // a page whose events were all filtered out by event_types: no data, but more pages
    WIRE.stubFor(get(urlPathEqualTo("/2/dm_events")).withQueryParam("pagination_token", equalTo("TOKEN00000000001"))
        .willReturn(aResponse().withStatus(200).withBody("{\"meta\":{\"result_count\":0,\"next_token\":\"TOKEN00000000002\"}}")));
    // the next page: another new message, then the cursor's event
    WIRE.stubFor(get(urlPathEqualTo("/2/dm_events")).withQueryParam("pagination_token", equalTo("TOKEN00000000002"))
        .willReturn(aResponse().withStatus(200).withBody("{\"data\":[" + event("1900460000000000200", "98765432",
            "2026-03-14T10:15:00.000Z") + "," + event("1900460000000000100", "98765432", "2026-03-14T10:10:00.000Z")
            + "]," + USERS + ",\"meta\":{\"result_count\":2}}")));

    PollResult result = adapter.poll(":1900460000000000100");

    assertThat(result.interactions()).extracting(Interaction::externalId)
        .containsExactly("dm:1900460000000000200", "dm:1900460000000000300");
  }

  @Test
  void poll_withoutDirectMessages_readsTheMentionsPartOfACursorThatNamesBothTimelines() {
    WIRE.stubFor(get(urlPathEqualTo("/2/users/1234567/mentions")).withQueryParam("since_id", equalTo("1900447829118746625"))
        .willReturn(aResponse().withStatus(200).withBody("{\"meta\":{\"result_count\":0}}")));
    try (XAdapter mentionsOnly = XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("x-token").userId("1234567")
        .timeout(Duration.ofSeconds(30)).build()) {
      PollResult result = mentionsOnly.poll("1900447829118746625:1900460000000000300");
      assertThat(result.nextCursor()).isEqualTo("1900447829118746625");
    }
  }

  @Test
  void poll_moreThanTenThousandMessagesSinceTheCursor_readsTheNewest_andTheNextPollTheRest() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).willReturn(aResponse().withStatus(200)
        .withBody("{\"meta\":{\"result_count\":0}}")));
    // 101 pages of one message each, newest first; the cursor's event would come after them
    for (int page = 0; page <= 100; page++) {
      String id = Long.toString(1900460000000000500L - page);
      String body = "{\"data\":[" + event(id, "98765432", "2026-03-14T10:21:00.000Z") + "]," + USERS
          + ",\"meta\":{\"result_count\":1,\"next_token\":\"PAGE" + (page + 1) + "\"}}";
      WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).withQueryParam("pagination_token",
              page == 0 ? absent() : equalTo("PAGE" + page))
          .willReturn(aResponse().withStatus(200).withBody(body)));
    }

    PollResult result = adapter.poll(":1900460000000000100");

    assertThat(result.interactions()).hasSize(100);
    assertThat(result.skipped()).contains("dm events: more than 10000 to read, the next poll goes on");
    assertThat(result.more()).as("nothing holds the next poll back").isTrue();
    assertThat(result.nextCursor()).isEqualTo(":1900460000000000100~PAGE100~1900460000000000500");
    WIRE.verify(100, getRequestedFor(urlPathEqualTo(DM_EVENTS)));

    // the next poll reads the last page, whose successor is the cursor's event, and ends the walk
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).withQueryParam("pagination_token", equalTo("PAGE101"))
        .willReturn(aResponse().withStatus(200).withBody("{\"data\":[" + event("1900460000000000100", "98765432",
            "2026-03-14T10:00:00.000Z") + "]," + USERS + ",\"meta\":{\"result_count\":1}}")));
    PollResult rest = adapter.poll(result.nextCursor());

    assertThat(rest.interactions()).extracting(Interaction::externalId).containsExactly("dm:1900460000000000400");
    assertThat(rest.nextCursor()).isEqualTo(":1900460000000000500");
  }
}
