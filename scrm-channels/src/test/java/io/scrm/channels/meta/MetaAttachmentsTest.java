package io.scrm.channels.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files on Messenger ({@code message.attachment} of the Send API: one file, no text beside it) and on
 * page comment replies (one photo by {@code attachment_url} or {@code attachment_id}).
 */
final class MetaAttachmentsTest {
  private static final String TOKEN = "EAAGpageToken123";
  private static final String PSID = "7712840093316524";
  private static final String SEND = "/v21.0/me/messages";
  private static final String COMMENT = "922384756102_1180923847561";
  private static final String COMMENTS = "/v21.0/" + COMMENT + "/comments";
  private static final String POST = "104598372201847_922384756102";
  private static final String MID = "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK4";
  private static final String INVOICE = "https://files.example.com/invoices/2026-03.pdf";
  private static final Instant NOW = Instant.ofEpochSecond(1773490000);

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MetaAdapter adapter = MetaAdapter.builder().baseUrl(WIRE.baseUrl()).pageAccessToken(TOKEN)
      .appSecret("app-secret-0815").timeout(Duration.ofSeconds(30)).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private static OutboundMessage messenger(String text, Attachment... files) {
    return OutboundMessage.pending(OutboundId.of("o-f"), null, ContactId.of("c"), ChannelId.MESSENGER, PSID, null,
        Visibility.PRIVATE, text, List.of(files), "service-reply", NOW);
  }

  private static OutboundMessage comment(String text, Attachment... files) {
    return OutboundMessage.pending(OutboundId.of("o-c"), null, ContactId.of("c"), ChannelId.FACEBOOK, POST, COMMENT,
        Visibility.PUBLIC, text, List.of(files), "service-reply", NOW);
  }

  private static Attachment file(String type, String reference) {
    return new Attachment(type, reference, null, null);
  }

