package io.scrm.channels.mastodon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrm.channels.ChannelCapabilities;
import io.scrm.channels.Channels;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.PollResult;
import io.scrm.channels.SendResult;
import io.scrm.channels.internal.WireJson;
import io.scrm.core.SendRefusedException;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whom a Mastodon reply reaches, and how widely: the customer it mentions, never the brand itself;
 * no wider than the customer shared; and its length as Mastodon counts the mention.
 */
final class MastodonReplyAudienceTest {
  private static final Instant NOW = Instant.parse("2026-03-14T10:30:00Z");
  private static final String STATUSES = "/api/v1/statuses";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MastodonAdapter adapter = MastodonAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("tok-123")
      .clock(Clock.fixed(NOW, ZoneOffset.UTC)).timeout(Duration.ofSeconds(30)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private Interaction parseMention(String fixtureReplacedFrom, String fixtureReplacedTo) {
    String body = MastodonAdapterTest.fixture("notification-mention.json").replace(fixtureReplacedFrom, fixtureReplacedTo);
    return adapter.parse(InboundDelivery.ofText(body, Instant.EPOCH)).interactions().get(0);
  }

  private static OutboundMessage message(@Nullable String threadId, @Nullable String inReplyTo, Visibility visibility,
      String text, String purpose) {
    return OutboundMessage.pending(OutboundId.of("out-9"), null, ContactId.of("c-1"), ChannelId.MASTODON, threadId,
        inReplyTo, visibility, text, purpose, NOW);
  }

  private static void ownAccount(int status) {
    WIRE.stubFor(get(urlEqualTo("/api/v1/accounts/verify_credentials")).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"110000000000000001\",\"username\":\"support\",\"acct\":\"support\"}")));
  }

  /** A public reply to Ole's status of the given visibility, which the adapter did not parse and looks up. */
  private SendResult replyToOlesStatus(String visibility) {
    WIRE.stubFor(get(urlEqualTo(STATUSES + "/113447239187779999")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"113447239187779999\",\"visibility\":\"" + visibility
            + "\",\"account\":{\"id\":\"7\",\"acct\":\"ole\"}}")));
    acceptStatuses();
    return adapter.send(message("113447239187779999", "113447239187779999", Visibility.PUBLIC, "Ist erledigt.",
        "service-reply"));
  }

  private static void acceptStatuses() {
    WIRE.stubFor(post(urlEqualTo(STATUSES)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"113447400000000042\",\"visibility\":\"direct\"}")));
  }

  private static List<LoggedRequest> posts() {
    return WIRE.findAll(postRequestedFor(urlEqualTo(STATUSES)));
  }

  private static JsonNode body(LoggedRequest request) throws IOException {
    return WireJson.MAPPER.readTree(request.getBody());
  }


  /**
   * A message without a status to answer (SocialCrm.send with threadId null, e.g. a notice to a
   * Mastodon contact) passes the check before queueing, since the adapter claims it starts
   * conversations, and then goes out as a {@code direct} status that mentions nobody: Mastodon
   * accepts it, it is visible to the brand alone, and the adapter reports it as sent.
   */
  @Test
  void send_messageWithoutAStatusToAnswer_isNotPostedAsADirectStatusThatReachesNobody() {
    acceptStatuses();

    SendResult result = adapter.send(message(null, null, Visibility.PRIVATE, "Ihr Anschluss ist wieder online.",
        "notice"));

    assertThat(posts()).as("a direct status without a mention reaches no one").isEmpty();
    assertThat(result).isInstanceOf(SendResult.PermanentFailure.class);
  }

  @Test
  void sendCheck_messageWithoutAStatusToAnswer_isRefusedBeforeQueueing() {
    OutboundMessage notice = message(null, null, Visibility.PRIVATE, "Ihr Anschluss ist wieder online.", "notice");

    assertThatThrownBy(() -> Channels.of(adapter).sendCheck(Clock.fixed(NOW, ZoneOffset.UTC)).check(notice, null))
        .isInstanceOf(SendRefusedException.class);
  }


  /**
   * The customer wrote {@code unlisted} (public, but kept off the public timelines); a public reply
   * goes out {@code public}, so the brand's answer naming the customer lands on the local and
   * federated timelines. Mastodon's own composer answers with the more restricted of the two.
   */
  @Test
  void send_publicReplyToAnUnlistedMention_staysUnlisted() throws IOException {
    Interaction mention = parseMention("\"visibility\": \"unlisted\"", "\"visibility\": \"unlisted\"");
    assertThat(mention.visibility()).isEqualTo(Visibility.PUBLIC);
    acceptStatuses();

    assertThat(adapter.send(message(mention.threadId(), mention.externalId(), Visibility.PUBLIC, "Wir prüfen das.",
        "service-reply"))).isInstanceOf(SendResult.Sent.class);

    assertThat(posts()).hasSize(1);
    assertThat(body(posts().get(0)).get("visibility").asText()).isEqualTo("unlisted");
  }

  @Test
  void send_publicReplyToAnUnlistedStatusLookedUp_staysUnlisted() throws IOException {
    ownAccount(200);
    replyToOlesStatus("unlisted");

    assertThat(posts()).hasSize(1);
    assertThat(body(posts().get(0)).get("visibility").asText()).isEqualTo("unlisted");
  }


  /**
   * Mastodon's mention pattern (Account::MENTION_RE) allows '.' and '-' inside a username, as remote
   * accounts have them ({@code @jan.de-vries@mastodon.social}), and such a mention counts as
   * {@code @jan.de-vries}; a mention right after '=' or '/' is no mention and counts whole.
   */
  @Test
  void textLength_remoteMentionWithADotOrHyphenInTheUsername_countsItsLocalPartOnly() {
    // "@jan.de-vries" (13) + " Danke!" (7)
    assertThat(adapter.textLength(ChannelId.MASTODON, "@jan.de-vries@mastodon.social Danke!")).isEqualTo(20);
    // after '=' Mastodon sees no mention: all 16 chars count
    assertThat(adapter.textLength(ChannelId.MASTODON, "a=@anna@b.social")).isEqualTo(16);
  }

  /** The consequence: a reply Mastodon accepts is refused as too long, after it was queued. */
  @Test
  void send_replyToAnAccountWithADotInItsUsername_isNotRefusedAsTooLong() {
    Interaction mention = parseMention("\"acct\": \"kathrin@norden.social\"", "\"acct\": \"jan.de-vries@mastodon.social\"");
    acceptStatuses();
    // Mastodon counts "@jan.de-vries " (14) + 480 = 494 <= 500
    String text = "a".repeat(480);
    assertThat(adapter.textLength(ChannelId.MASTODON, text)).isEqualTo(480);

    SendResult result = adapter.send(message(mention.threadId(), mention.externalId(), Visibility.PRIVATE, text,
        "service-reply"));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
  }


  /**
   * Posting statuses is limited to 300 per 3 hours per account (RateLimiter family :statuses, which
   * POST /api/v1/statuses reports in its X-RateLimit headers); 300 per 5 minutes is the general API
   * limit. The dispatcher's rate limiter is built from this declaration.
   */
  @Test
  void capabilities_rateLimitIsMastodonsLimitOnPostingStatuses() {
    ChannelCapabilities caps = adapter.capabilities(ChannelId.MASTODON);

    assertThat(caps.rateLimit()).isEqualTo(new ChannelCapabilities.RateLimit(300, Duration.ofHours(3)));
  }


  /**
   * A message sent into a known thread without inReplyTo (SocialCrm.send(recipient, channel,
   * threadId, ...)) answers the thread's status. A Mastodon thread is the status answered, which is
   * the brand's own status when the customer replied to the brand's post: the adapter then looks up
   * that status's author, the brand itself, and posts "@support ..." as a direct status — the
   * customer is not mentioned and never sees it.
   */
  @Test
  void send_intoAThreadThatIsTheBrandsOwnStatus_failsPermanentlyInsteadOfAddressingTheBrandItself() {
    ownAccount(200);
    WIRE.stubFor(get(urlEqualTo(STATUSES + "/113447290000000000")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"113447290000000000\",\"visibility\":\"direct\",\"in_reply_to_id\":\"113447239187771234\","
            + "\"in_reply_to_account_id\":\"109384752019384756\","
            + "\"account\":{\"id\":\"110000000000000001\",\"username\":\"support\",\"acct\":\"support\"},"
            + "\"mentions\":[{\"id\":\"109384752019384756\",\"username\":\"kathrin\",\"acct\":\"kathrin@norden.social\"}]}")));
    acceptStatuses();

    SendResult result = adapter.send(message("113447290000000000", null, Visibility.PRIVATE,
        "Der Techniker kommt morgen.", "notice"));
    SendResult again = adapter.send(message("113447290000000000", null, Visibility.PRIVATE,
        "Der Techniker kommt morgen.", "notice"));

    assertThat(result).isEqualTo(
        SendResult.permanent("the status answered is this account's own, so a reply would reach no customer"));
    assertThat(again).isEqualTo(result);
    assertThat(posts()).isEmpty();
    assertThat(WIRE.findAll(getRequestedFor(urlEqualTo("/api/v1/accounts/verify_credentials"))))
        .as("the account's own id is asked once").hasSize(1);
  }

  @Test
  void send_tokenThatMayNotAskForItsAccount_stillRepliesToAStatusLookedUp() {
    ownAccount(403);
    assertThat(replyToOlesStatus("public")).isInstanceOf(SendResult.Sent.class);
  }

  @Test
  void send_serverThatCannotSayWhoItsAccountIsNow_isRetried() {
    ownAccount(503);
    assertThat(replyToOlesStatus("public")).isInstanceOf(SendResult.RetryableFailure.class);
    assertThat(posts()).isEmpty();
  }

  /**
   * A notification whose id the cursor check would refuse is skipped with a note: as the next cursor
   * it would make every later poll fail as the caller's mistake.
   */
  @Test
  void poll_notificationIdThatIsNoCursor_doesNotBecomeTheNextCursor() {
    String page = "[" + MastodonAdapterTest.fixture("notification-mention.json")
        .replace("\"113447239210683001\"", "\"2001:x\"") + "]";
    WIRE.stubFor(get(urlPathEqualTo("/api/v1/notifications")).atPriority(10)
        .willReturn(aResponse().withStatus(200).withBody("[]")));
    WIRE.stubFor(get(urlEqualTo("/api/v1/notifications?types%5B%5D=mention&include_filtered=true&limit=40&min_id=2000"))
        .atPriority(1).willReturn(aResponse().withStatus(200).withBody(page)));

    PollResult first = adapter.poll("2000");

    assertThat(first.interactions()).isEmpty();
    assertThat(first.skipped()).containsExactly("a notification without a Mastodon id skipped");
    assertThat(first.nextCursor()).isEqualTo("2000");
    assertThatCode(() -> adapter.poll(first.nextCursor())).doesNotThrowAnyException();
  }
}
