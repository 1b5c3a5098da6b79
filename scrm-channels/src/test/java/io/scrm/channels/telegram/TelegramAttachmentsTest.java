package io.scrm.channels.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Files sent through the Bot API: one by its own method, several as an album, and what Telegram refuses. */
final class TelegramAttachmentsTest {
  private static final String TOKEN = "7301946652:AAH-token";
  private static final String CHAT = "511223344";
  private static final String TEXT = "Vertraulich: so sieht die Dose nach dem Tausch aus";
  private static final String PHOTO_URL = "https://files.glasfaser-nord.example/tickets/4711/dose.jpg";
  private static final String BOT = "\"from\":{\"id\":7301946652,\"is_bot\":true,\"first_name\":\"Glasfaser Nord\","
      + "\"username\":\"GlasfaserNordBot\"}";
  private static final String PRIVATE_CHAT = "\"chat\":{\"id\":511223344,\"first_name\":\"Jana\",\"type\":\"private\"}";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final TelegramAdapter adapter = TelegramAdapter.builder().baseUrl(WIRE.baseUrl()).token(TOKEN)
      .timeout(Duration.ofSeconds(30)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private static String method(String name) {
    return "/bot" + TOKEN + "/" + name;
  }

  private static void answers(String name, int status, String body) {
    WIRE.stubFor(post(urlEqualTo(method(name))).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json").withBody(body)));
  }

  private static OutboundMessage message(String thread, @Nullable String inReplyTo, String text,
      List<Attachment> files) {
    return OutboundMessage.pending(OutboundId.of("out-7"), null, ContactId.of("c-1"), ChannelId.TELEGRAM, thread,
        inReplyTo, Visibility.PRIVATE, text, files, "service-reply", Instant.EPOCH);
  }

  private static OutboundMessage reply(String text, Attachment... files) {
    return message(CHAT, CHAT + ":88", text, List.of(files));
  }

  private static Attachment file(String kind, String reference) {
    return new Attachment(kind, reference, null, null);
  }

  /** Each kind, its method, a reference (a URL or a file id), and the file as the sent Message holds it. */
  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of("photo", "sendPhoto", PHOTO_URL, "\"photo\":[{\"file_id\":\"AgACAgIAAxkDAAIBW2X-small\","
            + "\"file_unique_id\":\"AQADsm\",\"file_size\":1210,\"width\":90,\"height\":68},"
            + "{\"file_id\":\"AgACAgIAAxkDAAIBW2X-large\",\"file_unique_id\":\"AQADlg\",\"file_size\":81543,"
            + "\"width\":1280,\"height\":960}]"),
        Arguments.of("video", "sendVideo", "BAACAgIAAxkBAAIBXGX-video_clip", "\"video\":{\"duration\":12,"
            + "\"width\":1280,\"height\":720,\"file_name\":\"dose.mp4\",\"mime_type\":\"video/mp4\","
            + "\"file_id\":\"BAACAgIAAxkBAAIBXGX-video_clip\",\"file_unique_id\":\"AgADvid\",\"file_size\":1843200}"),
        Arguments.of("audio", "sendAudio", "https://files.glasfaser-nord.example/ansage.mp3", "\"audio\":{"
            + "\"duration\":95,\"file_name\":\"ansage.mp3\",\"mime_type\":\"audio/mpeg\",\"title\":\"Ansage\","
            + "\"file_id\":\"CQACAgIAAxkDAAIBXWX-audio\",\"file_unique_id\":\"AgADaud\",\"file_size\":1520000}"),
        Arguments.of("voice", "sendVoice", "AwACAgIAAxkBAAIUAWXyVoice", "\"voice\":{\"duration\":14,"
            + "\"mime_type\":\"audio/ogg\",\"file_id\":\"AwACAgIAAxkBAAIUAWXyVoice\",\"file_unique_id\":\"AgADvoice\","
            + "\"file_size\":48213}"),
        Arguments.of("document", "sendDocument", "http://files.glasfaser-nord.example/Anleitung.pdf",
            "\"document\":{\"file_name\":\"Anleitung.pdf\",\"mime_type\":\"application/pdf\","
                + "\"file_id\":\"BQACAgIAAxkDAAIBX2X-doc\",\"file_unique_id\":\"AgADdoc\",\"file_size\":204800}"));
  }