  private static void sendApiAccepts() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"recipient_id\":\"" + PSID + "\",\"message_id\":\"" + MID + "\"}")));
  }

  private static void commentsEdgeAccepts() {
    WIRE.stubFor(post(urlEqualTo(COMMENTS)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"id\":\"922384756102_1180923847600\"}")));
  }

  private static String sendApiBody(String attachment) {
    return "{\"recipient\":{\"id\":\"" + PSID + "\"},\"messaging_type\":\"RESPONSE\",\"message\":{\"attachment\":"
        + attachment + "}}";
  }

  @Test
  void send_photoByUrl_goesOutAsAnImageAttachmentWithoutText() {
    sendApiAccepts();

    SendResult result = adapter.send(messenger("", file("photo", "https://files.example.com/meter/4711.jpg")));

    assertThat(result).isInstanceOfSatisfying(SendResult.Sent.class, s -> assertThat(s.providerId()).isEqualTo(MID));
    WIRE.verify(postRequestedFor(urlEqualTo(SEND)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withRequestBody(equalToJson(sendApiBody("{\"type\":\"image\",\"payload\":"
            + "{\"url\":\"https://files.example.com/meter/4711.jpg\",\"is_reusable\":false}}"))));
  }

  @ParameterizedTest
  @CsvSource({
      "video, https://files.example.com/howto/reset.mp4, video",
      "audio, https://files.example.com/hotline/greeting.mp3, audio",
      "voice, https://files.example.com/voice/answer.ogg, audio",
      "document, " + INVOICE + ", file"})
  void send_fileByUrl_goesOutAsTheSendApiType(String kind, String url, String type) {
    sendApiAccepts();

    assertThat(adapter.refusal(messenger("", file(kind, url)))).isNull();
    SendResult result = adapter.send(messenger("", file(kind, url)));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(postRequestedFor(urlEqualTo(SEND)).withRequestBody(equalToJson(sendApiBody(
        "{\"type\":\"" + type + "\",\"payload\":{\"url\":\"" + url + "\",\"is_reusable\":false}}"))));
  }

  /** An id of digits is one Meta's Attachment Upload API returned: sent as {@code payload.attachment_id}. */
  @ParameterizedTest
  @CsvSource({"photo, image", "video, video", "voice, audio", "document, file"})
  void send_attachmentId_goesOutAsPayloadAttachmentId(String kind, String type) {
    sendApiAccepts();

    SendResult result = adapter.send(messenger("", file(kind, "1857777774821032")));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(postRequestedFor(urlEqualTo(SEND)).withRequestBody(equalToJson(sendApiBody(
        "{\"type\":\"" + type + "\",\"payload\":{\"attachment_id\":\"1857777774821032\"}}"))));
  }

  @Test
  void send_fileWithHumanAgentTag_pastTwentyFourHoursGoesOutTagged() {
    sendApiAccepts();
    try (MetaAdapter agents = MetaAdapter.builder().baseUrl(WIRE.baseUrl()).pageAccessToken(TOKEN)
        .appSecret("app-secret-0815").humanAgentTag().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
      agents.parse(MetaAdapterTest.signed(MetaAdapterTest.fixture("messenger-mixed.json")
          .replace("1773484800456", Long.toString(NOW.minus(Duration.ofHours(30)).toEpochMilli()))));

      SendResult result = agents.send(messenger("", file("document", INVOICE)));

      assertThat(result).isInstanceOf(SendResult.Sent.class);
      WIRE.verify(postRequestedFor(urlEqualTo(SEND))
          .withRequestBody(matchingJsonPath("$.messaging_type", equalTo("MESSAGE_TAG")))
          .withRequestBody(matchingJsonPath("$.tag", equalTo("HUMAN_AGENT")))
          .withRequestBody(matchingJsonPath("$.message.attachment.type", equalTo("file"))));
    }
  }

  @Test
  void refusal_textBesideAFileOnMessenger_asksForTheTextAsItsOwnMessage() {
    OutboundMessage both = messenger("Ihre Rechnung anbei.", file("document", INVOICE));

    assertThat(adapter.refusal(both)).contains("send the text as its own message");
    assertThat(adapter.send(both)).isInstanceOf(SendResult.PermanentFailure.class);
    WIRE.verify(0, postRequestedFor(urlEqualTo(SEND)));
  }

  @Test
  void refusal_textBesideAFile_isRefusedBeforeItIsQueued() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    assertThatThrownBy(() -> Channels.of(adapter).sendCheck(clock)
        .check(messenger("Ihre Rechnung anbei.", file("document", INVOICE)), NOW.minusSeconds(60)))
        .isInstanceOf(SendRefusedException.class).hasMessageContaining("send the text as its own message");
    Channels.of(adapter).sendCheck(clock).check(messenger("", file("document", INVOICE)), NOW.minusSeconds(60));
  }

  @Test
  void refusal_twoFilesOnMessenger_namesTheOneFileLimit() {
    OutboundMessage two = messenger("", file("photo", "https://files.example.com/a.jpg"),
        file("photo", "https://files.example.com/b.jpg"));

    assertThat(adapter.refusal(two)).isEqualTo("Messenger sends one attachment per message, this one has 2");
  }

  @Test
  void refusal_kindMessengerDoesNotSend_namesTheKind() {
    assertThat(adapter.refusal(messenger("", file("sticker", "369239263222822"))))
        .isEqualTo("Messenger sends no attachment of kind sticker");
  }

  /** A signed address carries a token: the reason names the kind of file, never the address. */
  @ParameterizedTest
  @CsvSource({
      "http://files.example.com/invoices/2026-03.pdf?X-Amz-Signature=9f2c4e1a7b",
      "ftp://files.example.com/invoices/2026-03.pdf?X-Amz-Signature=9f2c4e1a7b",
      "invoices/2026-03.pdf?X-Amz-Signature=9f2c4e1a7b",
      "https:///invoices/2026-03.pdf?X-Amz-Signature=9f2c4e1a7b"})
  void refusal_referenceNeitherHttpsNorAnId_isRefusedWithoutTheAddress(String reference) {
    String refusal = adapter.refusal(messenger("", file("document", reference)));

    assertThat(refusal).isEqualTo("the document must be an https URL or a Meta attachment id (digits)")
        .doesNotContain("9f2c4e1a7b");
    assertThat(adapter.refusal(comment("", file("photo", reference)))).isNotNull().doesNotContain("9f2c4e1a7b");
  }

  @Test
  void send_commentPhotoByUrlWithText_postsMessageAndAttachmentUrl() {
    commentsEdgeAccepts();

    SendResult result = adapter.send(comment("So sieht der Z\u00e4hlerschrank nach dem Tausch aus.",
        file("photo", "https://files.example.com/meter/4711.jpg")));

    assertThat(result).isInstanceOfSatisfying(SendResult.Sent.class,
        s -> assertThat(s.providerId()).isEqualTo("922384756102_1180923847600"));
    WIRE.verify(postRequestedFor(urlEqualTo(COMMENTS)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withRequestBody(equalToJson("{\"message\":\"So sieht der Z\u00e4hlerschrank nach dem Tausch aus.\","
            + "\"attachment_url\":\"https://files.example.com/meter/4711.jpg\"}")));
  }

  /** An id of digits is a photo the page uploaded unpublished ({@code /{page-id}/photos}, {@code published=false}). */
  @Test
  void send_commentPhotoByIdAlone_postsAttachmentIdWithoutMessage() {
    commentsEdgeAccepts();

    SendResult result = adapter.send(comment("", file("photo", "10160437822094331")));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(postRequestedFor(urlEqualTo(COMMENTS))
        .withRequestBody(equalToJson("{\"attachment_id\":\"10160437822094331\"}")));
  }

  @Test
  void refusal_commentWithAnotherKindOrMoreFiles_namesWhatACommentCarries() {
    assertThat(adapter.refusal(comment("", file("video", "https://files.example.com/howto/reset.mp4"))))
        .isEqualTo("a page comment reply carries a photo only, no attachment of kind video");
    assertThat(adapter.refusal(comment("", file("photo", "https://files.example.com/a.jpg"),
        file("photo", "https://files.example.com/b.jpg"))))
        .isEqualTo("a page comment reply carries one photo, this one has 2 attachments");
    assertThat(adapter.send(comment("", file("document", INVOICE)))).isInstanceOf(SendResult.PermanentFailure.class);
    WIRE.verify(0, postRequestedFor(urlEqualTo(COMMENTS)));
  }

  @Test
  void capabilities_bothChannelsDeclareAttachments() {
    assertThat(adapter.capabilities(ChannelId.MESSENGER).attachments()).isTrue();
    assertThat(adapter.capabilities(ChannelId.FACEBOOK).attachments()).isTrue();
  }

  /** Error 613 of the Graph API: the message was not taken and goes out again later. */
  @Test
  void send_fileRateLimited_staysRetryable() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withHeader("Retry-After", "30")
        .withBody("{\"error\":{\"message\":\"(#613) Calls to this api have exceeded the rate limit.\","
            + "\"type\":\"OAuthException\",\"code\":613,\"fbtrace_id\":\"B8r3xYzP0\"}}")));

    SendResult result = adapter.send(messenger("", file("photo", "https://files.example.com/meter/4711.jpg")));

    assertThat(result).isInstanceOfSatisfying(SendResult.RetryableFailure.class,
        retry -> assertThat(retry.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
  }

  /** A file Meta cannot take (error 100) fails for good, without the file's address in the reason. */
  @Test
  void send_fileMetaCannotTake_isPermanent() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"message\":\"(#100) Upload attachment failure.\",\"type\":\"OAuthException\","
            + "\"code\":100,\"error_subcode\":2018047,\"fbtrace_id\":\"AbCdEfGh\"}}")));

    SendResult result = adapter.send(messenger("", file("document", INVOICE)));

    assertThat(result).isEqualTo(SendResult.permanent("HTTP 400: Graph API error 100/2018047"));
  }
}
