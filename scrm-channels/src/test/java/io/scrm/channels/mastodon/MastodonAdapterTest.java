package io.scrm.channels.mastodon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrm.channels.Channels;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.PollFailedException;
import io.scrm.channels.PollResult;
import io.scrm.channels.SendResult;
import io.scrm.channels.internal.ArbitraryJson;
import io.scrm.channels.internal.WireJson;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.IdentityKey;
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
import io.scrm.core.SendRefusedException;

final class MastodonAdapterTest {
  private static final Instant NOW = Instant.parse("2026-03-14T10:30:00Z");

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MastodonAdapter adapter = MastodonAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("tok-123")
      .clock(Clock.fixed(NOW, ZoneOffset.UTC)).timeout(Duration.ofSeconds(30)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  static String fixture(String name) {
    try (InputStream in = MastodonAdapterTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private ParsedDelivery parse(String body) {
    return adapter.parse(InboundDelivery.ofText(body, Instant.EPOCH));
  }

  @Test
  void poll_cursorThatIsNoNotificationId_isRefusedAsTheCallersMistake() {
    assertThatThrownBy(() -> adapter.poll("../admin")).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("cursor must be a notification id");
  }

  @Test
  void parse_mention_turnsHtmlIntoPlainTextWithWholeLinks() {
    Interaction i = parse(fixture("notification-mention.json")).interactions().get(0);
    assertThat(i.text()).isEqualTo("@support Seit 8 Uhr kein Internet in Heide & Umgebung.\n"
        + "Router: PON-LED blinkt rot.\n\n"
        + "Störungsseite: https://www.glasfaser-nord.de/stoerungen/heide-2026-03-14 \"wird geprüft\" – seit 3 Stunden!");
    assertThat(i.externalId()).isEqualTo("113447239187771234");
    assertThat(i.threadId()).isEqualTo("113447239187771234");
    assertThat(i.authorHandle()).isEqualTo("kathrin@norden.social");
    assertThat(i.authorName()).isEqualTo("Kathrin Lüders 🏡");
    assertThat(i.visibility()).isEqualTo(Visibility.PUBLIC);
    assertThat(i.kind()).isEqualTo(InteractionKind.MENTION);
    assertThat(i.language()).isEqualTo("de");
    assertThat(i.occurredAt()).isEqualTo(Instant.parse("2026-03-14T10:02:10Z"));
  }

  @Test
  void parse_notificationArray_keepsDirectMentionDropsScriptAndImageAndSkipsFavourite() {
    ParsedDelivery parsed = parse(fixture("notifications.json"));
    assertThat(parsed.interactions()).hasSize(1);
    Interaction i = parsed.interactions().get(0);
    assertThat(i.text()).isEqualTo("Kundennummer\n\n@support Meine Kundennummer ist 4711-0815.");
    assertThat(i.visibility()).isEqualTo(Visibility.PRIVATE);
    assertThat(i.kind()).isEqualTo(InteractionKind.DIRECT);
    assertThat(i.inReplyTo()).isEqualTo("113447290000000000");
    assertThat(i.threadId()).isEqualTo("113447290000000000");
    assertThat(i.edited()).isTrue();
    assertThat(i.attachments()).containsExactly(new Attachment("image",
        "https://files.norden.social/media_attachments/files/113/447/301/original/router.jpg", null, null,
        "Router mit roter LED"));
    assertThat(parsed.skipped()).containsExactly("notification 113447300000000002: type favourite ignored");
  }

  @Test
  void parse_streamingDeleteEvent_isTheStatusDeletion_atTheTimeItIsHeard_andABadPayloadIsRefused() {
    MastodonAdapter clocked = MastodonAdapter.builder().baseUrl("http://127.0.0.1:9").accessToken("t")
        .clock(java.time.Clock.fixed(Instant.parse("2026-03-14T11:00:00Z"), java.time.ZoneOffset.UTC)).build();

    // heard when the delivery came, not when it is parsed (a queued delivery may be parsed later)
    ParsedDelivery parsed = clocked.parse(InboundDelivery.ofText(
        "{\"stream\":[\"user\"],\"event\":\"delete\",\"payload\":\"113447239187771234\"}",
        Instant.parse("2026-03-14T10:58:30Z")));

    assertThat(parsed.interactions()).isEmpty();
    assertThat(parsed.deletions()).containsExactly(new io.scrm.channels.Deletion(
        io.scrm.core.model.InteractionId.of(ChannelId.MASTODON, "113447239187771234"),
        Instant.parse("2026-03-14T10:58:30Z")));
    assertThatThrownBy(() -> clocked.parse(InboundDelivery.ofText(
        "{\"stream\":[\"user\"],\"event\":\"delete\",\"payload\":\"../x\"}", Instant.EPOCH)))
        .isInstanceOf(DeliveryRejectedException.class).hasMessageContaining("status id");
    clocked.close();
  }

  @Test
  void parse_streamingNotificationEvent_readsThePayload() {
    String payload = fixture("notification-mention.json");
    String event = "{\"stream\":[\"user:notification\"],\"event\":\"notification\",\"payload\":"
        + io.scrm.channels.internal.WireJson.MAPPER.getNodeFactory().textNode(payload) + "}";
    assertThat(parse(event).interactions()).hasSize(1);
  }

  /** A user-stream {@code status.update} event: the status as it now reads, as JSON text. */
  private static String statusUpdate(String id, String content, String mentionedAccountId) throws IOException {
    com.fasterxml.jackson.databind.node.ObjectNode status = (com.fasterxml.jackson.databind.node.ObjectNode)
        WireJson.MAPPER.readTree(fixture("notification-mention.json")).get("status");
    status.put("id", id);
    status.put("content", content);
    status.put("edited_at", "2026-03-14T10:09:00.000Z");
    ((com.fasterxml.jackson.databind.node.ObjectNode) status.get("mentions").get(0)).put("id", mentionedAccountId);
    return "{\"stream\":[\"user\"],\"event\":\"status.update\",\"payload\":"
        + WireJson.MAPPER.getNodeFactory().textNode(WireJson.MAPPER.writeValueAsString(status)) + "}";
  }

  /**
   * Serves the account's own id ({@code verify_credentials}), status 113447239187779999 written by
   * {@code ole}, and the posting of statuses.
   */
  private void answersStatusOfOle(String ownAccountId) {
    WIRE.stubFor(get(urlEqualTo("/api/v1/accounts/verify_credentials")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"" + ownAccountId + "\",\"acct\":\"support\"}")));
    WIRE.stubFor(get(urlEqualTo("/api/v1/statuses/113447239187779999")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"113447239187779999\",\"account\":{\"id\":\"7\",\"acct\":\"ole\"}}")));
    acceptStatuses();
  }

  @Test
  void parse_streamingStatusUpdateOfAMentionHeardBefore_isTheEditedMessage() throws IOException {
    parse(fixture("notification-mention.json"));

    ParsedDelivery parsed = parse(statusUpdate("113447239187771234",
        "<p>@support Seit 8 Uhr kein Internet in Heide, Markt 5 (nicht Markt 3).</p>", "110000000000000001"));

    assertThat(parsed.interactions()).singleElement().satisfies(i -> {
      assertThat(i.externalId()).isEqualTo("113447239187771234");
      assertThat(i.edited()).isTrue();
      assertThat(i.text()).isEqualTo("@support Seit 8 Uhr kein Internet in Heide, Markt 5 (nicht Markt 3).");
      assertThat(i.authorHandle()).isEqualTo("kathrin@norden.social");
    });
  }

  @Test
  void parse_streamingStatusUpdateOfAnotherStatus_isSkipped_unlessAnotherAccountsStatusMentionsTheAccount() throws IOException {
    String other = statusUpdate("113447239187775555", "<p>Neues Rezept für Franzbrötchen</p>", "42");

    assertThat(parse(other).interactions()).isEmpty();
    assertThat(parse(other).skipped())
        .containsExactly("status.update 113447239187775555: not a status that mentions the account, ignored");

    // once the adapter knows its account (it asks before a reply), a status mentioning it is heard
    answersStatusOfOle("110000000000000001");
    assertThat(adapter.send(privateReply("113447239187779999", "Ist erledigt."))).isInstanceOf(SendResult.Sent.class);
    String mentioning = statusUpdate("113447239187776666", "<p>@support Router geht wieder nicht</p>",
        "110000000000000001");
    assertThat(parse(mentioning).interactions()).singleElement()
        .satisfies(i -> assertThat(i.externalId()).isEqualTo("113447239187776666"));
    assertThat(parse(other).interactions()).isEmpty();
    // the account's own post naming its own handle, edited: in the user stream too, and no customer's
    com.fasterxml.jackson.databind.node.ObjectNode ownPost = (com.fasterxml.jackson.databind.node.ObjectNode)
        WireJson.MAPPER.readTree(WireJson.MAPPER.readTree(statusUpdate("113447400000000077",
            "<p>Fragen zur Störung in Heide? Schreibt uns an @support</p>", "110000000000000001"))
            .get("payload").asText());
    ((com.fasterxml.jackson.databind.node.ObjectNode) ownPost.get("account")).put("id", "110000000000000001")
        .put("acct", "support");
    ParsedDelivery own = parse("{\"stream\":[\"user\"],\"event\":\"status.update\",\"payload\":"
        + WireJson.MAPPER.getNodeFactory().textNode(WireJson.MAPPER.writeValueAsString(ownPost)) + "}");
    assertThat(own.interactions()).isEmpty();
    assertThat(own.skipped()).containsExactly("status.update 113447400000000077: the account's own status, ignored");
    assertThatThrownBy(() -> parse("{\"event\":\"status.update\",\"payload\":\"[1]\"}"))
        .isInstanceOf(DeliveryRejectedException.class).hasMessageContaining("status");
  }

  @Test
  void parse_numericIdBeyondTwoToThe53_isKeptExactly() {
    String body = fixture("notification-mention.json").replace("\"id\": \"113447239187771234\"",
        "\"id\": 113447239187771234");
    assertThat(parse(body).interactions().get(0).externalId()).isEqualTo("113447239187771234");
  }

  @Test
  void parse_exponentId_isLossy() {
    String body = fixture("notification-mention.json").replace("\"id\": \"113447239187771234\"",
        "\"id\": 1.1344723918777124E17");
    assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(DeliveryRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(DeliveryRejectedException.Reason.LOSSY_ID));
  }

  static String page(int from, int count) {
    StringBuilder out = new StringBuilder("[");
    // newest first, as Mastodon answers
    for (int id = from + count - 1; id >= from; id--) {
      String mention = fixture("notification-mention.json").replace("\"113447239210683001\"", "\"" + id + "\"")
          .replace("\"113447239187771234\"", "\"9" + id + "\"");
      out.append(out.length() > 1 ? "," : "").append(mention);
    }
    return out.append("]").toString();
  }

  @Test
  void poll_pagesForwardFromTheCursorAndReturnsOldestFirst() {
    WIRE.stubFor(get(urlEqualTo("/api/v1/notifications?types%5B%5D=mention&include_filtered=true&limit=40&min_id=1000"))
        .willReturn(aResponse().withStatus(200).withBody(page(1001, 40))));
    WIRE.stubFor(get(urlEqualTo("/api/v1/notifications?types%5B%5D=mention&include_filtered=true&limit=40&min_id=1040"))
        .willReturn(aResponse().withStatus(200).withBody(page(1041, 3))));

    PollResult result = adapter.poll("1000");

    assertThat(result.interactions()).hasSize(43);
    assertThat(result.more()).isFalse();
    assertThat(result.interactions()).extracting(Interaction::externalId).first().isEqualTo("91001");
    assertThat(result.interactions()).extracting(Interaction::externalId).last().isEqualTo("91043");
    assertThat(result.nextCursor()).isEqualTo("1043");
  }

  @Test
  void poll_rateLimitOnALaterPage_keepsThePagesRead_movesTheCursorPastThem_andSaysHowLongToWait() {
    WIRE.stubFor(get(urlEqualTo("/api/v1/notifications?types%5B%5D=mention&include_filtered=true&limit=40&min_id=1000"))
        .willReturn(aResponse().withStatus(200).withBody(page(1001, 40))));
    WIRE.stubFor(get(urlEqualTo("/api/v1/notifications?types%5B%5D=mention&include_filtered=true&limit=40&min_id=1040"))
        .willReturn(aResponse().withStatus(429).withHeader("X-RateLimit-Reset", "2026-03-14T10:35:00.000Z")
            .withBody("{\"error\":\"Too many requests\"}")));

    PollResult result = adapter.poll("1000");

    assertThat(result.interactions()).hasSize(40);
    assertThat(result.nextCursor()).isEqualTo("1040");
    assertThat(result.retryAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(result.skipped()).containsExactly("notifications: HTTP 429 on page 2, the next poll goes on there");
    // a server error that names no wait: the pages read are kept, and no wait is asked
    WIRE.stubFor(get(urlEqualTo("/api/v1/notifications?types%5B%5D=mention&include_filtered=true&limit=40&min_id=1040"))
        .willReturn(aResponse().withStatus(503)));
    PollResult failed = adapter.poll("1000");
    assertThat(failed.nextCursor()).isEqualTo("1040");
    assertThat(failed.retryAfter()).isNull();
    WIRE.stubFor(get(urlEqualTo("/api/v1/notifications?types%5B%5D=mention&include_filtered=true&limit=40&min_id=1040"))
        .willReturn(aResponse().withStatus(429).withHeader("X-RateLimit-Reset", "2026-03-14T10:35:00.000Z")
            .withBody("{\"error\":\"Too many requests\"}")));
    // on the first page there is nothing to keep: the poll fails with the wait
    assertThatThrownBy(() -> adapter.poll("1040")).isInstanceOfSatisfying(PollFailedException.class,
        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(5)));
  }

  @Test
  void poll_backlogLongerThanOnePoll_isPickedUpByTheNextPollWithoutAGap() {
    for (int p = 0; p < 11; p++) {
      int after = 1000 + 40 * p;
      WIRE.stubFor(get(urlEqualTo("/api/v1/notifications?types%5B%5D=mention&include_filtered=true&limit=40&min_id=" + after))
          .willReturn(aResponse().withStatus(200).withBody(page(after + 1, p < 10 ? 40 : 5))));
    }

    PollResult first = adapter.poll("1000");
    PollResult second = adapter.poll(first.nextCursor());

    assertThat(first.interactions()).hasSize(400);
    assertThat(first.nextCursor()).isEqualTo("1400");
    assertThat(first.more()).as("stopped at ten full pages").isTrue();
    assertThat(second.more()).isFalse();
    assertThat(second.interactions()).extracting(Interaction::externalId)
        .containsExactly("91401", "91402", "91403", "91404", "91405");
    assertThat(second.nextCursor()).isEqualTo("1405");
  }

  @Test
  void poll_withoutACursor_startsWithTheNewestPage() {
    WIRE.stubFor(get(urlEqualTo("/api/v1/notifications?types%5B%5D=mention&include_filtered=true&limit=40"))
        .willReturn(aResponse().withStatus(200).withBody(page(5001, 40))));

    PollResult result = adapter.poll(null);

    assertThat(result.interactions()).hasSize(40);
    assertThat(result.nextCursor()).isEqualTo("5040");
  }

  @Test
  void poll_rateLimited_waitsUntilReset() {
    WIRE.stubFor(get(urlEqualTo("/api/v1/notifications?types%5B%5D=mention&include_filtered=true&limit=40"))
        .willReturn(aResponse().withStatus(429).withHeader("X-RateLimit-Limit", "300")
            .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "2026-03-14T10:35:00.000Z")
            .withBody("{\"error\":\"Too many requests\"}")));
    assertThatThrownBy(() -> adapter.poll(null)).isInstanceOfSatisfying(PollFailedException.class,
        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(5)));
  }

  @Test
  void parse_mutatedNotifications_parseOrReject() {
    for (String name : List.of("notification-mention.json", "notifications.json")) {
      ArbitraryJson.mutationsParseOrReject(fixture(name), Map.of(), adapter::parse);
    }
    ArbitraryJson.tokenSoupParsesOrRejects(List.of("id", "type", "mention", "account", "status", "acct", "content",
        "visibility", "created_at", "event", "payload"), Map.of(), adapter::parse);
  }

  private static OutboundMessage privateReply(String statusId, String text) {
    return OutboundMessage.pending(OutboundId.of("out-9"), null, ContactId.of("c-1"), ChannelId.MASTODON,
        statusId, statusId, Visibility.PRIVATE, text, "service-reply", NOW);
  }

  private static void acceptStatuses() {
    WIRE.stubFor(post(urlEqualTo("/api/v1/statuses")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"113447400000000042\",\"visibility\":\"direct\"}")));
  }

  private static String postedStatus() throws IOException {
    List<LoggedRequest> posts = WIRE.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses")));
    assertThat(posts).hasSize(1);
    return WireJson.MAPPER.readTree(posts.get(0).getBody()).get("status").asText();
  }

  @Test
  void send_replyToAParsedMention_mentionsItsAuthorSoThatADirectStatusReachesThem() throws IOException {
    Interaction mention = parse(fixture("notification-mention.json")).interactions().get(0);
    acceptStatuses();

    SendResult result = adapter.send(privateReply(mention.externalId(), "Wir prüfen das."));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    assertThat(postedStatus()).isEqualTo("@kathrin@norden.social Wir prüfen das.");
    assertThat(WIRE.findAll(getRequestedFor(urlEqualTo("/api/v1/statuses/" + mention.externalId())))).isEmpty();
  }

  @Test
  void send_replyToAStatusTheAdapterDidNotParse_looksUpItsAuthor() throws IOException {
    answersStatusOfOle("1");

    assertThat(adapter.send(privateReply("113447239187779999", "Ist erledigt."))).isInstanceOf(SendResult.Sent.class);

    assertThat(postedStatus()).isEqualTo("@ole Ist erledigt.");
    assertThat(MastodonAdapter.withMention("ole", "Danke, @OLE! Ist erledigt.")).isEqualTo("Danke, @OLE! Ist erledigt.");
  }

  @Test
  void send_replyToADeletedStatus_failsPermanentlyWithoutPosting() {
    WIRE.stubFor(get(urlEqualTo("/api/v1/statuses/113447239187770000")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Record not found\"}")));

    SendResult result = adapter.send(privateReply("113447239187770000", "Wir prüfen das."));

    assertThat(result).isEqualTo(SendResult.permanent(
        "the status answered no longer exists, so a reply would reach nobody"));
    assertThat(WIRE.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses")))).isEmpty();
  }

  @Test
  void withMention_addsTheHandleOnlyWhereTheTextDoesNotMentionTheAccountAlready() {
    String acct = "kathrin@norden.social";
    assertThat(MastodonAdapter.withMention(acct, "Wir prüfen das.")).isEqualTo("@kathrin@norden.social Wir prüfen das.");
    assertThat(MastodonAdapter.withMention(acct, "@Kathrin@Norden.Social wir prüfen das."))
        .isEqualTo("@Kathrin@Norden.Social wir prüfen das.");
    assertThat(MastodonAdapter.withMention(acct, "Hallo @kathrin@norden.social.")).isEqualTo("Hallo @kathrin@norden.social.");
    // a longer handle or one inside a word is another account
    assertThat(MastodonAdapter.withMention(acct, "Siehe @kathrin@norden.social.de"))
        .isEqualTo("@kathrin@norden.social Siehe @kathrin@norden.social.de");
    assertThat(MastodonAdapter.withMention("kathrin", "Hallo @kathrin@norden.social"))
        .isEqualTo("@kathrin Hallo @kathrin@norden.social");
    assertThat(MastodonAdapter.withMention(acct, "mail@kathrin@norden.social"))
        .isEqualTo("@kathrin@norden.social mail@kathrin@norden.social");
    assertThat(MastodonAdapter.withMention(acct, "Danke (@kathrin@norden.social)!")).isEqualTo("Danke (@kathrin@norden.social)!");
    assertThat(MastodonAdapter.withMention(acct, "https://norden.social/@kathrin@norden.social"))
        .startsWith("@kathrin@norden.social ");
  }

  @Test
  void poll_notificationTheMappingRefuses_isSkippedAndTheCursorMovesOn() {
    String page = page(2001, 3).replaceFirst("\"visibility\": *\"unlisted\"", "\"visibility\": \"limited\"");
    assertThat(page).contains("\"limited\"");
    WIRE.stubFor(get(urlEqualTo("/api/v1/notifications?types%5B%5D=mention&include_filtered=true&limit=40&min_id=2000"))
        .willReturn(aResponse().withStatus(200).withBody(page)));

    PollResult result = adapter.poll("2000");

    // the page lists the newest first, so the refused one is 2003
    assertThat(result.interactions()).extracting(Interaction::externalId).containsExactly("92001", "92002");
    assertThat(result.skipped()).containsExactly("notification 2003 rejected: mastodon: 'visibility' has an unknown value");
    assertThat(result.nextCursor()).isEqualTo("2003");
  }

  @Test
  void textLength_countsAsMastodonDoes() {
    assertThat(adapter.textLength(ChannelId.MASTODON, "Störung in Heide")).isEqualTo(16);
    // a link counts 23, however long
    assertThat(adapter.textLength(ChannelId.MASTODON,
        "Siehe https://www.glasfaser-nord.de/stoerungen/heide-2026-03-14?quelle=mastodon")).isEqualTo(6 + 23);
    // a remote mention counts its local part only
    assertThat(adapter.textLength(ChannelId.MASTODON, "@kathrin@norden.social Danke!")).isEqualTo(8 + 1 + 6);
    // what a reader sees as one character is one: an emoji outside the BMP, a letter with a combining mark
    assertThat(adapter.textLength(ChannelId.MASTODON, "🏡 Bu\u0308sum")).isEqualTo(7);
    assertThat(adapter.textLength(ChannelId.MASTODON, "👨‍👩‍👧 👍🏽 🇩🇪")).isEqualTo(5);
    // an e-mail address is no mention
    assertThat(adapter.textLength(ChannelId.MASTODON, "info@glasfaser-nord.de")).isEqualTo(22);
  }

  @Test
  void replyThatTheMentionPushesOverTheLimit_isRefusedBeforeQueueing_onceItsStatusWasHeard() {
    Interaction mention = parse(fixture("notification-mention.json")).interactions().get(0);
    OutboundMessage reply = privateReply(mention.externalId(), "a".repeat(500));

    // "@kathrin " counts 9: the engine's check refuses it, so it is never queued to be dead-lettered
    assertThat(adapter.refusal(reply)).isEqualTo("the reply with the mention it needs has 509 characters, more than"
        + " the limit of 500");
    assertThatThrownBy(() -> Channels.of(adapter).sendCheck(Clock.fixed(NOW, ZoneOffset.UTC)).check(reply, NOW))
        .isInstanceOf(SendRefusedException.class).hasMessageContaining("509 characters");
    assertThat(adapter.send(reply)).isInstanceOf(SendResult.PermanentFailure.class);
    assertThat(adapter.refusal(privateReply(mention.externalId(), "a".repeat(491)))).isNull();
    assertThat(WIRE.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses")))).isEmpty();
  }

  @Test
  void send_replyThatTheMentionPushesOverTheLimit_toAStatusNotHeard_failsPermanentlyWithoutPosting() {
    answersStatusOfOle("110000000000000001");
    OutboundMessage reply = privateReply("113447239187779999", "a".repeat(500));
    // the author is found only at send
    assertThat(adapter.refusal(reply)).isNull();

    SendResult result = adapter.send(reply);

    assertThat(result).isEqualTo(SendResult.permanent("the reply with the mention it needs is longer than 500 characters"));
    assertThat(WIRE.findAll(postRequestedFor(urlEqualTo("/api/v1/statuses")))).isEmpty();
  }

  @Test
  void textLengthAndMentions_followMastodonsRules() {
    assertThat(adapter.textLength(ChannelId.MASTODON, "Hallo\r\nWelt")).isEqualTo(10);
    String acct = "kathrin@norden.social";
    assertThat(MastodonAdapter.withMention(acct, "Formular: ?an=@kathrin@norden.social")).startsWith("@kathrin@norden.social ");
    assertThat(MastodonAdapter.withMention(acct, "Danke.@kathrin@norden.social")).isEqualTo("Danke.@kathrin@norden.social");
    assertThat(MastodonAdapter.withMention(acct, "--@kathrin@norden.social")).isEqualTo("--@kathrin@norden.social");
  }

  @Test
  void forget_dropsTheAuthorsOfTheAccountsStatuses_soAReplyLooksThemUpAgain() {
    Interaction mention = parse(fixture("notification-mention.json")).interactions().get(0);
    WIRE.stubFor(get(urlEqualTo("/api/v1/statuses/" + mention.externalId())).willReturn(aResponse().withStatus(404)));

    Channels.of(adapter).forget(IdentityKey.of(ChannelId.MASTODON, "Kathrin@Norden.Social"));
    SendResult result = adapter.send(privateReply(mention.externalId(), "Wir prüfen das."));

    assertThat(result).isInstanceOf(SendResult.PermanentFailure.class);
    assertThat(WIRE.findAll(getRequestedFor(urlEqualTo("/api/v1/statuses/" + mention.externalId())))).hasSize(1);
  }

  /**
   * Since Mastodon 4.3 the notification policy holds back private mentions from accounts the brand
   * does not follow, unless the poll asks for them with include_filtered=true.
   */
  @Test
  void poll_returnsPrivateMentionsThatTheNotificationPolicyFiltered() {
    String directFromStranger = "[" + MastodonAdapterTest.fixture("notification-mention.json")
        .replace("\"visibility\": \"unlisted\"", "\"visibility\": \"direct\"") + "]";
    // what Mastodon 4.3+ answers: the filtered notification only when include_filtered=true is asked for
    WIRE.stubFor(get(urlPathEqualTo("/api/v1/notifications")).atPriority(1)
        .withQueryParam("include_filtered", equalTo("true"))
        .willReturn(aResponse().withStatus(200).withBody(directFromStranger)));
    WIRE.stubFor(get(urlPathEqualTo("/api/v1/notifications")).atPriority(10)
        .willReturn(aResponse().withStatus(200).withBody("[]")));

    PollResult result = adapter.poll("113447239210683000");

    assertThat(result.interactions()).as("direct mention from an account the brand does not follow")
        .extracting(Interaction::kind).containsExactly(InteractionKind.DIRECT);
  }

  /** A link ends before the full stop after it, which counts as a character of its own. */
  @Test
  void textLength_countsThePunctuationAfterALink() {
    assertThat(adapter.textLength(ChannelId.MASTODON, "Siehe https://www.glasfaser-nord.de/stoerungen."))
        .isEqualTo(6 + 23 + 1);
  }

  @Test
  void textLength_linkInAngleBrackets_countsTheClosingBracket() {
    // "Infos unter <" (13) + link (23) + ">" (1)
    assertThat(adapter.textLength(ChannelId.MASTODON, "Infos unter <https://www.glasfaser-nord.de/stoerungen>"))
        .isEqualTo(13 + 23 + 1);
  }

  @Test
  void textLength_linkBeforeANoBreakSpace_endsAtTheSpace() {
    // "Siehe " (6) + link (23) + NBSP + "– Danke" (8)
    assertThat(adapter.textLength(ChannelId.MASTODON, "Siehe https://www.glasfaser-nord.de/stoerungen\u00A0– Danke"))
        .isEqualTo(6 + 23 + 8);
  }

  @Test
  void textLength_linkFollowedByAQuestionMarkOrAQuote_endsBeforeIt() {
    // "Formular: " (10) + link (23) + "?" (1), and '"' + link + '"' (1 + 23 + 1)
    assertThat(adapter.textLength(ChannelId.MASTODON, "Formular: https://glasfaser-nord.de/antrag?")).isEqualTo(34);
    assertThat(adapter.textLength(ChannelId.MASTODON, "\"https://glasfaser-nord.de/faq\"")).isEqualTo(25);
    // a Wikipedia link keeps its balanced brackets
    assertThat(adapter.textLength(ChannelId.MASTODON, "(https://de.wikipedia.org/wiki/Glasfaser_(Begriff))"))
        .isEqualTo(1 + 23 + 1);
  }

  @Test
  void textLength_linkWhoseQueryEndsInEqualsSigns_isAllLink() {
    // "Termin: " (8) + link (23): the query may end with '='
    assertThat(adapter.textLength(ChannelId.MASTODON, "Termin: https://glasfaser-nord.de/t?code=QUJD==")).isEqualTo(8 + 23);
  }

  @Test
  void textLength_linkWhoseQueryEndsInAPlus_endsBeforeIt() {
    // "Suche: " (7) + link (23) + "+" (1): '+' is no query ending char
    assertThat(adapter.textLength(ChannelId.MASTODON, "Suche: https://glasfaser-nord.de/?q=a+")).isEqualTo(7 + 23 + 1);
  }

  @Test
  void textLength_queryEndingInAGermanClosingQuote_countsTheQuoteAsLink() {
    // a path already ends after the quote (it is no path ending char to strip) ...
    assertThat(adapter.textLength(ChannelId.MASTODON, "https://glasfaser-nord.de/tarife\u201c")).isEqualTo(23);
    // ... and so does a query: "„" (1) + link with the closing quote U+201C (23)
    assertThat(adapter.textLength(ChannelId.MASTODON, "\u201ehttps://glasfaser-nord.de/t?tarif=1000\u201c"))
        .isEqualTo(1 + 23);
  }

  @Test
  void textLength_queryEndingInAnEmoji_countsTheEmojiAsLink() {
    assertThat(adapter.textLength(ChannelId.MASTODON, "https://glasfaser-nord.de/t?code=AB12\uD83C\uDF89"))
        .isEqualTo(23);
  }

  /** A run like "@a.a.a…" (4,002 characters) is counted: a pattern with a repeated group overflowed the stack. */
  @Test
  void textLength_aLongHandleLikeRun_isCountedAndTooLongAReply() {
    String dotted = "@a" + ".a".repeat(2000);
    assertThat(adapter.textLength(ChannelId.MASTODON, dotted)).isEqualTo(dotted.length());
    assertThat(adapter.textLength(ChannelId.MASTODON, dotted + "@norden.social")).isEqualTo(dotted.length());
    OutboundMessage reply = OutboundMessage.pending(OutboundId.of("out-long"), null, ContactId.of("c-1"),
        ChannelId.MASTODON, "113447239187771234", "113447239187771234", Visibility.PRIVATE, dotted,
        "service-reply", NOW);

    assertThatThrownBy(() -> Channels.of(adapter).sendCheck(Clock.fixed(NOW, ZoneOffset.UTC)).check(reply, NOW))
        .isInstanceOf(SendRefusedException.class);
    assertThat(adapter.send(reply)).isInstanceOf(SendResult.PermanentFailure.class);
  }

  /**
   * Mastodon counts user-perceived characters (Unicode's extended grapheme clusters): the Myanmar
   * vowel sign AA (U+102C, U+102B) is a spacing mark that stands alone there, and nothing joins a line
   * break.
   */
  @Test
  void textLength_countsTheSpacingMarksThatStandAloneAndNoMarkOnALineBreak() {
    assertThat(adapter.textLength(ChannelId.MASTODON, "\u101C\u102C")).isEqualTo(2);
    assertThat(adapter.textLength(ChannelId.MASTODON, "\u1015\u102B\u1038")).isEqualTo(3);
    assertThat(adapter.textLength(ChannelId.MASTODON, "\u0915\u093E")).as("Devanagari KA + AA").isEqualTo(1);
    assertThat(adapter.textLength(ChannelId.MASTODON, "a\n\u0301b")).isEqualTo(4);
    assertThat(adapter.textLength(ChannelId.MASTODON, "a\r\n\u0301b")).isEqualTo(4);
    OutboundMessage burmese = OutboundMessage.pending(OutboundId.of("out-my"), null, ContactId.of("c-1"),
        ChannelId.MASTODON, "113447239187771234", "113447239187771234", Visibility.PRIVATE,
        "\u101C\u102C".repeat(300), "service-reply", NOW);
    assertThatThrownBy(() -> Channels.of(adapter).sendCheck(Clock.fixed(NOW, ZoneOffset.UTC)).check(burmese, NOW))
        .as("600 characters for Mastodon").isInstanceOf(SendRefusedException.class);
  }
}