  @Test
  void kinds_coverEverySendableKind() {
    assertThat(kinds().map(arguments -> (String) arguments.get()[0])).containsExactlyInAnyOrderElementsOf(
        Attachment.SENDABLE_TYPES);
    assertThat(adapter.capabilities(ChannelId.TELEGRAM).attachments()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void send_oneFile_goesThroughItsMethodWithTheReferenceTheCaptionAndTheReplyReference(String kind, String name,
      String reference, String sentFile) {
    answers(name, 200, "{\"ok\":true,\"result\":{\"message_id\":91," + BOT + "," + PRIVATE_CHAT
        + ",\"date\":1773480200," + sentFile + ",\"caption\":\"" + TEXT + "\"}}");
    OutboundMessage message = reply(TEXT, new Attachment(kind, reference, null, 4096L));

    assertThat(adapter.refusal(message)).isNull();
    SendResult result = adapter.send(message);

    assertThat(result).isInstanceOfSatisfying(SendResult.Sent.class,
        sent -> assertThat(sent.providerId()).isEqualTo(CHAT + ":91"));
    WIRE.verify(1, anyRequestedFor(anyUrl()));
    WIRE.verify(postRequestedFor(urlEqualTo(method(name))).withRequestBody(equalToJson(
        "{\"chat_id\":511223344,\"" + kind + "\":\"" + reference + "\",\"caption\":\"" + TEXT + "\","
            + "\"reply_parameters\":{\"message_id\":88,\"allow_sending_without_reply\":true}}")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " \n "})
  void send_fileWithBlankText_goesWithoutACaption(String text) {
    answers("sendPhoto", 200, "{\"ok\":true,\"result\":{\"message_id\":92," + PRIVATE_CHAT
        + ",\"date\":1773480200,\"photo\":[{\"file_id\":\"AgACAgIAAxkDAAIBW2X\",\"file_unique_id\":\"AQAD\","
        + "\"file_size\":81543,\"width\":1280,\"height\":960}]}}");

    SendResult result = adapter.send(message(CHAT, null, text, List.of(file("photo", PHOTO_URL))));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(postRequestedFor(urlEqualTo(method("sendPhoto"))).withRequestBody(equalToJson(
        "{\"chat_id\":511223344,\"photo\":\"" + PHOTO_URL + "\"}")));
  }

  @Test
  void send_fileInAForumTopic_carriesTheTopic() {
    answers("sendDocument", 200, "{\"ok\":true,\"result\":{\"message_id\":5140,\"message_thread_id\":5087,"
        + "\"is_topic_message\":true," + BOT + ",\"chat\":{\"id\":-1001847263519,\"title\":\"Glasfaser Kiel\","
        + "\"is_forum\":true,\"type\":\"supergroup\"},\"date\":1773485200,\"document\":{\"file_name\":"
        + "\"Bauplan.pdf\",\"mime_type\":\"application/pdf\",\"file_id\":\"BQACAgIAAxkBAAIC\","
        + "\"file_unique_id\":\"AgADbp\",\"file_size\":304211},\"caption\":\"Der Bauplan\"}}");

    SendResult result = adapter.send(message("-1001847263519/5087", "-1001847263519:5120", "Der Bauplan",
        List.of(file("document", "BQACAgIAAxkBAAIC"))));

    assertThat(result).isInstanceOfSatisfying(SendResult.Sent.class,
        sent -> assertThat(sent.providerId()).isEqualTo("-1001847263519:5140"));
    WIRE.verify(postRequestedFor(urlEqualTo(method("sendDocument"))).withRequestBody(equalToJson(
        "{\"chat_id\":-1001847263519,\"message_thread_id\":5087,\"document\":\"BQACAgIAAxkBAAIC\","
            + "\"caption\":\"Der Bauplan\",\"reply_parameters\":{\"message_id\":5120,"
            + "\"allow_sending_without_reply\":true}}")));
  }

  @Test
  void send_fileInABusinessChat_goesOutOnTheBusinesssBehalf() {
    String connection = "Qk1AAV3yTS0fAAAAaGVsbG8";
    answers("sendPhoto", 200, "{\"ok\":true,\"result\":{\"message_id\":324,\"business_connection_id\":\""
        + connection + "\",\"from\":{\"id\":6630112233,\"is_bot\":false,\"first_name\":\"Glasfaser Nord\"},"
        + "\"sender_business_bot\":{\"id\":7301946652,\"is_bot\":true,\"first_name\":\"Glasfaser Nord\"},"
        + "\"chat\":{\"id\":5512093377,\"type\":\"private\"},\"date\":1773485000,\"photo\":[{\"file_id\":"
        + "\"AgACAgIAAxkDAAIBW2X\",\"file_unique_id\":\"AQAD\",\"file_size\":81543,\"width\":1280,\"height\":960}]}}");
    String chat = "5512093377@" + connection;

    SendResult result = adapter.send(message(chat, chat + ":318", "", List.of(file("photo", PHOTO_URL))));

    assertThat(result).isInstanceOfSatisfying(SendResult.Sent.class,
        sent -> assertThat(sent.providerId()).isEqualTo(chat + ":324"));
    WIRE.verify(postRequestedFor(urlEqualTo(method("sendPhoto"))).withRequestBody(equalToJson(
        "{\"business_connection_id\":\"" + connection + "\",\"chat_id\":5512093377,\"photo\":\"" + PHOTO_URL + "\","
            + "\"reply_parameters\":{\"message_id\":318,\"allow_sending_without_reply\":true}}")));
  }

  @Test
  void send_album_goesThroughSendMediaGroupWithTheCaptionOnTheFirstFileAndIsKnownByItsFirstMessage() {
    String sent = "{\"message_id\":%d,\"message_thread_id\":5087,\"is_topic_message\":true,"
        + "\"media_group_id\":\"13912345678901234\"," + BOT + ",\"chat\":{\"id\":-1001847263519,"
        + "\"title\":\"Glasfaser Kiel\",\"is_forum\":true,\"type\":\"supergroup\"},\"date\":1773485300,%s}";
    String photo = "\"photo\":[{\"file_id\":\"AgACAgIAAxkDAAIC%d\",\"file_unique_id\":\"AQAD%d\",\"file_size\":81543,"
        + "\"width\":1280,\"height\":960}]";
    answers("sendMediaGroup", 200, "{\"ok\":true,\"result\":["
        + String.format(sent, 5141, String.format(photo, 1, 1) + ",\"caption\":\"" + TEXT + "\"") + ","
        + String.format(sent, 5142, "\"video\":{\"duration\":12,\"width\":1280,\"height\":720,\"mime_type\":"
            + "\"video/mp4\",\"file_id\":\"BAACAgIAAxkDAAIC\",\"file_unique_id\":\"AgADv\","
            + "\"file_size\":1843200}") + ","
        + String.format(sent, 5143, String.format(photo, 3, 3)) + "]}");
    OutboundMessage album = message("-1001847263519/5087", "-1001847263519:5120", TEXT, List.of(
        file("photo", PHOTO_URL), file("video", "BAACAgIAAxkBAAIBXGX-video_clip"),
        file("photo", "AgACAgIAAxkBAAIBWmX")));

    assertThat(adapter.refusal(album)).isNull();
    SendResult result = adapter.send(album);

    assertThat(result).isInstanceOfSatisfying(SendResult.Sent.class,
        s -> assertThat(s.providerId()).isEqualTo("-1001847263519:5141"));
    WIRE.verify(postRequestedFor(urlEqualTo(method("sendMediaGroup"))).withRequestBody(equalToJson(
        "{\"chat_id\":-1001847263519,\"message_thread_id\":5087,\"media\":["
            + "{\"type\":\"photo\",\"media\":\"" + PHOTO_URL + "\",\"caption\":\"" + TEXT + "\"},"
            + "{\"type\":\"video\",\"media\":\"BAACAgIAAxkBAAIBXGX-video_clip\"},"
            + "{\"type\":\"photo\",\"media\":\"AgACAgIAAxkBAAIBWmX\"}],"
            + "\"reply_parameters\":{\"message_id\":5120,\"allow_sending_without_reply\":true}}")));
  }

  @Test
  void send_albumOfDocumentsWithoutText_hasNoCaption() {
    answers("sendMediaGroup", 200, "{\"ok\":true,\"result\":[{\"message_id\":95,\"media_group_id\":\"1391\","
        + PRIVATE_CHAT + ",\"date\":1773480300,\"document\":{\"file_id\":\"BQACAgIAAxkDAAIB1\","
        + "\"file_unique_id\":\"AgAD1\",\"file_size\":2048}},{\"message_id\":96,\"media_group_id\":\"1391\","
        + PRIVATE_CHAT + ",\"date\":1773480300,\"document\":{\"file_id\":\"BQACAgIAAxkDAAIB2\","
        + "\"file_unique_id\":\"AgAD2\",\"file_size\":4096}}]}");

    SendResult result = adapter.send(message(CHAT, null, "",
        List.of(file("document", "BQACAgIAAxkBAAIB1"), file("document", "BQACAgIAAxkBAAIB2"))));

    assertThat(result).isInstanceOfSatisfying(SendResult.Sent.class,
        sent -> assertThat(sent.providerId()).isEqualTo(CHAT + ":95"));
    WIRE.verify(postRequestedFor(urlEqualTo(method("sendMediaGroup"))).withRequestBody(equalToJson(
        "{\"chat_id\":511223344,\"media\":[{\"type\":\"document\",\"media\":\"BQACAgIAAxkBAAIB1\"},"
            + "{\"type\":\"document\",\"media\":\"BQACAgIAAxkBAAIB2\"}]}")));
  }

  @Test
  void send_tenPhotos_goAsOneAlbum() {
    answers("sendMediaGroup", 200, "{\"ok\":true,\"result\":[{\"message_id\":101,\"media_group_id\":\"1392\","
        + PRIVATE_CHAT + ",\"date\":1773480400,\"photo\":[{\"file_id\":\"AgACAgIAAxkDAAIB\","
        + "\"file_unique_id\":\"AQAD\",\"file_size\":81543,\"width\":1280,\"height\":960}]}]}");
    OutboundMessage album = message(CHAT, null, "", Collections.nCopies(OutboundMessage.MAX_ATTACHMENTS,
        file("photo", PHOTO_URL)));

    assertThat(adapter.refusal(album)).isNull();
    assertThat(adapter.send(album)).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(postRequestedFor(urlEqualTo(method("sendMediaGroup")))
        .withRequestBody(matchingJsonPath("$.media.length()", equalTo("10"))));
  }

  @Test
  void send_fileWhoseAnsweredMessageIsGone_goesOnceMoreWithoutTheReference() {
    WIRE.stubFor(post(urlEqualTo(method("sendVoice"))).withRequestBody(matchingJsonPath("$.reply_parameters"))
        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
            .withBody("{\"ok\":false,\"error_code\":400,"
                + "\"description\":\"Bad Request: message to be replied not found\"}")));
    WIRE.stubFor(post(urlEqualTo(method("sendVoice"))).atPriority(10).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"ok\":true,\"result\":{\"message_id\":5131,"
            + "\"message_thread_id\":5087,\"chat\":{\"id\":-1001847263519,\"type\":\"supergroup\",\"is_forum\":true},"
            + "\"date\":1773485100,\"voice\":{\"duration\":14,\"mime_type\":\"audio/ogg\",\"file_id\":"
            + "\"AwACAgIAAxkBAAIUAWXyVoice\",\"file_unique_id\":\"AgADvoice\",\"file_size\":48213}}}")));

    SendResult result = adapter.send(message("-1001847263519/5087", "-1001847263519:5120", "",
        List.of(file("voice", "AwACAgIAAxkBAAIUAWXyVoice"))));

    assertThat(result).isInstanceOfSatisfying(SendResult.Sent.class,
        sent -> assertThat(sent.providerId()).isEqualTo("-1001847263519:5131"));
    WIRE.verify(2, postRequestedFor(urlEqualTo(method("sendVoice"))));
    WIRE.verify(postRequestedFor(urlEqualTo(method("sendVoice"))).withRequestBody(equalToJson(
        "{\"chat_id\":-1001847263519,\"message_thread_id\":5087,\"voice\":\"AwACAgIAAxkBAAIUAWXyVoice\"}")));
  }

