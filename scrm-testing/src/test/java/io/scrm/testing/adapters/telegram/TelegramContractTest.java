package io.scrm.testing.adapters.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.SendResult;
import io.scrm.channels.telegram.TelegramAdapter;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.testing.channel.ChannelAdapterContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class TelegramContractTest extends ChannelAdapterContract {
  private static final String TOKEN = "7301946652:AAH-geheimes-Bot-Token_xyz";
  private static final String SECRET = "webhook-secret_3141";
  private static final String SEND = "/bot" + TOKEN + "/sendMessage";
  private static final String SEND_PHOTO = "/bot" + TOKEN + "/sendPhoto";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Override
  protected ChannelAdapter createAdapter() {
    return TelegramAdapter.builder().baseUrl(WIRE.baseUrl()).token(TOKEN).secretToken(SECRET)
        .botUsername("GlasfaserNordBot").timeout(Duration.ofMillis(1000)).build();
  }

  @Override
  protected OutboundMessage replyMessage() {
    return OutboundMessage.pending(OutboundId.of("out-1"), null, ContactId.of("c-1"), ChannelId.TELEGRAM,
        "511223344", "511223344:88", Visibility.PRIVATE, "Hallo! " + TEXT_MARKER, "service-reply", Instant.EPOCH);
  }

  /** The files of the last request to the Bot API: its {@code photo}, or none for a text. */
  @Override
  protected int filesReceivedWithLastSend() {
    List<LoggedRequest> requests = WIRE.findAll(postRequestedFor(urlMatching("/bot.*")));
    if (requests.isEmpty()) {
      return 0;
    }
    return requests.get(requests.size() - 1).getBodyAsString().contains("\"photo\":\"") ? 1 : 0;
  }

  /** Accepts a text through sendMessage and a photo through sendPhoto, each as message 89. */
  @Override
  protected String platformAccepts() {
    accepts(SEND, "\"text\":\"Hallo!\"");
    accepts(SEND_PHOTO, "\"photo\":[{\"file_id\":\"AgACAgIAAxkDAAIBWWX-small\",\"file_unique_id\":\"AQADs\","
        + "\"file_size\":1320,\"width\":90,\"height\":67},{\"file_id\":\"AgACAgIAAxkDAAIBWWX-large\","
        + "\"file_unique_id\":\"AQADl\",\"file_size\":98211,\"width\":1280,\"height\":960}]");
    return "511223344:89";
  }

  private static void accepts(String method, String content) {
    WIRE.stubFor(post(urlEqualTo(method)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":true,\"result\":{\"message_id\":89,\"from\":{\"id\":7301946652,\"is_bot\":true,"
            + "\"first_name\":\"Glasfaser Nord\",\"username\":\"GlasfaserNordBot\"},\"chat\":{\"id\":511223344,"
            + "\"first_name\":\"Jana\",\"type\":\"private\"},\"date\":1773480000," + content + "}}")));
  }

  @Override
  protected void platformRejectsPermanently() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}")));
  }

  @Override
  protected void platformRateLimits(Duration retryAfter) {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(429)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after "
            + retryAfter.toSeconds() + "\",\"parameters\":{\"retry_after\":" + retryAfter.toSeconds() + "}}")));
  }

  @Override
  protected void platformFailsTemporarily() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(502)
        .withBody("<html><body>502 Bad Gateway</body></html>")));
  }

  @Override
  protected void platformTimesOut() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200).withFixedDelay(2500)
        .withBody("{\"ok\":true,\"result\":{\"message_id\":90,\"chat\":{\"id\":511223344,\"type\":\"private\"},"
            + "\"date\":1773480000}}")));
  }

  @Override
  protected InboundDelivery customerMessageDelivery() {
    String body = "{\"update_id\":731840562,\"message\":{\"message_id\":88,\"from\":{\"id\":511223344,"
        + "\"is_bot\":false,\"first_name\":\"Jana\",\"last_name\":\"Kr\u00fcger\",\"username\":\"jana_k\","
        + "\"language_code\":\"de\"},\"chat\":{\"id\":511223344,\"first_name\":\"Jana\",\"last_name\":\"Kr\u00fcger\","
        + "\"username\":\"jana_k\",\"type\":\"private\"},\"date\":1773479700,"
        + "\"text\":\"Seit heute Morgen kein Internet in 24103 Kiel \u2013 Glasfaser tot?\"}}";
    return InboundDelivery.of(body.getBytes(StandardCharsets.UTF_8),
        Map.of("X-Telegram-Bot-Api-Secret-Token", List.of(SECRET), "Content-Type", List.of("application/json")),
        Instant.parse("2026-03-14T09:15:01Z"));
  }

  @Override
  protected String expectedCustomerText() {
    return "Seit heute Morgen kein Internet in 24103 Kiel \u2013 Glasfaser tot?";
  }

  @Override
  protected InboundDelivery badDelivery() {
    String body = new String(customerMessageDelivery().body(), StandardCharsets.UTF_8);
    return InboundDelivery.of(body.getBytes(StandardCharsets.UTF_8),
        Map.of("X-Telegram-Bot-Api-Secret-Token", List.of("wrong-" + SECRET)), Instant.EPOCH);
  }

  @Override
  protected Set<String> secrets() {
    return Set.of(TOKEN, SECRET);
  }

  @Test
  void send_reply_carriesChatIdAndReplyParameters() {
    platformAccepts();
    adapter().send(replyMessage());
    WIRE.verify(postRequestedFor(urlEqualTo(SEND)).withRequestBody(equalToJson(
        "{\"chat_id\":511223344,\"text\":\"Hallo! " + TEXT_MARKER + "\","
            + "\"reply_parameters\":{\"message_id\":88,\"allow_sending_without_reply\":true}}")));
  }

  private static OutboundMessage topicReply(String thread, String inReplyTo) {
    return OutboundMessage.pending(OutboundId.of("out-3"), null, ContactId.of("c-1"), ChannelId.TELEGRAM, thread,
        inReplyTo, Visibility.PUBLIC, "Der Schaden wird am Dienstag behoben.", "service-reply", Instant.EPOCH);
  }

  @Test
  void send_inAForumTopic_carriesTheTopicAsMessageThreadId() {
    platformAccepts();

    adapter().send(topicReply("-1001847263519/5087", "-1001847263519:5120"));

    WIRE.verify(postRequestedFor(urlEqualTo(SEND)).withRequestBody(equalToJson(
        "{\"chat_id\":-1001847263519,\"message_thread_id\":5087,\"text\":\"Der Schaden wird am Dienstag behoben.\","
            + "\"reply_parameters\":{\"message_id\":5120,\"allow_sending_without_reply\":true}}")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bad Request: message to be replied not found", "Bad Request: replied message not found"})
  void send_inATopicWhoseAnsweredMessageIsDeleted_goesToTheTopicWithoutTheReferenceOnce(String description) {
    WIRE.stubFor(post(urlEqualTo(SEND)).withRequestBody(matchingJsonPath("$.reply_parameters"))
        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
            .withBody("{\"ok\":false,\"error_code\":400,\"description\":\"" + description + "\"}")));
    WIRE.stubFor(post(urlEqualTo(SEND)).withRequestBody(matchingJsonPath("$.message_thread_id", equalTo("5087")))
        .atPriority(10).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"ok\":true,\"result\":{\"message_id\":5131,\"message_thread_id\":5087,\"chat\":"
                + "{\"id\":-1001847263519,\"type\":\"supergroup\",\"is_forum\":true},\"date\":1773485100}}")));

    SendResult result = adapter().send(topicReply("-1001847263519/5087", "-1001847263519:5120"));

    assertThat(result).isInstanceOfSatisfying(SendResult.Sent.class,
        sent -> assertThat(sent.providerId()).isEqualTo("-1001847263519:5131"));
    WIRE.verify(2, postRequestedFor(urlEqualTo(SEND)));
    WIRE.verify(postRequestedFor(urlEqualTo(SEND)).withRequestBody(equalToJson(
        "{\"chat_id\":-1001847263519,\"message_thread_id\":5087,\"text\":\"Der Schaden wird am Dienstag behoben.\"}")));
  }

  @Test
  void send_inABusinessChat_goesOutOnBehalfOfTheBusinessAccount() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":true,\"result\":{\"message_id\":323,\"business_connection_id\":\"Qk1AAV3yTS0fAAAAaGVsbG8\","
            + "\"from\":{\"id\":6630112233,\"is_bot\":false,\"first_name\":\"Glasfaser Nord\"},"
            + "\"sender_business_bot\":{\"id\":7301946652,\"is_bot\":true,\"first_name\":\"Glasfaser Nord\"},"
            + "\"chat\":{\"id\":5512093377,\"type\":\"private\"},\"date\":1773485000,\"text\":\"ok\"}}")));
    String chat = "5512093377@Qk1AAV3yTS0fAAAAaGVsbG8";

    SendResult result = adapter().send(OutboundMessage.pending(OutboundId.of("out-4"), null, ContactId.of("c-1"),
        ChannelId.TELEGRAM, chat, chat + ":318", Visibility.PRIVATE, "Der Anschluss folgt im Juni.", "service-reply",
        Instant.EPOCH));

    assertThat(result).isInstanceOfSatisfying(SendResult.Sent.class,
        sent -> assertThat(sent.providerId()).isEqualTo(chat + ":323"));
    WIRE.verify(postRequestedFor(urlEqualTo(SEND)).withRequestBody(equalToJson(
        "{\"business_connection_id\":\"Qk1AAV3yTS0fAAAAaGVsbG8\",\"chat_id\":5512093377,"
            + "\"text\":\"Der Anschluss folgt im Juni.\","
            + "\"reply_parameters\":{\"message_id\":318,\"allow_sending_without_reply\":true}}")));
  }

  @Test
  void send_toAThreadWhoseTopicIsNoNumber_failsPermanentlyWithoutARequest() {
    platformAccepts();

    SendResult result = adapter().send(topicReply("-1001847263519/Bauabnahme", "-1001847263519:5120"));

    assertThat(result).isInstanceOfSatisfying(SendResult.PermanentFailure.class,
        failure -> assertThat(failure.reason()).isEqualTo("thread id names no Telegram topic: -1001847263519/Bauabnahme"));
    WIRE.verify(0, postRequestedFor(urlEqualTo(SEND)));
  }

  @Test
  void send_toAGroupUpgradedToASupergroup_goesToTheSupergroupOnce() {
    String group = "-4711000";
    String supergroup = "-1001766554433";
    WIRE.stubFor(post(urlEqualTo(SEND)).withRequestBody(matchingJsonPath("$.chat_id", equalTo(group)))
        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
            .withBody("{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: group chat was upgraded "
                + "to a supergroup chat\",\"parameters\":{\"migrate_to_chat_id\":" + supergroup + "}}")));
    WIRE.stubFor(post(urlEqualTo(SEND)).withRequestBody(matchingJsonPath("$.chat_id", equalTo(supergroup)))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"ok\":true,\"result\":{\"message_id\":12,\"chat\":{\"id\":" + supergroup
                + ",\"type\":\"supergroup\",\"title\":\"Mieterverein\"},\"date\":1773480000,\"text\":\"ok\"}}")));
    OutboundMessage reply = OutboundMessage.pending(OutboundId.of("out-2"), null, ContactId.of("c-1"),
        ChannelId.TELEGRAM, group, group + ":40", Visibility.PUBLIC, "Die Karlstraße folgt im Mai.", "service-reply",
        Instant.EPOCH);

    SendResult result = adapter().send(reply);

    assertThat(result).isInstanceOfSatisfying(SendResult.Sent.class,
        sent -> assertThat(sent.providerId()).isEqualTo(supergroup + ":12"));
    WIRE.verify(2, postRequestedFor(urlEqualTo(SEND)));
    WIRE.verify(postRequestedFor(urlEqualTo(SEND)).withRequestBody(equalToJson(
        "{\"chat_id\":" + supergroup + ",\"text\":\"Die Karlstraße folgt im Mai.\"}")));
  }
}
