package io.scrm.channels.mastodon;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.scrm.channels.SendResult;
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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replies with files: fetched from the file server, uploaded to {@code /api/v2/media}, waited for
 * while the instance processes them, then attached to the status by {@code media_ids}; and what
 * Mastodon cannot post.
 */
final class MastodonAttachmentsTest {
  private static final Instant NOW = Instant.parse("2026-03-14T10:30:00Z");
  private static final String TOKEN = "tok-123";
  private static final String ANSWERED = "113447239187771234";
  private static final String STATUSES = "/api/v1/statuses";
  private static final String MEDIA = "/api/v2/media";
  private static final String MEDIA_ID = "22348641";
  private static final String PHOTO_PATH = "/files/tickets/4711/dose.jpg?sig=geheim-7f3a";
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F',
      0, (byte) 0xFF, (byte) 0xD9};
  /** A MediaAttachment as {@code POST /api/v2/media} answers it; {@code url} is null while it is processed. */
  private static final String MEDIA_ATTACHMENT = "{\"id\":\"" + MEDIA_ID + "\",\"type\":\"image\","
      + "\"url\":%s,"
      + "\"preview_url\":\"https://files.mastodon.social/media_attachments/files/022/348/641/small/"
      + "e96382f26c72a29c.jpeg\","
      + "\"remote_url\":null,\"text_url\":\"https://mastodon.social/media/4Zj6ewxzzzDi0g8JnZQ\","
      + "\"meta\":{\"original\":{\"width\":640,\"height\":480,\"size\":\"640x480\",\"aspect\":1.3333333333333333},"
      + "\"small\":{\"width\":461,\"height\":346,\"size\":\"461x346\",\"aspect\":1.3323699421965318}},"
      + "\"description\":null,\"blurhash\":\"UFBWY:8_0Jxv4mx]t8t64.%%M-:IUWGWAt6M}\"}";
  private static final String PROCESSED_URL =
      "\"https://files.mastodon.social/media_attachments/files/022/348/641/original/e96382f26c72a29c.jpeg\"";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MastodonAdapter adapter = MastodonAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken(TOKEN)
      .clock(Clock.fixed(NOW, ZoneOffset.UTC)).timeout(Duration.ofSeconds(30)).processingPause(Duration.ZERO).build();

  @BeforeEach
  void answeredStatus() {
    // the status answered, which the adapter did not parse and looks up for its author
    WIRE.stubFor(get(urlEqualTo(STATUSES + "/" + ANSWERED)).willReturn(json(200,
        "{\"id\":\"" + ANSWERED + "\",\"created_at\":\"2026-03-14T10:02:10.000Z\",\"visibility\":\"public\","
            + "\"content\":\"<p>Die Dose blinkt rot</p>\",\"media_attachments\":[],"
            + "\"account\":{\"id\":\"109384752019384756\",\"username\":\"kathrin\","
            + "\"acct\":\"kathrin@norden.social\"}}")));
    WIRE.stubFor(get(urlEqualTo("/api/v1/accounts/verify_credentials")).willReturn(json(200,
        "{\"id\":\"110000000000000001\",\"username\":\"support\",\"acct\":\"support\"}")));
  }

  @AfterEach
  void close() {
    adapter.close();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
  }

  private static String photoUrl() {
    return WIRE.baseUrl() + PHOTO_PATH;
  }

  private static void fileServerHasThePhoto() {
    WIRE.stubFor(get(urlEqualTo(PHOTO_PATH)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "image/jpeg").withBody(JPEG)));
  }

  private static void uploadAnswers(int status, String body) {
    WIRE.stubFor(post(urlEqualTo(MEDIA)).willReturn(json(status, body)));
  }

  private static void statusAccepted() {
    WIRE.stubFor(post(urlEqualTo(STATUSES)).willReturn(json(200,
        "{\"id\":\"113447400000000042\",\"created_at\":\"2026-03-14T10:30:00.000Z\",\"in_reply_to_id\":\"" + ANSWERED
            + "\",\"visibility\":\"public\",\"content\":\"<p><span class=\\\"h-card\\\">@kathrin</span></p>\","
            + "\"account\":{\"id\":\"110000000000000001\",\"username\":\"support\",\"acct\":\"support\"},"
            + "\"media_attachments\":[" + MEDIA_ATTACHMENT.formatted(PROCESSED_URL) + "]}")));
  }

  private static OutboundMessage reply(String text, List<Attachment> files) {
    return OutboundMessage.pending(OutboundId.of("out-7"), null, ContactId.of("c-1"), ChannelId.MASTODON, ANSWERED,
        ANSWERED, Visibility.PUBLIC, text, files, "service-reply", NOW);
  }

  private static Attachment file(String kind, String reference) {
    return new Attachment(kind, reference, null, null);
  }

  private static OutboundMessage photoReply() {
    return reply("", List.of(new Attachment("photo", photoUrl(), "image/jpeg", null)));
  }

  private static int statusPosts() {
    return WIRE.findAll(postRequestedFor(urlEqualTo(STATUSES))).size();
  }

  private static int uploads() {
    return WIRE.findAll(postRequestedFor(urlEqualTo(MEDIA))).size();
  }

  @Test
  void capabilities_declareAttachments() {
    assertThat(adapter.capabilities(ChannelId.MASTODON).attachments()).isTrue();
  }

  @Test
  void send_photoReply_uploadsTheFileAsMultipartThenPostsTheReplyWithItsMediaId() {
    fileServerHasThePhoto();
    uploadAnswers(200, MEDIA_ATTACHMENT.formatted(PROCESSED_URL));
    statusAccepted();

    SendResult result = adapter.send(photoReply());

    assertThat(result).isEqualTo(SendResult.sent("113447400000000042", NOW));
    WIRE.verify(1, postRequestedFor(urlEqualTo(MEDIA))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withHeader("Content-Type", containing("multipart/form-data; boundary="))
        .withRequestBodyPart(aMultipart().withName("file")
            .withHeader("Content-Disposition", containing("filename=\"dose.jpg\""))
            .withHeader("Content-Type", equalTo("image/jpeg"))
            .withBody(binaryEqualTo(JPEG)).build()));
    WIRE.verify(1, postRequestedFor(urlEqualTo(STATUSES))
        .withHeader("Idempotency-Key", equalTo("out-7"))
        .withRequestBody(equalToJson("{\"status\":\"@kathrin@norden.social\",\"in_reply_to_id\":\"" + ANSWERED
            + "\",\"visibility\":\"public\",\"media_ids\":[\"" + MEDIA_ID + "\"]}")));
    List<String> order = WIRE.getAllServeEvents().stream()
        .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
        .map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl())
        .filter(call -> call.startsWith("POST"))
        .toList();
    assertThat(order).containsExactly("POST " + MEDIA, "POST " + STATUSES);
  }

  @Test
  void send_photoWithDescription_uploadsItAsTheMediaDescriptionInUtf8() {
    fileServerHasThePhoto();
    uploadAnswers(200, MEDIA_ATTACHMENT.formatted(PROCESSED_URL));
    statusAccepted();
    String description = "Glasfaser-Dose nach dem Tausch: grüne LED „PON“ leuchtet – kein Blinken mehr. 🟢";

    SendResult result = adapter.send(reply("",
        List.of(new Attachment("photo", photoUrl(), "image/jpeg", null, description))));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(1, postRequestedFor(urlEqualTo(MEDIA))
        .withRequestBodyPart(aMultipart().withName("description")
            .withBody(binaryEqualTo(description.getBytes(java.nio.charset.StandardCharsets.UTF_8))).build())
        .withRequestBodyPart(aMultipart().withName("file").withBody(binaryEqualTo(JPEG)).build()));
  }

  @Test
  void send_photoWithoutDescription_uploadsNoDescriptionField() {
    fileServerHasThePhoto();
    uploadAnswers(200, MEDIA_ATTACHMENT.formatted(PROCESSED_URL));
    statusAccepted();

    adapter.send(photoReply());

    String body = WIRE.findAll(postRequestedFor(urlEqualTo(MEDIA))).get(0).getBodyAsString();
    assertThat(body).contains("name=\"file\"").doesNotContain("name=\"description\"");
  }

  @Test
  void refusal_descriptionOverMastodonsLimit_isNamed_atTheLimitPasses() {
    String url = "https://files.example.com/tickets/4711/dose.jpg";
    // 1,500 characters of which each emoji is two UTF-16 units: Mastodon counts characters
    String atLimit = "🟢".repeat(1500);
    assertThat(adapter.refusal(reply("", List.of(new Attachment("photo", url, null, null, atLimit))))).isNull();

    OutboundMessage tooLong = reply("", List.of(file("photo", url),
        new Attachment("photo", url, null, null, "a".repeat(1501))));
    assertThat(adapter.refusal(tooLong))
        .isEqualTo("attachment 2: the instance takes a description of at most 1500 characters, this one has 1501");
    assertThat(adapter.send(tooLong)).isInstanceOf(SendResult.PermanentFailure.class);
    WIRE.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void refusal_descriptionOverAServersOwnLimit_setOnTheBuilderOrAsASetting_isNamed() {
    String url = "https://files.example.com/tickets/4711/dose.jpg";
    OutboundMessage described = reply("", List.of(new Attachment("photo", url, null, null, "b".repeat(1001))));
    try (MastodonAdapter smaller = MastodonAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken(TOKEN)
            .maxDescriptionLength(1000).build();
        io.scrm.channels.ChannelAdapter configured = io.scrm.channels.Channels.create("mastodon",
            io.scrm.channels.ChannelConfig.of(java.util.Map.of("base-url", WIRE.baseUrl(), "access-token", TOKEN,
                "max-description-length", "1000")))) {
      assertThat(smaller.refusal(described))
          .isEqualTo("attachment 1: the instance takes a description of at most 1000 characters, this one has 1001");
      assertThat(configured.refusal(described)).isEqualTo(smaller.refusal(described));
      assertThat(adapter.refusal(described)).isNull();
    }
    assertThatThrownBy(() -> MastodonAdapter.builder().maxDescriptionLength(0))
        .hasMessage("maxDescriptionLength must be positive, was 0");
    assertThatThrownBy(() -> io.scrm.channels.Channels.create("mastodon", io.scrm.channels.ChannelConfig.of(
        java.util.Map.of("base-url", WIRE.baseUrl(), "access-token", TOKEN, "max-description-length", "viele"))))
        .hasMessage("channel setting 'max-description-length' must be a positive number of characters");
  }

  @Test
  void send_textAndPhoto_postsTheTextWithTheMention() {
    fileServerHasThePhoto();
    uploadAnswers(200, MEDIA_ATTACHMENT.formatted(PROCESSED_URL));
    statusAccepted();

    adapter.send(reply("So sieht die Dose nach dem Tausch aus.",
        List.of(new Attachment("photo", photoUrl(), "image/jpeg", null))));

    WIRE.verify(postRequestedFor(urlEqualTo(STATUSES)).withRequestBody(equalToJson(
        "{\"status\":\"@kathrin@norden.social So sieht die Dose nach dem Tausch aus.\",\"in_reply_to_id\":\""
            + ANSWERED + "\",\"visibility\":\"public\",\"media_ids\":[\"" + MEDIA_ID + "\"]}")));
  }

  @Test
  void send_mediaStillProcessingAfterUpload_asksUntilItIsProcessedThenPosts() {
    fileServerHasThePhoto();
    uploadAnswers(202, MEDIA_ATTACHMENT.formatted("null"));
    String media = "/api/v1/media/" + MEDIA_ID;
    WIRE.stubFor(get(urlEqualTo(media)).inScenario("processing").whenScenarioStateIs(STARTED)
        .willReturn(json(206, MEDIA_ATTACHMENT.formatted("null"))).willSetStateTo("processed"));
    WIRE.stubFor(get(urlEqualTo(media)).inScenario("processing").whenScenarioStateIs("processed")
        .willReturn(json(200, MEDIA_ATTACHMENT.formatted(PROCESSED_URL))));
    statusAccepted();

    SendResult result = adapter.send(photoReply());

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(2, getRequestedFor(urlEqualTo(media)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    WIRE.verify(postRequestedFor(urlEqualTo(STATUSES))
        .withRequestBody(equalToJson("{\"media_ids\":[\"" + MEDIA_ID + "\"]}", true, true)));
  }

  @Test
  void send_mediaStillProcessingAfterEveryQuestion_isRetryableAndPostsNoStatus() {
    fileServerHasThePhoto();
    uploadAnswers(202, MEDIA_ATTACHMENT.formatted("null"));
    WIRE.stubFor(get(urlEqualTo("/api/v1/media/" + MEDIA_ID)).willReturn(json(206, "")));
    statusAccepted();

    SendResult result = adapter.send(photoReply());

    assertThat(result).isInstanceOf(SendResult.RetryableFailure.class);
    assertThat(((SendResult.RetryableFailure) result).reason()).contains("attachment 1")
        .contains("processed").doesNotContain(PHOTO_PATH);
    assertThat(WIRE.findAll(getRequestedFor(urlEqualTo("/api/v1/media/" + MEDIA_ID)))).hasSize(5);
    assertThat(statusPosts()).isZero();
  }

  @Test
  void send_retryAfterMediaStillProcessing_asksAfterTheSameMedia_withoutFetchingOrUploadingAgain() {
    fileServerHasThePhoto();
    uploadAnswers(202, MEDIA_ATTACHMENT.formatted("null"));
    String media = "/api/v1/media/" + MEDIA_ID;
    WIRE.stubFor(get(urlEqualTo(media)).willReturn(json(206, "")));
    statusAccepted();

    SendResult first = adapter.send(photoReply());
    WIRE.stubFor(get(urlEqualTo(media)).willReturn(json(200, MEDIA_ATTACHMENT.formatted(PROCESSED_URL))));
    SendResult second = adapter.send(photoReply());

    assertThat(first).isInstanceOfSatisfying(SendResult.RetryableFailure.class,
        failure -> assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
    assertThat(second).isInstanceOf(SendResult.Sent.class);
    assertThat(uploads()).isEqualTo(1);
    WIRE.verify(1, getRequestedFor(urlEqualTo(PHOTO_PATH)));
    WIRE.verify(1, postRequestedFor(urlEqualTo(STATUSES))
        .withRequestBody(equalToJson("{\"media_ids\":[\"" + MEDIA_ID + "\"]}", true, true)));
  }

  @Test
  void send_uploadRefusedAsUnsupported_isPermanentAndPostsNoStatus() {
    fileServerHasThePhoto();
    uploadAnswers(422, "{\"error\":\"Validation failed: File content type is invalid, File is invalid\"}");
    statusAccepted();

    SendResult result = adapter.send(photoReply());

    assertThat(result).isInstanceOf(SendResult.PermanentFailure.class);
    assertThat(((SendResult.PermanentFailure) result).reason()).contains("422").contains("attachment 1")
        .doesNotContain(TOKEN).doesNotContain(PHOTO_PATH);
    assertThat(statusPosts()).isZero();
  }

  @Test
  void send_uploadRateLimited_isRetryableAfterTheReset() {
    fileServerHasThePhoto();
    WIRE.stubFor(post(urlEqualTo(MEDIA)).willReturn(aResponse().withStatus(429)
        .withHeader("Content-Type", "application/json")
        .withHeader("X-RateLimit-Limit", "30").withHeader("X-RateLimit-Remaining", "0")
        .withHeader("X-RateLimit-Reset", "2026-03-14T10:35:00.000Z")
        .withBody("{\"error\":\"Too many requests\"}")));
    statusAccepted();

    SendResult result = adapter.send(photoReply());

    assertThat(result).isEqualTo(SendResult.retryable("HTTP 429: attachment 1: upload failed", Duration.ofMinutes(5)));
    assertThat(statusPosts()).isZero();
  }

  @Test
  void send_uploadAnswered503_isRetryable() {
    fileServerHasThePhoto();
    WIRE.stubFor(post(urlEqualTo(MEDIA)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30")
        .withBody("<html><body><h1>503 Service Unavailable</h1></body></html>")));

    SendResult result = adapter.send(photoReply());

    assertThat(result).isEqualTo(SendResult.retryable("HTTP 503: attachment 1: upload failed", Duration.ofSeconds(30)));
    assertThat(statusPosts()).isZero();
  }

  @Test
  void send_uploadTimesOut_isRetryableSinceNoStatusWasPosted() {
    fileServerHasThePhoto();
    WIRE.stubFor(post(urlEqualTo(MEDIA)).willReturn(json(200, MEDIA_ATTACHMENT.formatted(PROCESSED_URL))
        .withFixedDelay(1500)));
    statusAccepted();
    try (MastodonAdapter impatient = MastodonAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken(TOKEN)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).timeout(Duration.ofMillis(500)).build()) {

      SendResult result = impatient.send(photoReply());

      assertThat(result).isInstanceOf(SendResult.RetryableFailure.class);
    }
    assertThat(statusPosts()).isZero();
  }

  @Test
  void send_fileServerAnswers404_isPermanentAndUploadsNothing() {
    WIRE.stubFor(get(urlEqualTo(PHOTO_PATH)).willReturn(aResponse().withStatus(404)));
    uploadAnswers(200, MEDIA_ATTACHMENT.formatted(PROCESSED_URL));
    statusAccepted();

    SendResult result = adapter.send(photoReply());

    assertThat(result).isInstanceOf(SendResult.PermanentFailure.class);
    assertThat(((SendResult.PermanentFailure) result).reason()).startsWith("attachment 1 could not be fetched")
        .doesNotContain(PHOTO_PATH).doesNotContain("geheim");
    assertThat(uploads()).isZero();
    assertThat(statusPosts()).isZero();
  }

  @Test
  void send_fileServerAnswers503_isRetryableAndUploadsNothing() {
    WIRE.stubFor(get(urlEqualTo(PHOTO_PATH)).willReturn(aResponse().withStatus(503)));

    SendResult result = adapter.send(photoReply());

    assertThat(result).isInstanceOf(SendResult.RetryableFailure.class);
    assertThat(uploads()).isZero();
  }

  @Test
  void send_photoThatTurnsOutAVideoBesideAnother_isPermanentAndUploadsNothing() {
    fileServerHasThePhoto();
    WIRE.stubFor(get(urlEqualTo("/files/clip")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "video/mp4").withBody(JPEG)));

    SendResult result = adapter.send(reply("", List.of(file("photo", photoUrl()),
        file("photo", WIRE.baseUrl() + "/files/clip"))));

    assertThat(result).isInstanceOf(SendResult.PermanentFailure.class);
    assertThat(((SendResult.PermanentFailure) result).reason()).contains("attachment 2").contains("only on its own");
    assertThat(uploads()).isZero();
  }

  static Stream<Arguments> refused() {
    String url = "https://files.example.com/tickets/4711/dose.jpg?sig=geheim-7f3a";
    return Stream.of(
        Arguments.of(List.of(file("document", "https://files.example.com/tickets/4711/Vertrag.pdf")),
            "attachment 1: Mastodon sends no documents"),
        Arguments.of(List.of(file("photo", url), file("hologram", url)),
            "attachment 2: Mastodon sends no attachment of kind hologram"),
        Arguments.of(Collections.nCopies(5, file("photo", url)), "at most 4 files"),
        Arguments.of(List.of(file("photo", url), file("video", url)), "attachment 2: Mastodon posts a video or audio"),
        Arguments.of(List.of(file("voice", url), file("photo", url)), "attachment 1: Mastodon posts a video or audio"),
        Arguments.of(List.of(file("photo", url), new Attachment("photo", url, "video/mp4", null)),
            "attachment 2: Mastodon posts a video or audio"),
        Arguments.of(List.of(new Attachment("video", url, "video/mp4", 200L * 1024 * 1024)),
            "attachment 1 has more than 103809024 bytes"),
        Arguments.of(List.of(file("photo", "s3://tickets/4711/dose.jpg")),
            "attachment 1: not an http or https URL"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusal_whatMastodonCannotPost_isNamedAndSendAsksNothing(List<Attachment> files, String expected) {
    OutboundMessage message = reply("Hier die Unterlagen.", files);

    assertThat(adapter.refusal(message)).contains(expected).doesNotContain("geheim").doesNotContain("files.example.com")
        .doesNotContain("s3://");
    SendResult result = adapter.send(message);

    assertThat(result).isEqualTo(SendResult.permanent(adapter.refusal(message)));
    WIRE.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void refusal_fourPhotosOrOneVideoOrOneVoiceMessage_passes() {
    String url = "https://files.example.com/tickets/4711/dose.jpg";
    assertThat(adapter.refusal(reply("", Collections.nCopies(4, file("photo", url))))).isNull();
    assertThat(adapter.refusal(reply("", List.of(file("video", url))))).isNull();
    assertThat(adapter.refusal(reply("", List.of(file("voice", url))))).isNull();
    assertThat(adapter.refusal(reply("", List.of(file("audio", url))))).isNull();
  }

  @Test
  void send_requestsAfterTheFileServer_carryNoReferenceOfIt() {
    fileServerHasThePhoto();
    uploadAnswers(200, MEDIA_ATTACHMENT.formatted(PROCESSED_URL));
    statusAccepted();

    adapter.send(photoReply());

    for (ServeEvent event : WIRE.getAllServeEvents()) {
      if (!event.getRequest().getUrl().startsWith("/files/")) {
        assertThat(event.getRequest().getBodyAsString()).doesNotContain("geheim");
      }
    }
  }
}
