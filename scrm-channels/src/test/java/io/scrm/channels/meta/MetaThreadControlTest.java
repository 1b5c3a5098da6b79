package io.scrm.channels.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelConfig;
import io.scrm.channels.Channels;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.SendResult;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Meta's handover protocol: a reply to a conversation another app owns (a chatbot, another inbox)
 * takes control first when the adapter may, and who owns a conversation follows the webhook's events.
 */
final class MetaThreadControlTest {
  private static final String PAGE = "104729384756102";
  private static final String PSID = "7712840093316524";
  private static final Instant NOW = Instant.ofEpochSecond(1773485000);
  private static final String MESSAGES = "/v21.0/me/messages";
  private static final String TAKE = "/v21.0/me/take_thread_control";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @BeforeEach
  void stubs() {
    WIRE.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200)
        .withBody("{\"recipient_id\":\"" + PSID + "\",\"message_id\":\"m_reply-1\"}")));
    WIRE.stubFor(post(urlEqualTo(TAKE)).willReturn(aResponse().withStatus(200).withBody("{\"success\":true}")));
  }

  private static MetaAdapter adapter(boolean takeThreadControl) {
    MetaAdapter.Builder builder = MetaAdapter.builder().baseUrl(WIRE.baseUrl()).pageAccessToken("EAAGpageToken123")
        .appSecret("app-secret-0815").clock(Clock.fixed(NOW, ZoneOffset.UTC)).timeout(Duration.ofSeconds(30));
    return (takeThreadControl ? builder.takeThreadControl() : builder).build();
  }

  private static String event(String channel, String member) {
    return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE + "\",\"time\":1773484805123,\"" + channel + "\":[{"
        + "\"sender\":{\"id\":\"" + PSID + "\"},\"recipient\":{\"id\":\"" + PAGE + "\"},\"timestamp\":1773484800456,"
        + member + "}]}]}";
  }

  private static String message(String mid) {
    return "\"message\":{\"mid\":\"" + mid + "\",\"text\":\"Ich möchte bitte mit einem Menschen sprechen.\"}";
  }

  private static OutboundMessage reply() {
    return OutboundMessage.pending(OutboundId.of("o-tc"), null, ContactId.of("c"), ChannelId.MESSENGER, PSID, null,
        Visibility.PRIVATE, "Hallo, hier ist Anna vom Kundenservice.", "service-reply", Instant.EPOCH);
  }

  private static List<String> calls() {
    // the server lists its requests newest first
    List<String> urls = new ArrayList<>(WIRE.getAllServeEvents().stream().map(e -> e.getRequest().getUrl()).toList());
    Collections.reverse(urls);
    return urls;
  }

  @Test
  void replyToAConversationHeardOnStandby_takesControlFirst_thenSends() {
    try (MetaAdapter adapter = adapter(true)) {
      adapter.parse(MetaAdapterTest.signed(event("standby", message("m_Standby-1"))));

      SendResult result = adapter.send(reply());

      assertThat(result).isInstanceOf(SendResult.Sent.class);
      assertThat(calls()).containsExactly(TAKE, MESSAGES);
      WIRE.verify(postRequestedFor(urlEqualTo(TAKE)).withRequestBody(
          equalToJson("{\"recipient\":{\"id\":\"" + PSID + "\"},\"metadata\":\"reply o-tc\"}")));
      // control is this app's now: the next reply goes straight out
      adapter.send(reply());
      assertThat(calls()).containsExactly(TAKE, MESSAGES, MESSAGES);
    }
  }

  @Test
  void ownershipFollowsTheWebhook_messagingAndPassMeanThisApp_standbyAndTakeMeanAnother() {
    try (MetaAdapter adapter = adapter(true)) {
      adapter.parse(MetaAdapterTest.signed(event("messaging", message("m_Own-1"))));
      adapter.send(reply());
      assertThat(calls()).as("a conversation this app heard on messaging").containsExactly(MESSAGES);

      ParsedDelivery taken = adapter.parse(MetaAdapterTest.signed(event("messaging",
          "\"take_thread_control\":{\"previous_owner_app_id\":\"1517628365\",\"new_owner_app_id\":\"2639104475\","
              + "\"metadata\":\"bot übernimmt\"}")));
      assertThat(taken.interactions()).isEmpty();
      assertThat(taken.skipped()).containsExactly("take_thread_control for " + PSID
          + ": another app owns the conversation");
      adapter.send(reply());
      assertThat(calls()).as("after another app took control").containsExactly(MESSAGES, TAKE, MESSAGES);

      adapter.parse(MetaAdapterTest.signed(event("standby", message("m_Standby-2"))));
      ParsedDelivery passed = adapter.parse(MetaAdapterTest.signed(event("messaging",
          "\"pass_thread_control\":{\"previous_owner_app_id\":\"2639104475\",\"new_owner_app_id\":\"1517628365\","
              + "\"metadata\":\"an einen Menschen\"}")));
      assertThat(passed.skipped()).containsExactly("pass_thread_control for " + PSID
          + ": this app owns the conversation");
      adapter.send(reply());
      assertThat(calls()).as("after control was passed to this app").containsExactly(MESSAGES, TAKE, MESSAGES, MESSAGES);
    }
  }

  @Test
  void takeRefused_replyFailsWithTheReasonAndIsNotSent() {
    WIRE.stubFor(post(urlEqualTo(TAKE)).willReturn(aResponse().withStatus(403).withBody("{\"error\":{\"message\":"
        + "\"(#200) Permissions error\",\"type\":\"OAuthException\",\"code\":200,\"fbtrace_id\":\"AbC\"}}")));
    try (MetaAdapter adapter = adapter(true)) {
      adapter.parse(MetaAdapterTest.signed(event("standby", message("m_Standby-3"))));

      SendResult result = adapter.send(reply());

      assertThat(result).isEqualTo(SendResult.permanent("taking control of the conversation: HTTP 403: Graph API error 200"));
      assertThat(calls()).containsExactly(TAKE);
    }
  }

  @Test
  void takeRateLimited_isRetried_withNothingSent() {
    WIRE.stubFor(post(urlEqualTo(TAKE)).willReturn(aResponse().withStatus(400).withHeader("Retry-After", "30")
        .withBody("{\"error\":{\"message\":\"(#613) Calls to this api have exceeded the rate limit.\","
            + "\"type\":\"OAuthException\",\"code\":613}}")));
    try (MetaAdapter adapter = adapter(true)) {
      adapter.parse(MetaAdapterTest.signed(event("standby", message("m_Standby-4"))));

      SendResult result = adapter.send(reply());

      assertThat(result).isEqualTo(SendResult.retryable(
          "taking control of the conversation: rate limited: Graph API error 613", Duration.ofSeconds(30)));
      assertThat(calls()).containsExactly(TAKE);
    }
  }

  @Test
  void withoutTheOption_aReplyToAStandbyConversationIsSentAsIs() {
    try (MetaAdapter adapter = adapter(false)) {
      adapter.parse(MetaAdapterTest.signed(event("standby", message("m_Standby-5"))));

      adapter.send(reply());

      assertThat(calls()).containsExactly(MESSAGES);
      WIRE.verify(postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(matchingJsonPath("$.messaging_type")));
    }
  }

  @Test
  void forget_dropsWhoOwnsTheConversation() {
    try (MetaAdapter adapter = adapter(true)) {
      adapter.parse(MetaAdapterTest.signed(event("standby", message("m_Standby-6"))));

      adapter.forget(ChannelId.MESSENGER, PSID);
      adapter.send(reply());

      assertThat(calls()).containsExactly(MESSAGES);
    }
  }

  @Test
  void adapterFromItsProvider_withTakeThreadControlSet_takesControlToo() {
    try (ChannelAdapter adapter = Channels.create("meta", ChannelConfig.of(Map.of("page-access-token", "EAAGpageToken123",
        "app-secret", "app-secret-0815", "base-url", WIRE.baseUrl(), "take-thread-control", "true")))) {
      // this adapter runs on the system clock: the customer wrote just now
      adapter.parse(MetaAdapterTest.signed(event("standby", message("m_Standby-7"))
          .replace("1773484800456", Long.toString(System.currentTimeMillis()))));

      assertThat(adapter.send(reply())).isInstanceOf(SendResult.Sent.class);

      assertThat(calls()).containsExactly(TAKE, MESSAGES);
    }
  }
}
