package io.scrm.channels.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.PollFailedException;
import io.scrm.channels.PollResult;
import io.scrm.core.model.Interaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a poll does when X answers a request other than with data: an expired token in the middle of
 * a backlog, direct messages the token may not read.
 */
final class XPollFailuresTest {
  private static final String MENTIONS = "/2/users/1234567/mentions";
  private static final String DM_EVENTS = "/2/dm_events";
  private static final String CURSOR = "1900400000000000000";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static XAdapter adapter(boolean dms) {
    return XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("x-token").userId("1234567").directMessages(dms)
        .clock(Clock.fixed(Instant.parse("2026-03-14T10:30:00Z"), ZoneOffset.UTC)).timeout(Duration.ofSeconds(30))
        .build();
  }

  /**
   * An expired OAuth 2.0 user token (X's expire after two hours) answers 401 to any request. While a
   * backlog is being read on, that 401 must fail the poll (cursor kept), not give the backlog up as if
   * X had refused the until_id: the mentions between since and until would never be read.
   */
  @Test
  void poll_mentionsBacklogAnsweredUnauthorized_failsInsteadOfGivingTheBacklogUp() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).withQueryParam("until_id", equalTo("1900400000000000500"))
        .willReturn(aResponse().withStatus(401).withBody("{\"title\":\"Unauthorized\",\"status\":401}")));
    try (XAdapter x = adapter(false)) {
      assertThatThrownBy(() -> x.poll(CURSOR + "~1900400000000000500~1900400000000000900"))
          .isInstanceOf(PollFailedException.class);
    }
  }

  /**
   * The same for a walk of the direct messages: a 401 on the kept page is no refusal of the page, and
   * the events between the cursor's event and the kept page must still be read once the token works;
   * the mentions are heard meanwhile.
   */
  @Test
  void poll_directMessageWalkAnsweredUnauthorized_keepsTheWalk() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).willReturn(aResponse().withStatus(200)
        .withBody("{\"meta\":{\"result_count\":0}}")));
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).withQueryParam("pagination_token", equalTo("18LAA581J5II7LA00C00ZZZZ"))
        .willReturn(aResponse().withStatus(401).withBody("{\"title\":\"Unauthorized\",\"status\":401}")));
    String walk = ":1900450000000000000~18LAA581J5II7LA00C00ZZZZ~1900460000000000300";
    try (XAdapter x = adapter(true)) {
      PollResult result = x.poll(walk);

      assertThat(result.nextCursor()).as("the walk is kept, to go on once the token works").isEqualTo(walk);
      assertThat(result.skipped()).anySatisfy(note -> assertThat(note).contains("dm events").contains("401"));
    }
  }

  /**
   * X's mentions are heard although its direct messages cannot be read: a token without dm.read, or
   * an access level without direct messages, answers 403 on GET /2/dm_events for good.
   */
  @Test
  void poll_directMessagesForbidden_stillDeliversTheMentions() {
    WIRE.stubFor(get(urlPathEqualTo(MENTIONS)).willReturn(aResponse().withStatus(200).withBody(
        "{\"data\":[{\"id\":\"1900447829118746625\",\"text\":\"@GlasfaserNord kein Netz\","
            + "\"author_id\":\"98765432\",\"conversation_id\":\"1900447829118746625\","
            + "\"created_at\":\"2026-03-14T09:41:02.000Z\",\"edit_history_tweet_ids\":[\"1900447829118746625\"]}],"
            + "\"includes\":{\"users\":[{\"id\":\"98765432\",\"name\":\"Sabine\",\"username\":\"bine_baut\"}]},"
            + "\"meta\":{\"result_count\":1}}")));
    WIRE.stubFor(get(urlPathEqualTo(DM_EVENTS)).willReturn(aResponse().withStatus(403)
        .withBody("{\"title\":\"Forbidden\",\"status\":403}")));
    try (XAdapter x = adapter(true)) {
      PollResult result = x.poll(CURSOR + ":1900450000000000000");

      assertThat(result.interactions()).extracting(Interaction::externalId).containsExactly("1900447829118746625");
      assertThat(result.nextCursor()).as("the direct messages are read from their cursor later")
          .isEqualTo("1900447829118746625:1900450000000000000");
      assertThat(result.skipped()).anySatisfy(note -> assertThat(note).contains("dm events").contains("403"));
    }
  }
}
