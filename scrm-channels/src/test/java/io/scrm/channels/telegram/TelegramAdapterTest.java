package io.scrm.channels.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.PollFailedException;
import io.scrm.channels.PollResult;
import io.scrm.channels.internal.ArbitraryJson;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Visibility;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class TelegramAdapterTest {
  private static final String TOKEN = "7301946652:AAH-token";
  private static final String SECRET = "s3cr3t";
  private static final Map<String, List<String>> HEADERS = Map.of(TelegramAdapter.SECRET_HEADER, List.of(SECRET));

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final TelegramAdapter adapter = TelegramAdapter.builder().baseUrl(WIRE.baseUrl()).token(TOKEN)
      .secretToken(SECRET).botUsername("@GlasfaserNordBot").timeout(Duration.ofSeconds(30)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  static String fixture(String name) {
    try (InputStream in = TelegramAdapterTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private ParsedDelivery parse(String name) {
    return adapter.parse(InboundDelivery.of(fixture(name).getBytes(StandardCharsets.UTF_8), HEADERS, Instant.EPOCH));
  }

  @Test
  void poll_cursorThatIsNoUpdateId_isRefusedAsTheCallersMistake() {
    assertThatThrownBy(() -> adapter.poll("12a")).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("cursor must be an update id, was not an integer");
  }

  @Test
  void parse_forumTopics_makeEachTopicAThreadAndIgnoreTheTopicsOpeningAsReply() {
    List<Interaction> all = parse("forum-topics.json").interactions();
    assertThat(all).extracting(Interaction::externalId).containsExactly("-1001847263519:5120",
        "-1001847263519:5124", "-1001847263519:5130", "-1001600112233:918");

    // in a topic, without a reply of its own: the message that opened the topic is no reply
    assertThat(all.get(0).threadId()).isEqualTo("-1001847263519/5087");
    assertThat(all.get(0).kind()).isEqualTo(InteractionKind.MENTION);
    assertThat(all.get(0).inReplyTo()).isNull();
    // in the same topic, answering the bot
    assertThat(all.get(1).threadId()).isEqualTo("-1001847263519/5087");
    assertThat(all.get(1).kind()).isEqualTo(InteractionKind.REPLY);
    assertThat(all.get(1).inReplyTo()).isEqualTo("-1001847263519:5122");
    // the forum's General topic has no thread id: the chat
    assertThat(all.get(2).threadId()).isEqualTo("-1001847263519");
    // a reply in a supergroup without topics carries a thread id too, but is no topic
    assertThat(all.get(3).threadId()).isEqualTo("-1001600112233");
    assertThat(all.get(3).kind()).isEqualTo(InteractionKind.REPLY);
    assertThat(all.get(3).inReplyTo()).isEqualTo("-1001600112233:911");
  }

  @Test
  void parse_businessChat_hearsTheCustomerInAChatKeyedByTheConnectionAndSkipsTheBusinessSide() {
    ParsedDelivery parsed = parse("business-chat.json");
    String chat = "5512093377@Qk1AAV3yTS0fAAAAaGVsbG8";

    assertThat(parsed.interactions()).extracting(Interaction::externalId)
        .containsExactly(chat + ":318", chat + ":318", chat + ":322");
    Interaction first = parsed.interactions().get(0);
    assertThat(first.threadId()).isEqualTo(chat);
    assertThat(first.authorHandle()).isEqualTo("5512093377");
    assertThat(first.authorName()).isEqualTo("Britta Hansen");
    assertThat(first.kind()).isEqualTo(InteractionKind.DIRECT);
    assertThat(first.visibility()).isEqualTo(Visibility.PRIVATE);
    Interaction edit = parsed.interactions().get(1);
    assertThat(edit.edited()).isTrue();
    // an edit keeps the time the message was written (its date), not its edit_date
    assertThat(edit.occurredAt()).isEqualTo(Instant.ofEpochSecond(1773484200));
    assertThat(parsed.interactions().get(2).inReplyTo()).isEqualTo(chat + ":319");
    assertThat(parsed.skipped()).containsExactly("update 731840701: type business_connection ignored",
        "update 731840703: business_message sent by the business account");
    // the customer deleted a message of the business chat: it is named as the chat keys its messages
    assertThat(parsed.deletions()).singleElement().satisfies(d ->
        assertThat(d.interaction()).isEqualTo(io.scrm.core.model.InteractionId.of(ChannelId.TELEGRAM, chat + ":320")));
  }

  @Test
  void parse_deletedBusinessMessages_withoutIds_isRefusedByName_andItsTimeIsWhenItIsHeard() {
    Instant now = Instant.parse("2026-03-14T10:40:00Z");
    TelegramAdapter clocked = TelegramAdapter.builder().baseUrl(WIRE.baseUrl()).token(TOKEN).secretToken(SECRET)
        .clock(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC)).build();
    String update = "{\"update_id\":731840707,\"deleted_business_messages\":{\"business_connection_id\":"
        + "\"Qk1AAV3yTS0fAAAAaGVsbG8\",\"chat\":{\"id\":5512093377,\"type\":\"private\"},\"message_ids\":%s}}";

    ParsedDelivery parsed = clocked.parse(InboundDelivery.of(
        update.formatted("[321, 322]").getBytes(StandardCharsets.UTF_8), HEADERS, Instant.EPOCH));

    String chat = "telegram:5512093377@Qk1AAV3yTS0fAAAAaGVsbG8";
    assertThat(parsed.deletions()).extracting(d -> d.interaction().value() + " " + d.at())
        .containsExactly(chat + ":321 " + now, chat + ":322 " + now);
    // null is absent, as a JSON tree reads it: the update is one of a type not handled
    ParsedDelivery none = clocked.parse(InboundDelivery.of(("{\"update_id\":731840708,"
        + "\"deleted_business_messages\":null}").getBytes(StandardCharsets.UTF_8), HEADERS, Instant.EPOCH));
    assertThat(none.deletions()).isEmpty();
    assertThat(none.skipped()).containsExactly("update 731840708: type deleted_business_messages ignored");
    assertThatThrownBy(() -> clocked.parse(InboundDelivery.of(update.formatted("\"321\"")
        .getBytes(StandardCharsets.UTF_8), HEADERS, Instant.EPOCH)))
        .isInstanceOf(io.scrm.channels.DeliveryRejectedException.class).hasMessageContaining("message_ids");
    clocked.close();
  }

  @Test
  void parse_businessMessageWithoutItsConnection_isRefused() {
    String body = "{\"update_id\":1,\"business_message\":{\"message_id\":318,\"from\":{\"id\":5512093377},"
        + "\"chat\":{\"id\":5512093377,\"type\":\"private\"},\"date\":1773484200,\"text\":\"Hallo\"}}";
    assertThatThrownBy(() -> adapter.parse(InboundDelivery.of(body.getBytes(StandardCharsets.UTF_8), HEADERS,
        Instant.EPOCH))).isInstanceOfSatisfying(DeliveryRejectedException.class,
            e -> assertThat(e.getMessage()).endsWith("'business_connection_id' is missing"));
  }

  @Test
  void parse_groupMentionWithEmoji_findsMentionByUtf16OffsetsAndKeepsNegativeChatId() {
    Interaction i = parse("group-mention-reply.json").interactions().get(0);
    assertThat(i.externalId()).isEqualTo("-1001847263519:4412");
    assertThat(i.threadId()).isEqualTo("-1001847263519");
    assertThat(i.authorHandle()).isEqualTo("6120934471");
    assertThat(i.authorName()).isEqualTo("Torsten Brandt");
    assertThat(i.tags()).containsExactly("mentions-bot");
    assertThat(i.kind()).isEqualTo(InteractionKind.REPLY);
    assertThat(i.inReplyTo()).isEqualTo("-1001847263519:4409");
    assertThat(i.visibility()).isEqualTo(Visibility.PUBLIC);
    assertThat(i.occurredAt()).isEqualTo(Instant.ofEpochSecond(1773482400));
  }

  @Test
  void parse_editedMessage_keepsExternalIdAndTimeWritten_andMarksEdit() {
    Interaction i = parse("edited-message.json").interactions().get(0);
    assertThat(i.externalId()).isEqualTo("511223344:88");
    assertThat(i.edited()).isTrue();
    assertThat(i.occurredAt()).isEqualTo(Instant.ofEpochSecond(1773479700));
    assertThat(i.kind()).isEqualTo(InteractionKind.DIRECT);
    assertThat(i.visibility()).isEqualTo(Visibility.PRIVATE);
  }

  @Test
  void parse_photoWithCaption_takesCaptionAndLargestPhoto() {
    Interaction i = parse("photo-caption.json").interactions().get(0);
    assertThat(i.text()).isEqualTo("So sieht die Glasfaser-Dose aus");
    assertThat(i.attachments()).containsExactly(
        new Attachment("photo", "AgACAgIAAxkBAAIBWmX-large", "image/jpeg", 98211L));
  }

  @Test
  void parse_unknownUpdateType_isSkippedWithANote() {
    ParsedDelivery parsed = parse("callback-query.json");
    assertThat(parsed.interactions()).isEmpty();
    assertThat(parsed.skipped()).containsExactly("update 731840573: type callback_query ignored");
  }

  @Test
  void parse_unknownTypeWithALongName_isCutBeforeASurrogatePairNotThroughIt() {
    String name = "x".repeat(39) + "\uD83D\uDE00" + "y";
    ParsedDelivery parsed = adapter.parse(InboundDelivery.of(("{\"update_id\":7,\"" + name + "\":{}}")
        .getBytes(StandardCharsets.UTF_8), HEADERS, Instant.EPOCH));
    assertThat(parsed.skipped()).containsExactly("update 7: type " + "x".repeat(39) + " ignored");
    assertThat(UpdateReader.typeName("x".repeat(38) + "\uD83D\uDE00" + "y")).isEqualTo("x".repeat(38) + "\uD83D\uDE00");
  }

  @Test
  void parse_channelPost_usesSenderChat() {
    Interaction i = parse("channel-post.json").interactions().get(0);
    assertThat(i.authorHandle()).isEqualTo("-1002233445566");
    assertThat(i.authorName()).isEqualTo("Störungsmelder Kiel");
    assertThat(i.kind()).isEqualTo(InteractionKind.MENTION);
  }

  @Test
  void parse_missingSecretHeader_isBadSignature() {
    InboundDelivery d = InboundDelivery.ofText(fixture("edited-message.json"), Instant.EPOCH);
    assertThatThrownBy(() -> adapter.parse(d)).isInstanceOfSatisfying(DeliveryRejectedException.class,
        e -> assertThat(e.reason()).isEqualTo(DeliveryRejectedException.Reason.BAD_SIGNATURE));
  }

  @Test
  void parse_fractionalMessageId_isLossy() {
    String body = fixture("edited-message.json").replace("\"message_id\": 88", "\"message_id\": 88.0");
    assertThatThrownBy(() -> adapter.parse(InboundDelivery.of(body.getBytes(StandardCharsets.UTF_8), HEADERS,
        Instant.EPOCH))).isInstanceOfSatisfying(DeliveryRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(DeliveryRejectedException.Reason.LOSSY_ID));
  }

  @Test
  void parse_idBeyondTwoToThe53_isKeptExactly() {
    String body = fixture("edited-message.json").replace("511223344", "9007199254740993");
    Interaction i = adapter.parse(InboundDelivery.of(body.getBytes(StandardCharsets.UTF_8), HEADERS, Instant.EPOCH))
        .interactions().get(0);
    assertThat(i.externalId()).isEqualTo("9007199254740993:88");
  }

  @Test
  void poll_getUpdates_returnsMessagesAndAdvancesOffset() {
    WIRE.stubFor(get(urlEqualTo("/bot" + TOKEN + "/getUpdates?timeout=0&offset=731840580"))
        .willReturn(aResponse().withStatus(200).withBody(fixture("get-updates.json"))));
    PollResult result = adapter.poll("731840580");
    assertThat(result.interactions()).extracting(Interaction::text).containsExactly("Danke, geht wieder!");
    assertThat(result.skipped()).hasSize(1);
    assertThat(result.nextCursor()).isEqualTo("731840582");
    assertThat(result.interactions().get(0).channel()).isEqualTo(ChannelId.TELEGRAM);
  }

  @Test
  void poll_updatesTheMappingRefuses_areSkippedWithoutQuotingThemAndTheCursorMovesOn() {
    String tooLong = "Störung ".repeat(12_501);
    String update = "{\"update_id\":%d,\"message\":{\"message_id\":%d,\"date\":1772442000,"
        + "\"chat\":{\"id\":5,\"type\":\"private\"},%s\"text\":\"%s\"}}";
    String from = "\"from\":{\"id\":5,\"first_name\":\"Jana\"},";
    WIRE.stubFor(get(urlEqualTo("/bot" + TOKEN + "/getUpdates?timeout=0")).willReturn(aResponse().withStatus(200)
        .withBody("{\"ok\":true,\"result\":[" + String.format(update, 1, 2, from, tooLong) + ","
            + String.format(update, 2, 3, "", "ohne Absender") + ","
            + String.format(update, 3, 4, from, "Geht wieder, danke!") + "]}")));

    PollResult result = adapter.poll(null);

    assertThat(result.interactions()).extracting(Interaction::text).containsExactly("Geht wieder, danke!");
    assertThat(result.skipped()).containsExactly("update 1 rejected: a value the model refuses",
        "update 2 rejected: telegram: 'from' is missing");
    assertThat(String.join(" ", result.skipped())).doesNotContain("Störung").doesNotContain("Jana");
    assertThat(result.nextCursor()).isEqualTo("4");
  }

  @Test
  void poll_responseBeyondTheReadersLimits_failsAsAPoll() {
    WIRE.stubFor(get(urlEqualTo("/bot" + TOKEN + "/getUpdates?timeout=0")).willReturn(aResponse().withStatus(200)
        .withBody("{\"ok\":true,\"result\":[{\"update_id\":" + "9".repeat(1001) + "}]}")));
    assertThatThrownBy(() -> adapter.poll(null)).isInstanceOfSatisfying(PollFailedException.class,
        e -> assertThat(e.getMessage()).contains("MALFORMED"));
  }

  @Test
  void poll_rateLimited_failsWithRetryAfterAndNoToken() {
    WIRE.stubFor(get(urlEqualTo("/bot" + TOKEN + "/getUpdates?timeout=0")).willReturn(aResponse().withStatus(429)
        .withBody("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 12\","
            + "\"parameters\":{\"retry_after\":12}}")));
    assertThatThrownBy(() -> adapter.poll(null)).isInstanceOfSatisfying(PollFailedException.class, e -> {
      assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12));
      assertThat(e.getMessage()).doesNotContain(TOKEN);
    });
  }

  @Test
  void parse_mutatedUpdates_parseOrRejectWithATypedError() {
    for (String name : List.of("group-mention-reply.json", "photo-caption.json", "get-updates.json")) {
      ArbitraryJson.mutationsParseOrReject(fixture(name), HEADERS, adapter::parse);
    }
  }

  @Test
  void parse_tokenSoup_parsesOrRejects() {
    ArbitraryJson.tokenSoupParsesOrRejects(List.of("update_id", "message", "message_id", "chat", "id", "type",
        "date", "from", "text", "entities", "ok", "result", "photo"), HEADERS, adapter::parse);
  }

  @Test
  void parse_voiceMessage_isAnInteractionWithTheVoiceAsAttachment() {
    ParsedDelivery parsed = parse("voice-message.json");

    assertThat(parsed.skipped()).isEmpty();
    Interaction voice = parsed.interactions().get(0);
    assertThat(voice.text()).isEmpty();
    assertThat(voice.attachments()).containsExactly(
        new Attachment("voice", "AwACAgIAAxkBAAIUAWXyVoice", "audio/ogg", 48213L));
    assertThat(voice.authorHandle()).isEqualTo("511223344");
  }

  @Test
  void parse_messageOfAnAnonymousAdmin_isAuthoredByTheChatNotByTheSharedPlaceholderUser() {
    Interaction message = parse("anonymous-admin.json").interactions().get(0);

    assertThat(message.authorHandle()).isEqualTo("-1001766554433");
    assertThat(message.authorName()).isEqualTo("Mieterverein Kiel-Gaarden");
    assertThat(message.visibility()).isEqualTo(Visibility.PUBLIC);
  }

  @Test
  void parse_animation_isOneAttachmentThoughTheDocumentRepeatsIt() {
    Interaction gif = parse("animation-message.json").interactions().get(0);

    assertThat(gif.text()).isEqualTo("So blinkt der Router seit heute früh");
    assertThat(gif.attachments()).containsExactly(new Attachment("animation", "CgACAgIAAxkBAAIUBGif", "video/mp4", 90210L));
  }
}
