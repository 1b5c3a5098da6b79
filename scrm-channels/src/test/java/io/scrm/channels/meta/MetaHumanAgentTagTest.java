package io.scrm.channels.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.Channels;
import io.scrm.channels.SendResult;
import io.scrm.core.SendRefusedException;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HUMAN_AGENT tag: when a reply past 24 hours carries it, and when it must not. */
final class MetaHumanAgentTagTest {
  private static final String PSID = "7712840093316524";
  private static final Instant NOW = Instant.ofEpochSecond(1773490000);

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static MetaAdapter agents() {
    return MetaAdapter.builder().baseUrl(WIRE.baseUrl()).pageAccessToken("EAAGpageToken123").appSecret("app-secret-0815")
        .humanAgentTag().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
  }

  private static OutboundMessage reply(String purpose) {
    return OutboundMessage.pending(OutboundId.of("o-h"), null, ContactId.of("c"), ChannelId.MESSENGER, PSID, null,
        Visibility.PRIVATE, "Hallo, hier ist Anna vom Kundenservice.", purpose, Instant.EPOCH);
  }

  /**
   * The adapter knows the customer's last message only from what it parsed itself; after a restart or
   * on another instance Meta's answer tells that the 24 hours are over.
   */
  @Test
  void humanAgentTag_lastMessageUnknownToThisInstance_replyPast24hGoesOutTagged() {
    WIRE.stubFor(post(urlEqualTo("/v21.0/me/messages"))
        .withRequestBody(matchingJsonPath("$.messaging_type", equalTo("RESPONSE")))
        .willReturn(aResponse().withStatus(400).withBody("{\"error\":{\"message\":\"(#10) This message is sent "
            + "outside of allowed window.\",\"type\":\"OAuthException\",\"code\":10,\"error_subcode\":2018278}}")));
    WIRE.stubFor(post(urlEqualTo("/v21.0/me/messages"))
        .withRequestBody(matchingJsonPath("$.tag", equalTo("HUMAN_AGENT")))
        .willReturn(aResponse().withStatus(200).withBody("{\"recipient_id\":\"" + PSID + "\",\"message_id\":\"m_7\"}")));
    try (MetaAdapter restarted = agents()) {
      SendResult result = restarted.send(reply("service-reply"));
      assertThat(result).isInstanceOf(SendResult.Sent.class);
      WIRE.verify(2, postRequestedFor(urlEqualTo("/v21.0/me/messages")));
    }
  }

  /** Meta forbids promotional content under a message tag; the tag is for people's answers. */
  @Test
  void humanAgentTag_marketingPast24h_isNotSentWithTheTag() {
    WIRE.stubFor(post(urlEqualTo("/v21.0/me/messages")).willReturn(aResponse().withStatus(400).withBody("{\"error\":"
        + "{\"message\":\"(#10) This message is sent outside of allowed window.\",\"type\":\"OAuthException\","
        + "\"code\":10,\"error_subcode\":2018278}}")));
    try (MetaAdapter agents = agents()) {
      agents.parse(MetaAdapterTest.signed(MetaAdapterTest.fixture("messenger-mixed.json")
          .replace("1773484800456", Long.toString(NOW.minusSeconds(26 * 3600).toEpochMilli()))));
      SendResult result = agents.send(reply("marketing"));
      WIRE.verify(0, postRequestedFor(urlEqualTo("/v21.0/me/messages"))
          .withRequestBody(matchingJsonPath("$.tag", equalTo("HUMAN_AGENT"))));
      assertThat(result).isInstanceOfSatisfying(SendResult.PermanentFailure.class,
          failed -> assertThat(failed.reason()).contains("24-hour"));
    }
  }

  @Test
  void humanAgentTag_noticePast24h_isRefusedByTheSendCheck() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    Instant last = NOW.minus(Duration.ofHours(26));
    try (MetaAdapter adapter = MetaAdapter.builder().baseUrl("http://127.0.0.1:9").pageAccessToken("EAAGpageToken123")
        .appSecret("app-secret-0815").humanAgentTag().clock(clock).build()) {
      adapter.parse(MetaAdapterTest.signed(MetaAdapterTest.fixture("messenger-mixed.json")
          .replace("1773484800456", Long.toString(last.toEpochMilli()))));
      // a notice is not a person's answer: SocialCrm.send queues it with its own purpose
      OutboundMessage notice = OutboundMessage.pending(OutboundId.of("o-n"), null, ContactId.of("c"),
          ChannelId.MESSENGER, PSID, null, Visibility.PRIVATE, "Ihr Anschluss ist ab morgen aktiv.", "notice", NOW);

      // Meta would refuse it for good: the check before it is queued refuses it
      assertThatThrownBy(() -> Channels.of(adapter).sendCheck(clock).check(notice, last))
          .isInstanceOf(SendRefusedException.class);
      // while a person's answer may still go out, for 7 days
      OutboundMessage answer = OutboundMessage.pending(OutboundId.of("o-a"), null, ContactId.of("c"),
          ChannelId.MESSENGER, PSID, null, Visibility.PRIVATE, "Hallo, hier ist Anna.", "service-reply", NOW);
      Channels.of(adapter).sendCheck(clock).check(answer, last);
      assertThatThrownBy(() -> Channels.of(adapter).sendCheck(clock).check(answer, NOW.minus(Duration.ofDays(8))))
          .isInstanceOf(SendRefusedException.class);
    }
  }
}
