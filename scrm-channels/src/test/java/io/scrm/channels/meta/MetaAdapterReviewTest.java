package io.scrm.channels.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.SendResult;
import io.scrm.core.IngestResult;
import io.scrm.core.ReplyResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
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

/** Review findings against Meta's webhook and Send API documentation; each test fails on the current adapter. */
final class MetaAdapterReviewTest {
  private static final String SECRET = "app-secret-0815";
  private static final String TOKEN = "EAAGpageToken123";
  private static final String PAGE = "104598372201847";
  private static final String POST = PAGE + "_922384756102";
  private static final String PSID = "7712840093316524";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MetaAdapter adapter = MetaAdapter.builder().baseUrl(WIRE.baseUrl()).pageAccessToken(TOKEN)
      .appSecret(SECRET).timeout(Duration.ofSeconds(2))
      .clock(Clock.fixed(Instant.ofEpochSecond(1773490000), ZoneOffset.UTC)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private static InboundDelivery signed(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return InboundDelivery.of(bytes, Map.of(MetaAdapter.SIGNATURE_HEADER,
        List.of(MetaAdapterTest.sign(SECRET, bytes))), Instant.EPOCH);
  }

  private static String feed(String... values) {
    StringBuilder changes = new StringBuilder();
    for (String value : values) {
      changes.append(changes.length() == 0 ? "" : ",").append("{\"field\":\"feed\",\"value\":").append(value).append('}');
    }
    return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE + "\",\"time\":1773486000,\"changes\":[" + changes + "]}]}";
  }

  private static String comment(String commentId, String fromId, String fromName, long createdTime) {
    return "{\"from\":{\"id\":\"" + fromId + "\",\"name\":\"" + fromName + "\"},\"post_id\":\"" + POST + "\","
        + "\"comment_id\":\"" + commentId + "\",\"created_time\":" + createdTime + ",\"item\":\"comment\","
        + "\"parent_id\":\"" + POST + "\",\"verb\":\"add\",\"message\":\"Internet weg seit gestern\"}";
  }

  // 1. A feed comment whose 'from' Meta left out is a valid comment and must not be dropped.
  @Test
  void parse_feedCommentWithoutFrom_isKeptAsACustomerComment() {
    String value = "{\"post_id\":\"" + POST + "\",\"comment_id\":\"922384756102_1180923847561\","
        + "\"created_time\":1773485990,\"item\":\"comment\",\"parent_id\":\"" + POST + "\",\"verb\":\"add\","
        + "\"message\":\"Bei uns in Rendsburg ist das Internet weg.\"}";

    ParsedDelivery parsed = adapter.parse(signed(feed(value)));

    assertThat(parsed.skipped()).as("notes").isEmpty();
    assertThat(parsed.interactions()).singleElement().satisfies(i -> {
      assertThat(i.channel()).isEqualTo(ChannelId.FACEBOOK);
      assertThat(i.externalId()).isEqualTo("922384756102_1180923847561");
      assertThat(i.text()).isEqualTo("Bei uns in Rendsburg ist das Internet weg.");
    });
  }

  // 2. Messages delivered on the standby channel (app is not thread owner) are customer messages.
  @Test
  void parse_messageOnTheStandbyChannel_isNotDroppedSilently() {
    String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE + "\",\"time\":1773484805123,\"standby\":[{"
        + "\"sender\":{\"id\":\"" + PSID + "\"},\"recipient\":{\"id\":\"" + PAGE + "\"},\"timestamp\":1773484800456,"
        + "\"message\":{\"mid\":\"m_Standby-1\",\"text\":\"Hallo, ist jemand da?\"}}]}]}";

    ParsedDelivery parsed = adapter.parse(signed(body));

    assertThat(parsed.interactions()).as("interactions (skipped: %s)", parsed.skipped()).singleElement()
        .satisfies(i -> {
          assertThat(i.externalId()).isEqualTo("m_Standby-1");
          assertThat(i.threadId()).isEqualTo(PSID);
        });
  }

  // 3. Two customers commenting on the same page post end up in one case; the reply to the first
  //    customer's case is posted under the second customer's comment.
  @Test
  void reply_toTheFirstCommentersCase_answersTheFirstCommentersComment() {
    SocialCrm crm = SocialCrm.builder().consentPolicy(q -> ConsentDecision.allow("test", "Art. 6(1)(b)")).build();
    List<Interaction> comments = adapter.parse(signed(feed(
        comment("922384756102_1000000000001", "6029384756102938", "Heike Sommer", 1773485990),
        comment("922384756102_1000000000002", "6029384756109999", "Jonas Brandt", 1773486050)))).interactions();
    assertThat(comments).hasSize(2);
    IngestResult heike = crm.ingest(comments.get(0));
    IngestResult jonas = crm.ingest(comments.get(1));

    ReplyResult reply = crm.reply(heike.caseId(), Actor.agent("agent-1"), "Wir schicken morgen einen Techniker.");

    OutboundMessage out = crm.stores().outbox().find(reply.outbound()).orElseThrow();
    assertThat(out.recipient()).isEqualTo(heike.contact());
    assertThat(out.inReplyTo()).as("the comment the reply to Heike's case is posted under")
        .isEqualTo("922384756102_1000000000001");
    assertThat(jonas.caseId()).as("case of Jonas' comment").isNotEqualTo(heike.caseId());
  }

  // 4. Erasure: ChannelAdapter.forget must drop what the adapter keeps about an account; the Meta
  //    adapter keeps each PSID's last message time and never forgets it.
  @Test
  void forget_dropsTheCustomersLastMessageTime() {
    WIRE.stubFor(post(urlEqualTo("/v21.0/me/messages")).willReturn(aResponse().withStatus(200)
        .withBody("{\"recipient_id\":\"" + PSID + "\",\"message_id\":\"m_Out-1\"}")));
    String old = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE + "\",\"time\":1773390000000,\"messaging\":[{"
        + "\"sender\":{\"id\":\"" + PSID + "\"},\"recipient\":{\"id\":\"" + PAGE + "\"},\"timestamp\":1773390000000,"
        + "\"message\":{\"mid\":\"m_Old-1\",\"text\":\"Hallo\"}}]}]}";
    adapter.parse(signed(old));

    adapter.forget(ChannelId.MESSENGER, PSID);
    SendResult result = adapter.send(OutboundMessage.pending(OutboundId.of("o-9"), null, ContactId.of("c"),
        ChannelId.MESSENGER, PSID, null, Visibility.PRIVATE, "Hallo", "service-reply", Instant.EPOCH));

    assertThat(result).as("send after the PSID was forgotten").isInstanceOf(SendResult.Sent.class);
    WIRE.verify(1, postRequestedFor(urlEqualTo("/v21.0/me/messages")));
  }

  // 5. A post a customer publishes on the Page (feed item status/photo/post, verb add) is a public
  //    customer message like a comment; it is dropped as an "ignored" change.
  @Test
  void parse_visitorPostOnThePage_isKeptAsAPublicCustomerMessage() {
    String value = "{\"from\":{\"id\":\"6029384756102938\",\"name\":\"Heike Sommer\"},\"item\":\"status\","
        + "\"post_id\":\"" + PAGE + "_933300000001\",\"verb\":\"add\",\"published\":1,"
        + "\"created_time\":1773485990,\"message\":\"Seit drei Tagen kein Internet in Rendsburg!\"}";

    ParsedDelivery parsed = adapter.parse(signed(feed(value)));

    assertThat(parsed.interactions()).as("interactions (skipped: %s)", parsed.skipped()).singleElement()
        .satisfies(i -> {
          assertThat(i.channel()).isEqualTo(ChannelId.FACEBOOK);
          assertThat(i.externalId()).isEqualTo(PAGE + "_933300000001");
          assertThat(i.visibility()).isEqualTo(Visibility.PUBLIC);
        });
  }
}
