package io.scrm.channels.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.SendResult;
import io.scrm.channels.internal.ArbitraryJson;
import io.scrm.core.IngestResult;
import io.scrm.core.ReplyResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Attachment;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import io.scrm.channels.Channels;

final class MetaAdapterTest {
  private static final String WINDOW_CLOSED = "{\"error\":{\"message\":\"(#10) This message is sent outside of "
      + "allowed window.\",\"type\":\"OAuthException\",\"code\":10,\"error_subcode\":2018278,"
      + "\"fbtrace_id\":\"AbCdEf\"}}";
  private static final String SECRET = "app-secret-0815";
  private static final String TOKEN = "EAAGpageToken123";
  private static final String PAGE = "104598372201847";
  private static final String POST = PAGE + "_922384756102";
  private static final String PSID = "7712840093316524";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MetaAdapter adapter = MetaAdapter.builder().baseUrl(WIRE.baseUrl()).pageAccessToken(TOKEN)
      .appSecret(SECRET).verifyToken("verify-me").timeout(Duration.ofSeconds(30))
      .clock(Clock.fixed(Instant.ofEpochSecond(1773490000), ZoneOffset.UTC)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  static String fixture(String name) {
    try (InputStream in = MetaAdapterTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static InboundDelivery signed(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return InboundDelivery.of(bytes, Map.of(MetaAdapter.SIGNATURE_HEADER, List.of(sign(SECRET, bytes))), Instant.EPOCH);
  }

  @Test
  void parse_messagesWithEchoAndReceipts_keepsOnlyTheCustomerMessage() {
    ParsedDelivery parsed = adapter.parse(signed(fixture("messenger-mixed.json")));
    assertThat(parsed.interactions()).hasSize(1);
    Interaction i = parsed.interactions().get(0);
    assertThat(i.channel()).isEqualTo(ChannelId.MESSENGER);
    assertThat(i.externalId()).isEqualTo("m_Ab3kQx9Lr2vT0pZ-1");
    assertThat(i.threadId()).isEqualTo("7712840093316524");
    assertThat(i.occurredAt()).isEqualTo(Instant.ofEpochMilli(1773484800456L));
    assertThat(parsed.skipped()).hasSize(3);
  }

  @Test
  void parse_postbackAndReply_areCustomerMessages() {
    List<Interaction> list = adapter.parse(signed(fixture("messenger-postback.json"))).interactions();
    assertThat(list).extracting(Interaction::text).containsExactly("Störung melden", "Das Foto vom Router");
    assertThat(list.get(0).tags()).contains("postback");
    assertThat(list.get(1).inReplyTo()).isEqualTo("m_Echo77-2");
    assertThat(list.get(1).attachments()).hasSize(1);
  }

  /** A Messenger delivery of one customer message with the given {@code attachments} array. */
  private static String messengerAttachments(String mid, String attachments) {
    return "{\"object\":\"page\",\"entry\":[{\"id\":\"104598372201847\",\"time\":1773484805123,"
        + "\"messaging\":[{\"sender\":{\"id\":\"7712840093316524\"},\"recipient\":{\"id\":\"104598372201847\"},"
        + "\"timestamp\":1773484800456,\"message\":{\"mid\":\"" + mid + "\",\"attachments\":" + attachments
        + "}}]}]}";
  }

  @Test
  void parse_sharedLocation_isALocationAttachment_andAFileLessAttachmentIsNoted() {
    ParsedDelivery parsed = adapter.parse(signed(messengerAttachments("m_Loc-1", "[{\"type\":\"location\","
        + "\"payload\":{\"coordinates\":{\"lat\":54.3233,\"long\":10.1228}}},"
        + "{\"type\":\"template\",\"payload\":{\"template_type\":\"generic\"}}]")));

    assertThat(parsed.interactions()).singleElement().satisfies(i -> assertThat(i.attachments())
        .containsExactly(new Attachment("location", "geo:54.3233,10.1228", null, null)));
    assertThat(parsed.skipped())
        .containsExactly("message m_Loc-1: attachment of type template without a file, not kept");
    ParsedDelivery outOfRange = adapter.parse(signed(messengerAttachments("m_Loc-2", "[{\"type\":\"location\","
        + "\"payload\":{\"coordinates\":{\"lat\":91.5,\"long\":10.1}}}]")));
    assertThat(outOfRange.interactions()).isEmpty();
    assertThat(outOfRange.skipped()).singleElement().asString().contains("'lat' of a location is not a coordinate");
    // a few characters of JSON whose plain form would be a billion digits
    ParsedDelivery tiny = adapter.parse(signed(messengerAttachments("m_Loc-3", "[{\"type\":\"location\","
        + "\"payload\":{\"coordinates\":{\"lat\":1e-999999999,\"long\":10.1}}}]")));
    assertThat(tiny.skipped()).singleElement().asString().contains("'lat' of a location is not a coordinate");
  }

  @Test
  void parse_feedComment_isPublicFacebookCommentAndSkipsPageOwnAndReactions() {
    ParsedDelivery parsed = adapter.parse(signed(fixture("page-feed-comment.json")));
    assertThat(parsed.interactions()).hasSize(1);
    Interaction i = parsed.interactions().get(0);
    assertThat(i.channel()).isEqualTo(ChannelId.FACEBOOK);
    assertThat(i.externalId()).isEqualTo("922384756102_1180923847561");
    // a top-level comment is a conversation of its own, not the post's
    assertThat(i.threadId()).isEqualTo("922384756102_1180923847561");
    assertThat(i.inReplyTo()).isEqualTo("104598372201847_922384756102");
    assertThat(i.authorName()).isEqualTo("Heike Sommer");
    assertThat(i.visibility()).isEqualTo(Visibility.PUBLIC);
    assertThat(i.kind()).isEqualTo(InteractionKind.COMMENT);
    assertThat(parsed.skipped()).hasSize(2);
  }

  @Test
  void parse_signatureOverOtherBytes_isRejected() {
    byte[] body = fixture("messenger-mixed.json").getBytes(StandardCharsets.UTF_8);
    // same JSON, one space more: the signature covers the raw bytes, not the parsed value
    byte[] reformatted = (" " + fixture("messenger-mixed.json")).getBytes(StandardCharsets.UTF_8);
    InboundDelivery d = InboundDelivery.of(reformatted, Map.of(MetaAdapter.SIGNATURE_HEADER,
        List.of(sign(SECRET, body))), Instant.EPOCH);
    assertThatThrownBy(() -> adapter.parse(d)).isInstanceOfSatisfying(DeliveryRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(DeliveryRejectedException.Reason.BAD_SIGNATURE));
  }

  @Test
  void parse_missingSignature_isRejected() {
    assertThatThrownBy(() -> adapter.parse(InboundDelivery.ofText(fixture("messenger-mixed.json"), Instant.EPOCH)))
        .isInstanceOfSatisfying(DeliveryRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(DeliveryRejectedException.Reason.BAD_SIGNATURE));
  }

  @Test
  void verifySubscription_rightToken_answersChallenge() {
    assertThat(adapter.verifySubscription(Map.of("hub.mode", "subscribe", "hub.verify_token", "verify-me",
        "hub.challenge", "1158201444"))).contains("1158201444");
    assertThat(adapter.verifySubscription(Map.of("hub.mode", "subscribe", "hub.verify_token", "nope",
        "hub.challenge", "1158201444"))).isEmpty();
  }

  @Test
  void send_outsideTheWindowByThisInstancesRecord_isLeftToMeta() {
    WIRE.stubFor(post(urlEqualTo("/v21.0/me/messages"))
        .willReturn(aResponse().withStatus(400).withBody(WINDOW_CLOSED)));
    String old = fixture("messenger-mixed.json").replace("1773484800456", "1773390000000");
    adapter.parse(signed(old));
    SendResult result = adapter.send(OutboundMessage.pending(OutboundId.of("o-1"), null, ContactId.of("c"),
        ChannelId.MESSENGER, "7712840093316524", null, Visibility.PRIVATE, "Hallo", "service-reply", Instant.EPOCH));
    assertThat(result).isInstanceOfSatisfying(SendResult.PermanentFailure.class,
        failed -> assertThat(failed.reason()).contains("24-hour"));
    WIRE.verify(1, postRequestedFor(urlEqualTo("/v21.0/me/messages"))
        .withRequestBody(matchingJsonPath("$.messaging_type", equalTo("RESPONSE"))));
  }

  /**
   * Two instances of the host share the stores and the outbox: the customer wrote to this one 30
   * hours ago and to the other one an hour ago. The send check, measured on the shared store, let
   * the reply through; this instance's older record must not refuse it for good.
   */
  @Test
  void send_customerWroteToAnotherInstanceSince_goesOut() {
    WIRE.stubFor(post(urlEqualTo("/v21.0/me/messages")).willReturn(aResponse().withStatus(200)
        .withBody("{\"recipient_id\":\"" + PSID + "\",\"message_id\":\"m_reply\"}")));
    Instant lastHere = Instant.ofEpochMilli(1773484800456L);
    Instant lastThere = lastHere.plus(Duration.ofHours(30));
    Instant now = lastThere.plus(Duration.ofHours(1));
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    try (MetaAdapter here = MetaAdapter.builder().baseUrl(WIRE.baseUrl()).pageAccessToken(TOKEN).appSecret(SECRET)
        .clock(clock).build()) {
      here.parse(signed(fixture("messenger-mixed.json")));
      OutboundMessage reply = OutboundMessage.pending(OutboundId.of("o-9"), null, ContactId.of("c"),
          ChannelId.MESSENGER, PSID, null, Visibility.PRIVATE, "Der Anschluss ist ab Montag buchbar.",
          "service-reply", now);
      Channels.of(here).sendCheck(clock).check(reply, lastThere);

      assertThat(here.send(reply)).isInstanceOf(SendResult.Sent.class);
      WIRE.verify(1, postRequestedFor(urlEqualTo("/v21.0/me/messages"))
          .withRequestBody(matchingJsonPath("$.messaging_type", equalTo("RESPONSE"))));
    }
  }

  @Test
  void send_withTheHumanAgentTag_answersUpToSevenDaysWithTheTagAndWithinADayWithout() {
    WIRE.stubFor(post(urlEqualTo("/v21.0/me/messages")).willReturn(aResponse().withStatus(200)
        .withBody("{\"recipient_id\":\"" + PSID + "\",\"message_id\":\"m_Out-7\"}")));
    Instant now = Instant.ofEpochSecond(1773490000);
    MetaAdapter agents = MetaAdapter.builder().baseUrl(WIRE.baseUrl()).pageAccessToken(TOKEN).appSecret(SECRET)
        .humanAgentTag().clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    OutboundMessage reply = OutboundMessage.pending(OutboundId.of("o-7"), null, ContactId.of("c"), ChannelId.MESSENGER,
        PSID, null, Visibility.PRIVATE, "Hallo, hier ist Anna vom Kundenservice.", "service-reply", Instant.EPOCH);
    String customerWrote = fixture("messenger-mixed.json").replace("1773484800456", "MILLIS");

    assertThat(agents.capabilities(ChannelId.MESSENGER).replyWindow()).isEqualTo(Duration.ofDays(7));
    // 26 hours after the customer's message: with the tag
    agents.parse(signed(customerWrote.replace("MILLIS", Long.toString(now.minusSeconds(26 * 3600).toEpochMilli()))));
    assertThat(agents.send(reply)).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(postRequestedFor(urlEqualTo("/v21.0/me/messages")).withRequestBody(equalToJson(
        "{\"recipient\":{\"id\":\"" + PSID + "\"},\"messaging_type\":\"MESSAGE_TAG\",\"tag\":\"HUMAN_AGENT\","
            + "\"message\":{\"text\":\"Hallo, hier ist Anna vom Kundenservice.\"}}")));
    // a newer message: within a day again, a plain response
    agents.parse(signed(customerWrote.replace("MILLIS", Long.toString(now.minusSeconds(3600).toEpochMilli()))));
    assertThat(agents.send(reply)).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(postRequestedFor(urlEqualTo("/v21.0/me/messages")).withRequestBody(equalToJson(
        "{\"recipient\":{\"id\":\"" + PSID + "\"},\"messaging_type\":\"RESPONSE\","
            + "\"message\":{\"text\":\"Hallo, hier ist Anna vom Kundenservice.\"}}")));
    WIRE.verify(2, postRequestedFor(urlEqualTo("/v21.0/me/messages")));
    agents.close();
  }

  @Test
  void send_withTheHumanAgentTagAfterSevenDaysByThisInstancesRecord_isLeftToMeta() {
    WIRE.stubFor(post(urlEqualTo("/v21.0/me/messages"))
        .willReturn(aResponse().withStatus(400).withBody(WINDOW_CLOSED)));
    Instant now = Instant.ofEpochSecond(1773490000);
    MetaAdapter agents = MetaAdapter.builder().baseUrl(WIRE.baseUrl()).pageAccessToken(TOKEN).appSecret(SECRET)
        .humanAgentTag().clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    agents.parse(signed(fixture("messenger-mixed.json").replace("1773484800456",
        Long.toString(now.minus(Duration.ofDays(7)).minusSeconds(1).toEpochMilli()))));

    SendResult result = agents.send(OutboundMessage.pending(OutboundId.of("o-8"), null, ContactId.of("c"),
        ChannelId.MESSENGER, PSID, null, Visibility.PRIVATE, "Hallo", "service-reply", Instant.EPOCH));

    // a plain answer, and the tagged one Meta's refusal calls for (another instance may have heard a
    // message within 7 days): both refused, for good
    assertThat(result).isInstanceOf(SendResult.PermanentFailure.class);
    WIRE.verify(1, postRequestedFor(urlEqualTo("/v21.0/me/messages"))
        .withRequestBody(matchingJsonPath("$.messaging_type", equalTo("RESPONSE"))));
    WIRE.verify(1, postRequestedFor(urlEqualTo("/v21.0/me/messages"))
        .withRequestBody(matchingJsonPath("$.tag", equalTo("HUMAN_AGENT"))));
    agents.close();
  }

  @Test
  void send_commentReply_postsToTheCommentsEdge() {
    WIRE.stubFor(post(urlEqualTo("/v21.0/922384756102_1180923847561/comments"))
        .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"922384756102_1180923847600\"}")));
    SendResult result = adapter.send(OutboundMessage.pending(OutboundId.of("o-2"), null, ContactId.of("c"),
        ChannelId.FACEBOOK, "104598372201847_922384756102", "922384756102_1180923847561", Visibility.PUBLIC,
        "Wir schicken morgen einen Techniker.", "service-reply", Instant.EPOCH));
    assertThat(result).isInstanceOfSatisfying(SendResult.Sent.class,
        s -> assertThat(s.providerId()).isEqualTo("922384756102_1180923847600"));
    WIRE.verify(postRequestedFor(urlEqualTo("/v21.0/922384756102_1180923847561/comments"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withRequestBody(equalToJson("{\"message\":\"Wir schicken morgen einen Techniker.\"}")));
  }

  @Test
  void send_windowClosedAnswer_isPermanent() {
    WIRE.stubFor(post(urlEqualTo("/v21.0/me/messages"))
        .willReturn(aResponse().withStatus(400).withBody(WINDOW_CLOSED)));
    SendResult result = adapter.send(OutboundMessage.pending(OutboundId.of("o-3"), null, ContactId.of("c"),
        ChannelId.MESSENGER, "99887766", null, Visibility.PRIVATE, "Hallo", "service-reply", Instant.EPOCH));
    assertThat(result).isInstanceOf(SendResult.PermanentFailure.class);
    assertThat(((SendResult.PermanentFailure) result).reason()).contains("24-hour");
  }

  @Test
  void parse_mutatedBodies_parseOrReject() {
    MetaAdapter unsigned = MetaAdapter.builder().baseUrl(WIRE.baseUrl()).pageAccessToken(TOKEN)
        .acceptUnsignedBodies().build();
    for (String name : List.of("messenger-mixed.json", "messenger-postback.json", "page-feed-comment.json")) {
      ArbitraryJson.mutationsParseOrReject(fixture(name), Map.of(), unsigned::parse);
    }
    ArbitraryJson.tokenSoupParsesOrRejects(List.of("object", "page", "entry", "id", "messaging", "changes",
        "sender", "recipient", "timestamp", "message", "mid", "text", "field", "value"), Map.of(), unsigned::parse);
  }

  @Test
  void parse_batchWithOneEventTheMappingRefuses_keepsTheOthersAndNotesTheSkippedOne() {
    // the first event lost its sender: refusing the whole batch would make Meta send it forever
    String body = fixture("messenger-postback.json").replaceFirst("\"sender\": \\{\"id\": \"7712840093316524\"\\},", "");
    assertThat(body).isNotEqualTo(fixture("messenger-postback.json"));

    ParsedDelivery parsed = adapter.parse(signed(body));

    assertThat(parsed.interactions()).extracting(Interaction::text).containsExactly("Das Foto vom Router");
    assertThat(parsed.skipped()).singleElement().asString()
        .startsWith("page 104598372201847 messaging 0 rejected: messenger: ")
        .doesNotContain("Störung");
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

  @Test
  void parse_feedCommentWithoutFrom_isKeptWithAnAuthorOfItsOwn() {
    String value = "{\"post_id\":\"" + POST + "\",\"comment_id\":\"922384756102_1180923847561\","
        + "\"created_time\":1773485990,\"item\":\"comment\",\"parent_id\":\"" + POST + "\",\"verb\":\"add\","
        + "\"message\":\"Bei uns in Rendsburg ist das Internet weg.\"}";

    ParsedDelivery parsed = adapter.parse(signed(feed(value)));

    assertThat(parsed.skipped()).as("notes").isEmpty();
    assertThat(parsed.interactions()).singleElement().satisfies(i -> {
      assertThat(i.channel()).isEqualTo(ChannelId.FACEBOOK);
      assertThat(i.externalId()).isEqualTo("922384756102_1180923847561");
      assertThat(i.text()).isEqualTo("Bei uns in Rendsburg ist das Internet weg.");
      assertThat(i.authorHandle()).isEqualTo("unknown-author:922384756102_1180923847561");
      assertThat(i.authorName()).isNull();
      assertThat(i.tags()).containsExactly("author-unknown");
    });
  }

  @Test
  void parse_messageOnTheStandbyChannel_isHeardAndTagged() {
    String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE + "\",\"time\":1773484805123,\"standby\":[{"
        + "\"sender\":{\"id\":\"" + PSID + "\"},\"recipient\":{\"id\":\"" + PAGE + "\"},\"timestamp\":1773484800456,"
        + "\"message\":{\"mid\":\"m_Standby-1\",\"text\":\"Hallo, ist jemand da?\"}}]}]}";

    ParsedDelivery parsed = adapter.parse(signed(body));

    assertThat(parsed.interactions()).as("interactions (skipped: %s)", parsed.skipped()).singleElement()
        .satisfies(i -> {
          assertThat(i.externalId()).isEqualTo("m_Standby-1");
          assertThat(i.threadId()).isEqualTo(PSID);
          assertThat(i.tags()).containsExactly("standby");
        });
  }

  @Test
  void comments_ofTwoPeopleOnOnePost_areTwoCasesAndEachReplyGoesUnderItsOwnComment() {
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

  @Test
  void parse_replyUnderAComment_isTheThreadOfTheRepliersRepliesUnderThatComment() {
    String reply = comment("922384756102_1000000000003", "6029384756102938", "Heike Sommer", 1773486100)
        .replace("\"parent_id\":\"" + POST + "\"", "\"parent_id\":\"922384756102_1000000000001\"");

    Interaction i = adapter.parse(signed(feed(reply))).interactions().get(0);

    assertThat(i.threadId()).isEqualTo("922384756102_1000000000001/6029384756102938");
    assertThat(i.inReplyTo()).isEqualTo("922384756102_1000000000001");
    assertThat(i.kind()).isEqualTo(InteractionKind.REPLY);
  }

  @Test
  void replies_underACustomersComment_joinHerCaseWhenSheWritesThemAndMakeAnotherCaseWhenSomeoneElseDoes() {
    SocialCrm crm = SocialCrm.builder().consentPolicy(q -> ConsentDecision.allow("test", "Art. 6(1)(b)")).build();
    String heikeComment = "922384756102_1000000000001";
    IngestResult heike = crm.ingest(adapter.parse(signed(feed(
        comment(heikeComment, "6029384756102938", "Heike Sommer", 1773485990)))).interactions().get(0));
    // Jonas answers under Heike's comment ("bei mir auch"), twice; then Heike adds to her own comment
    List<IngestResult> jonas = new ArrayList<>();
    for (String id : List.of("922384756102_1000000000002", "922384756102_1000000000004")) {
      jonas.add(crm.ingest(adapter.parse(signed(feed(comment(id, "6029384756109999", "Jonas Brandt", 1773486050)
          .replace("\"parent_id\":\"" + POST + "\"", "\"parent_id\":\"" + heikeComment + "\"")))).interactions()
          .get(0)));
    }
    IngestResult heikeAgain = crm.ingest(adapter.parse(signed(feed(
        comment("922384756102_1000000000003", "6029384756102938", "Heike Sommer", 1773486100)
            .replace("\"parent_id\":\"" + POST + "\"", "\"parent_id\":\"" + heikeComment + "\"")))).interactions()
        .get(0));

    assertThat(heikeAgain.caseId()).isEqualTo(heike.caseId());
    assertThat(jonas.get(0).caseId()).isNotEqualTo(heike.caseId()).isEqualTo(jonas.get(1).caseId());
    OutboundMessage toHeike = crm.stores().outbox().find(crm.reply(heike.caseId(), Actor.agent("agent-1"),
        "Frau Sommer, wir schicken morgen einen Techniker.").outbound()).orElseThrow();
    assertThat(toHeike.recipient()).isEqualTo(heike.contact());
    // under her latest message, which Facebook shows under her comment
    assertThat(toHeike.inReplyTo()).isEqualTo("922384756102_1000000000003");
    OutboundMessage toJonas = crm.stores().outbox().find(crm.reply(jonas.get(0).caseId(), Actor.agent("agent-1"),
        "Herr Brandt, wir prüfen auch Ihren Anschluss.").outbound()).orElseThrow();
    assertThat(toJonas.recipient()).isEqualTo(jonas.get(0).contact());
    assertThat(toJonas.inReplyTo()).isEqualTo("922384756102_1000000000004");
  }

  @Test
  void send_toTheThreadOfSomeonesReplies_postsUnderTheCommentTheyAnswered() {
    WIRE.stubFor(post(urlEqualTo("/v21.0/922384756102_1000000000001/comments"))
        .willReturn(aResponse().withStatus(200).withBody("{\"id\":\"922384756102_1000000000009\"}")));

    SendResult result = adapter.send(OutboundMessage.pending(OutboundId.of("o-5"), null, ContactId.of("c"),
        ChannelId.FACEBOOK, "922384756102_1000000000001/6029384756109999", null, Visibility.PUBLIC,
        "Wir prüfen das.", "service-reply", Instant.EPOCH));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(1, postRequestedFor(urlEqualTo("/v21.0/922384756102_1000000000001/comments")));
  }

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

  @Test
  void parse_visitorPostOnThePage_isAPublicMessageInAThreadOfItsOwn() {
    String value = "{\"from\":{\"id\":\"6029384756102938\",\"name\":\"Heike Sommer\"},\"item\":\"status\","
        + "\"post_id\":\"" + PAGE + "_933300000001\",\"verb\":\"add\",\"published\":1,"
        + "\"created_time\":1773485990,\"message\":\"Seit drei Tagen kein Internet in Rendsburg!\"}";

    ParsedDelivery parsed = adapter.parse(signed(feed(value)));

    assertThat(parsed.interactions()).as("interactions (skipped: %s)", parsed.skipped()).singleElement()
        .satisfies(i -> {
          assertThat(i.channel()).isEqualTo(ChannelId.FACEBOOK);
          assertThat(i.externalId()).isEqualTo(PAGE + "_933300000001");
          assertThat(i.threadId()).isEqualTo(PAGE + "_933300000001");
          assertThat(i.kind()).isEqualTo(InteractionKind.MENTION);
          assertThat(i.inReplyTo()).isNull();
          assertThat(i.visibility()).isEqualTo(Visibility.PUBLIC);
        });
  }
}