  @Test
  void send_photoRateLimited_isRetryableAfterTelegramsWait() {
    answers("sendPhoto", 429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 7\","
        + "\"parameters\":{\"retry_after\":7}}");

    SendResult result = adapter.send(reply(TEXT, file("photo", PHOTO_URL)));

    assertThat(result).isInstanceOfSatisfying(SendResult.RetryableFailure.class, failure -> {
      assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
      assertThat(failure.reason()).doesNotContain(TEXT).doesNotContain(TOKEN).doesNotContain(PHOTO_URL);
    });
  }

  @Test
  void send_photoTelegramCouldNotDownload_isADeadLetterThatSaysWhatToCheck() {
    answers("sendPhoto", 400, "{\"ok\":false,\"error_code\":400,"
        + "\"description\":\"Bad Request: failed to get HTTP URL content\"}");

    SendResult result = adapter.send(reply(TEXT, file("photo", PHOTO_URL)));

    assertThat(result).isInstanceOfSatisfying(SendResult.PermanentFailure.class, failure ->
        assertThat(failure.reason()).isEqualTo("Telegram could not download a file from its URL (too large for a "
            + "URL, over 20 MB, or unreachable); nothing was sent"));
  }

  @Test
  void send_photoTelegramCannotFetch_failsPermanentlyWithoutTextTokenOrReference() {
    answers("sendPhoto", 400, "{\"ok\":false,\"error_code\":400,"
        + "\"description\":\"Bad Request: wrong file identifier/HTTP URL specified\"}");

    SendResult result = adapter.send(reply(TEXT, file("photo", PHOTO_URL)));

    assertThat(result).isInstanceOfSatisfying(SendResult.PermanentFailure.class, failure -> {
      assertThat(failure.reason()).isEqualTo("HTTP 400: Telegram error 400");
      assertThat(failure.reason()).doesNotContain(TEXT).doesNotContain(TOKEN).doesNotContain(PHOTO_URL);
    });
    WIRE.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void send_albumAnsweredWithoutMessages_failsPermanentlyNamingTheMethod() {
    answers("sendMediaGroup", 200, "{\"ok\":true,\"result\":[]}");

    SendResult result = adapter.send(reply("", file("photo", PHOTO_URL), file("photo", PHOTO_URL)));

    assertThat(result).isInstanceOfSatisfying(SendResult.PermanentFailure.class,
        failure -> assertThat(failure.reason()).isEqualTo("sendMediaGroup answered 200 without a message id"));
  }

  @Test
  void refusal_kindTelegramDoesNotSend_namesTheKind() {
    assertThat(adapter.refusal(reply("", file("hologram", PHOTO_URL))))
        .isEqualTo("Telegram sends no attachment of kind hologram");
    assertThat(adapter.refusal(reply("", file("photo", PHOTO_URL), file("sticker", "CAACAgIAAxkBAAIB"))))
        .isEqualTo("Telegram sends no attachment of kind sticker");
  }

  @Test
  void refusal_captionBeyond1024Characters_isRefusedWhileTheSameTextAloneGoesOut() {
    String longest = "x".repeat(TelegramAdapter.MAX_CAPTION_LENGTH);

    assertThat(adapter.refusal(reply(longest, file("photo", PHOTO_URL)))).isNull();
    assertThat(adapter.refusal(reply(longest + "y", file("photo", PHOTO_URL))))
        .isEqualTo("text of 1025 characters exceeds the limit of 1024 of a caption beside files");
    assertThat(adapter.refusal(reply(longest + "y"))).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"attach://dose", "file:///var/lib/scrm/dose.jpg", "/var/lib/scrm/dose.jpg",
      "ftp://files.glasfaser-nord.example/dose.jpg", "https:dose.jpg", "https:///dose.jpg", "AgACAgIAAxk BAAIB",
      "AgACAgIAAxkBAAIB\n", "AgACAgIAAxkBAAIB=", "dose.jpg"})
  void refusal_referenceThatIsNeitherAnHttpUrlNorAFileId_isRefusedByPositionWithoutQuotingIt(String reference) {
    String refusal = adapter.refusal(reply("", file("photo", PHOTO_URL), file("photo", reference)));

    assertThat(refusal).isEqualTo("attachment 2 is neither an http(s) URL nor a Telegram file id");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://files.glasfaser-nord.example/dose.jpg?X-Amz-Signature=ab12&X-Amz-Expires=600",
      "HTTP://files.glasfaser-nord.example/dose.jpg", "http://192.0.2.10:8080/dose.jpg",
      "AgACAgIAAxkBAAIBWmX-large", "AgACAgIAAxkBAAIBWmX_Kq-9"})
  void refusal_httpUrlOrFileId_isAccepted(String reference) {
    assertThat(adapter.refusal(reply("", file("photo", reference)))).isNull();
  }

  @Test
  void refusal_filesTelegramDoesNotGroup_nameTheMix() {
    String mix = "in one album: it groups photos with videos, documents only with documents, audio only with audio";
    assertThat(adapter.refusal(reply("", file("photo", PHOTO_URL), file("document", PHOTO_URL))))
        .isEqualTo("Telegram does not put photo and document " + mix);
    assertThat(adapter.refusal(reply("", file("audio", PHOTO_URL), file("audio", PHOTO_URL), file("video", PHOTO_URL))))
        .isEqualTo("Telegram does not put audio and video " + mix);
    assertThat(adapter.refusal(reply("", file("document", PHOTO_URL), file("audio", PHOTO_URL))))
        .isEqualTo("Telegram does not put document and audio " + mix);
    assertThat(adapter.refusal(reply("", file("photo", PHOTO_URL), file("voice", PHOTO_URL))))
        .isEqualTo("Telegram sends a voice message only on its own, not in an album with other files");
    assertThat(adapter.refusal(reply("", file("voice", PHOTO_URL), file("voice", PHOTO_URL))))
        .isEqualTo("Telegram sends a voice message only on its own, not in an album with other files");

    assertThat(adapter.refusal(reply("", file("video", PHOTO_URL), file("photo", PHOTO_URL)))).isNull();
    assertThat(adapter.refusal(reply("", file("audio", PHOTO_URL), file("audio", PHOTO_URL)))).isNull();
  }

  @Test
  void sendCheck_mixTelegramDoesNotGroup_isRefusedBeforeQueueing() {
    var check = Channels.of(adapter).sendCheck(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    assertThatThrownBy(() -> check.check(reply(TEXT, file("photo", PHOTO_URL), file("voice", PHOTO_URL)), null))
        .isInstanceOf(SendRefusedException.class)
        .hasMessageContaining("Telegram sends a voice message only on its own")
        .hasMessageNotContaining(TEXT);
    check.check(reply(TEXT, file("photo", PHOTO_URL), file("video", PHOTO_URL)), null);
  }

  @Test
  void send_refusedMessage_failsPermanentlyWithoutARequest() {
    SendResult result = adapter.send(reply(TEXT, file("document", PHOTO_URL), file("voice", PHOTO_URL)));

    assertThat(result).isInstanceOfSatisfying(SendResult.PermanentFailure.class, failure -> assertThat(failure.reason())
        .isEqualTo("Telegram sends a voice message only on its own, not in an album with other files"));
    WIRE.verify(0, anyRequestedFor(anyUrl()));
  }
}
