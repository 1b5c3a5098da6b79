package io.scrm.channels.x;

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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.scrm.channels.PollResult;
import io.scrm.channels.SendResult;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files on X: a photo of the router's lights, sent as a post or a direct message, reaches the agent
 * as an attachment; a reply's files are fetched from the file server, uploaded in X's chunked upload
 * ({@code /2/media/upload/initialize}, {@code /append}, {@code /finalize}), waited for while X
 * processes them, then attached to the post by {@code media.media_ids} or to the direct message by
 * {@code attachments}; and what X cannot carry.
 */
final class XAttachmentsTest {
  private static final Instant NOW = Instant.parse("2026-03-14T10:30:00Z");
  private static final String TOKEN = "x-token";
  private static final String ANSWERED = "1900447829118746625";
  private static final String TWEETS = "/2/tweets";
  private static final String INITIALIZE = "/2/media/upload/initialize";
  private static final String MEDIA_ID = "1900450000000000101";
  private static final String APPEND = "/2/media/upload/" + MEDIA_ID + "/append";
  private static final String FINALIZE = "/2/media/upload/" + MEDIA_ID + "/finalize";
  private static final String STATUS = "/2/media/upload?command=STATUS&media_id=" + MEDIA_ID;
  private static final String METADATA = "/2/media/metadata";
  private static final String SABINE = "1234567-98765432";
  private static final String PHOTO_PATH = "/files/tickets/4711/dose.jpg?sig=geheim-7f3a";
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F',
      0, (byte) 0xFF, (byte) 0xD9};
  private static final byte[] MP4 = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2', 0, 0, 0, 0, 'i', 's', 'o',
      'm'};
  /** X's answer to initialize and to finalize of an image, which needs no processing. */
  private static final String UPLOADED = "{\"data\":{\"id\":\"" + MEDIA_ID + "\",\"media_key\":\"3_" + MEDIA_ID
      + "\",\"expires_after_secs\":86400,\"size\":13}}";
  /** X's answer while a video is processed: {@code %s} is the state. */
  private static final String PROCESSING = "{\"data\":{\"id\":\"" + MEDIA_ID + "\",\"media_key\":\"13_" + MEDIA_ID
      + "\",\"expires_after_secs\":86399,\"size\":20,\"processing_info\":{\"state\":\"%s\",\"check_after_secs\":1,"
      + "\"progress_percent\":40}}}";
  private static final String USERS = "\"users\":[{\"id\":\"98765432\",\"name\":\"Sabine Petersen\","
      + "\"username\":\"bine_baut\"}]";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final XAdapter adapter = XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken(TOKEN).userId("1234567")
      .directMessages(true).clock(Clock.fixed(NOW, ZoneOffset.UTC)).timeout(Duration.ofSeconds(30))
      .processingPause(Duration.ZERO).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
  }

  private static String photoUrl() {
    return WIRE.baseUrl() + PHOTO_PATH;
  }

  private static void fileServerHas(String path, String mediaType, byte[] content) {
    WIRE.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", mediaType).withBody(content)));
  }

  private static void fileServerHasThePhoto() {
    fileServerHas(PHOTO_PATH, "image/jpeg", JPEG);
  }

  /** X takes the upload: initialize, every append and finalize, the file ready at once. */
  private static void xTakesTheUpload() {
    WIRE.stubFor(post(urlEqualTo(INITIALIZE)).willReturn(json(200, UPLOADED)));
    WIRE.stubFor(post(urlEqualTo(APPEND)).willReturn(json(200, "{\"data\":{\"expires_at\":1773570600}}")));
    WIRE.stubFor(post(urlEqualTo(FINALIZE)).willReturn(json(200, UPLOADED)));
  }

  private static void postAccepted() {
    WIRE.stubFor(post(urlEqualTo(TWEETS)).willReturn(json(201, "{\"data\":{\"id\":\"1900449000000000001\","
        + "\"edit_history_tweet_ids\":[\"1900449000000000001\"],\"text\":\"@bine_baut https://t.co/Qw12Er34Ty\"}}")));
  }

  private static OutboundMessage reply(String text, List<Attachment> files) {
    return OutboundMessage.pending(OutboundId.of("out-7"), null, ContactId.of("c-1"), ChannelId.X,
        ANSWERED + "/98765432", ANSWERED, Visibility.PUBLIC, text, files, "service-reply", NOW);
  }

  private static OutboundMessage directMessage(String text, List<Attachment> files) {
    return OutboundMessage.pending(OutboundId.of("out-dm-7"), null, ContactId.of("c-1"), ChannelId.X, SABINE, null,
        Visibility.PRIVATE, text, files, "service-reply", NOW);
  }

  private static Attachment file(String kind, String reference) {
    return new Attachment(kind, reference, null, null);
  }

  private static OutboundMessage photoReply() {
    return reply("", List.of(new Attachment("photo", photoUrl(), "image/jpeg", null)));
  }

  private static int posts() {
    return WIRE.findAll(postRequestedFor(urlEqualTo(TWEETS))).size();
  }

  private static int uploads() {
    return WIRE.findAll(postRequestedFor(urlEqualTo(INITIALIZE))).size();
  }

  @Test
  void capabilities_declareAttachments() {
    assertThat(adapter.capabilities(ChannelId.X).attachments()).isTrue();
  }

  @Test
  void send_photoReply_uploadsTheFileInPartsThenPostsTheReplyWithItsMediaId() {
    fileServerHasThePhoto();
    xTakesTheUpload();
    postAccepted();

    SendResult result = adapter.send(photoReply());

    assertThat(result).isEqualTo(SendResult.sent("1900449000000000001", NOW));
    WIRE.verify(1, postRequestedFor(urlEqualTo(INITIALIZE))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(equalToJson("{\"media_type\":\"image/jpeg\",\"total_bytes\":13,"
            + "\"media_category\":\"tweet_image\"}")));
    WIRE.verify(1, postRequestedFor(urlEqualTo(APPEND))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withHeader("Content-Type", containing("multipart/form-data; boundary="))
        .withRequestBodyPart(aMultipart().withName("segment_index").withBody(equalTo("0")).build())
        .withRequestBodyPart(aMultipart().withName("media")
            .withHeader("Content-Disposition", containing("filename=\"attachment-1.jpg\""))
            .withBody(binaryEqualTo(JPEG)).build()));
    WIRE.verify(1, postRequestedFor(urlEqualTo(FINALIZE)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    WIRE.verify(0, getRequestedFor(urlPathEqualTo("/2/media/upload")));
    // a post of a photo alone has no text
    WIRE.verify(1, postRequestedFor(urlEqualTo(TWEETS)).withRequestBody(equalToJson("{\"reply\":"
        + "{\"in_reply_to_tweet_id\":\"" + ANSWERED + "\"},\"media\":{\"media_ids\":[\"" + MEDIA_ID + "\"]}}")));
    List<String> order = inOrderReceived().stream()
        .map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl())
        .toList();
    assertThat(order).containsExactly("GET " + PHOTO_PATH, "POST " + INITIALIZE, "POST " + APPEND,
        "POST " + FINALIZE, "POST " + TWEETS);
  }

  @Test
  void send_photoWithDescription_setsItAsAltTextAfterTheUpload_beforeThePost() {
    fileServerHasThePhoto();
    xTakesTheUpload();
    WIRE.stubFor(post(urlEqualTo(METADATA)).willReturn(json(200, "{\"data\":{\"id\":\"" + MEDIA_ID + "\","
        + "\"associated_metadata\":{\"alt_text\":{\"text\":\"Dose mit grüner LED\"}}}}")));
    postAccepted();

    SendResult result = adapter.send(reply("", List.of(new Attachment("photo", photoUrl(), "image/jpeg", null,
        "Glasfaser-Dose nach dem Tausch: grüne LED „PON“"))));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(1, postRequestedFor(urlEqualTo(METADATA))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(equalToJson("{\"id\":\"" + MEDIA_ID + "\",\"metadata\":{\"alt_text\":"
            + "{\"text\":\"Glasfaser-Dose nach dem Tausch: grüne LED „PON“\"}}}")));
    assertThat(inOrderReceived()).extracting(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl())
        .containsExactly("GET " + PHOTO_PATH, "POST " + INITIALIZE, "POST " + APPEND, "POST " + FINALIZE,
            "POST " + METADATA, "POST " + TWEETS);
  }

  @Test
  void send_photoWithoutDescription_setsNoMetadata_andAVideosDescriptionIsLeftOff() {
    fileServerHasThePhoto();
    fileServerHas("/files/clip.mp4", "video/mp4", MP4);
    xTakesTheUpload();
    postAccepted();

    assertThat(adapter.send(photoReply())).isInstanceOf(SendResult.Sent.class);
    assertThat(adapter.send(reply("", List.of(new Attachment("video", WIRE.baseUrl() + "/files/clip.mp4", null, null,
        "Anleitung: Router neu starten"))))).isInstanceOf(SendResult.Sent.class);

    WIRE.verify(0, postRequestedFor(urlEqualTo(METADATA)));
    assertThat(posts()).isEqualTo(2);
  }

  @Test
  void send_descriptionRefusedByX_isPermanent_andUnavailable_isRetryable_andNothingIsPosted() {
    fileServerHasThePhoto();
    xTakesTheUpload();
    postAccepted();
    OutboundMessage described = reply("", List.of(
        new Attachment("photo", photoUrl(), "image/jpeg", null, "Dose mit grüner LED")));
    WIRE.stubFor(post(urlEqualTo(METADATA)).willReturn(json(400, "{\"title\":\"Invalid Request\","
        + "\"detail\":\"One or more parameters to your request was invalid.\","
        + "\"type\":\"https://api.twitter.com/2/problems/invalid-request\"}")));

    assertThat(adapter.send(described))
        .isEqualTo(SendResult.permanent("HTTP 400: attachment 1: setting its description failed"));

    WIRE.stubFor(post(urlEqualTo(METADATA)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "20")));
    assertThat(adapter.send(described)).isEqualTo(
        SendResult.retryable("HTTP 503: attachment 1: setting its description failed", Duration.ofSeconds(20)));
    assertThat(posts()).isZero();
  }

  @Test
  void refusal_descriptionOverXsLimit_isNamed_atTheLimitPasses() {
    String url = "https://files.example.com/tickets/4711/dose.jpg";
    assertThat(adapter.refusal(reply("", List.of(new Attachment("photo", url, null, null, "ü".repeat(1000))))))
        .isNull();
    OutboundMessage tooLong = reply("", List.of(new Attachment("photo", url, null, null, "ü".repeat(1001))));

    assertThat(adapter.refusal(tooLong))
        .isEqualTo("attachment 1: X takes a description of at most 1000 characters, this one has 1001");
    // a video's description is left off, whatever its length
    assertThat(adapter.refusal(reply("", List.of(new Attachment("video", url, "video/mp4", null, "ü".repeat(1001))))))
        .isNull();
    assertThat(adapter.send(tooLong)).isInstanceOf(SendResult.PermanentFailure.class);
    WIRE.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void send_textAndFourPhotos_uploadsEachAndPostsTheirIdsInOrder() {
    fileServerHasThePhoto();
    for (int n = 1; n <= 4; n++) {
      String id = "190045000000000010" + n;
      WIRE.stubFor(post(urlEqualTo(INITIALIZE)).inScenario("ids").whenScenarioStateIs(n == 1 ? STARTED : "id" + n)
          .willReturn(json(200, "{\"data\":{\"id\":\"" + id + "\",\"media_key\":\"3_" + id + "\"}}"))
          .willSetStateTo("id" + (n + 1)));
      WIRE.stubFor(post(urlEqualTo("/2/media/upload/" + id + "/append")).willReturn(aResponse().withStatus(204)));
      WIRE.stubFor(post(urlEqualTo("/2/media/upload/" + id + "/finalize")).willReturn(json(200,
          "{\"data\":{\"id\":\"" + id + "\",\"media_key\":\"3_" + id + "\",\"size\":13}}")));
    }
    postAccepted();

    SendResult result = adapter.send(reply("So sieht die Dose nach dem Tausch aus.",
        Collections.nCopies(4, new Attachment("photo", photoUrl(), "image/jpeg", null))));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(postRequestedFor(urlEqualTo(TWEETS)).withRequestBody(equalToJson(
        "{\"text\":\"So sieht die Dose nach dem Tausch aus.\",\"reply\":{\"in_reply_to_tweet_id\":\"" + ANSWERED
            + "\"},\"media\":{\"media_ids\":[\"1900450000000000101\",\"1900450000000000102\","
            + "\"1900450000000000103\",\"1900450000000000104\"]}}")));
  }

  @Test
  void send_videoInSeveralParts_isAppendedSegmentBySegmentAndWaitedForUntilProcessed() {
    fileServerHas("/files/clip.mp4", "video/mp4", MP4);
    WIRE.stubFor(post(urlEqualTo(INITIALIZE)).willReturn(json(200, UPLOADED)));
    WIRE.stubFor(post(urlEqualTo(APPEND)).willReturn(aResponse().withStatus(204)));
    WIRE.stubFor(post(urlEqualTo(FINALIZE)).willReturn(json(200, PROCESSING.formatted("pending"))));
    WIRE.stubFor(get(urlEqualTo(STATUS)).inScenario("processing").whenScenarioStateIs(STARTED)
        .willReturn(json(200, PROCESSING.formatted("in_progress"))).willSetStateTo("processed"));
    WIRE.stubFor(get(urlEqualTo(STATUS)).inScenario("processing").whenScenarioStateIs("processed")
        .willReturn(json(200, PROCESSING.formatted("succeeded"))));
    postAccepted();
    try (XAdapter inParts = XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken(TOKEN).userId("1234567")
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).timeout(Duration.ofSeconds(30)).processingPause(Duration.ZERO)
        .chunkBytes(8).build()) {

      SendResult result = inParts.send(reply("Anleitung im Video.",
          List.of(file("video", WIRE.baseUrl() + "/files/clip.mp4"))));

      assertThat(result).isInstanceOf(SendResult.Sent.class);
    }
    WIRE.verify(postRequestedFor(urlEqualTo(INITIALIZE)).withRequestBody(equalToJson(
        "{\"media_type\":\"video/mp4\",\"total_bytes\":20,\"media_category\":\"tweet_video\"}")));
    List<ServeEvent> appends = inOrderReceived().stream()
        .filter(e -> e.getRequest().getUrl().equals(APPEND))
        .toList();
    assertThat(appends).hasSize(3);
    for (int segment = 0; segment < 3; segment++) {
      byte[] part = java.util.Arrays.copyOfRange(MP4, segment * 8, Math.min(MP4.length, segment * 8 + 8));
      assertThat(appends.get(segment).getRequest().getPart("segment_index").getBody().asString())
          .isEqualTo(Integer.toString(segment));
      assertThat(appends.get(segment).getRequest().getPart("media").getBody().asBytes()).isEqualTo(part);
    }
    WIRE.verify(2, getRequestedFor(urlEqualTo(STATUS)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    WIRE.verify(postRequestedFor(urlEqualTo(TWEETS))
        .withRequestBody(equalToJson("{\"media\":{\"media_ids\":[\"" + MEDIA_ID + "\"]}}", true, true)));
  }

  @Test
  void send_photoThatIsAGif_isUploadedAsAGif() {
    fileServerHas("/files/blink.gif", "image/gif", JPEG);
    xTakesTheUpload();
    postAccepted();

    SendResult result = adapter.send(reply("", List.of(file("photo", WIRE.baseUrl() + "/files/blink.gif"))));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(postRequestedFor(urlEqualTo(INITIALIZE)).withRequestBody(equalToJson(
        "{\"media_type\":\"image/gif\",\"total_bytes\":13,\"media_category\":\"tweet_gif\"}")));
  }

  @Test
  void send_directMessageWithAPhoto_uploadsItForDirectMessagesAndAttachesIt() {
    fileServerHasThePhoto();
    xTakesTheUpload();
    WIRE.stubFor(post(urlEqualTo("/2/dm_conversations/" + SABINE + "/messages")).willReturn(json(201,
        "{\"data\":{\"dm_conversation_id\":\"" + SABINE + "\",\"dm_event_id\":\"1900470000000000001\"}}")));

    SendResult result = adapter.send(directMessage("Hier der Lageplan.",
        List.of(new Attachment("photo", photoUrl(), "image/jpeg", null))));

    assertThat(result).isEqualTo(SendResult.sent("dm:1900470000000000001", NOW));
    WIRE.verify(postRequestedFor(urlEqualTo(INITIALIZE)).withRequestBody(equalToJson(
        "{\"media_type\":\"image/jpeg\",\"total_bytes\":13,\"media_category\":\"dm_image\"}")));
    WIRE.verify(postRequestedFor(urlEqualTo("/2/dm_conversations/" + SABINE + "/messages"))
        .withRequestBody(equalToJson("{\"text\":\"Hier der Lageplan.\",\"attachments\":[{\"media_id\":\""
            + MEDIA_ID + "\"}]}")));
  }

  @Test
  void send_directMessageOfAPhotoAlone_hasNoText() {
    fileServerHasThePhoto();
    xTakesTheUpload();
    WIRE.stubFor(post(urlEqualTo("/2/dm_conversations/" + SABINE + "/messages")).willReturn(json(201,
        "{\"data\":{\"dm_conversation_id\":\"" + SABINE + "\",\"dm_event_id\":\"1900470000000000002\"}}")));

    adapter.send(directMessage("", List.of(new Attachment("photo", photoUrl(), "image/jpeg", null))));

    WIRE.verify(postRequestedFor(urlEqualTo("/2/dm_conversations/" + SABINE + "/messages"))
        .withRequestBody(equalToJson("{\"attachments\":[{\"media_id\":\"" + MEDIA_ID + "\"}]}")));
  }

  @Test
  void send_processingFails_isPermanentAndPostsNothing() {
    fileServerHas("/files/clip.mp4", "video/mp4", MP4);
    xTakesTheUpload();
    WIRE.stubFor(post(urlEqualTo(FINALIZE)).willReturn(json(200, PROCESSING.formatted("pending"))));
    WIRE.stubFor(get(urlEqualTo(STATUS)).willReturn(json(200, "{\"data\":{\"id\":\"" + MEDIA_ID + "\","
        + "\"processing_info\":{\"state\":\"failed\",\"progress_percent\":0,\"error\":{\"code\":1,"
        + "\"name\":\"InvalidMedia\",\"message\":\"Unsupported video format\"}}}}")));
    postAccepted();

    SendResult result = adapter.send(reply("", List.of(file("video", WIRE.baseUrl() + "/files/clip.mp4"))));

    assertThat(result).isEqualTo(SendResult.permanent("attachment 1: X could not process the file"));
    assertThat(posts()).isZero();
  }

  @Test
  void send_xAsksToWaitLongerThanTheRoundAllows_endsTheRound_andRetriesAfterXsWait() {
    fileServerHas("/files/clip.mp4", "video/mp4", MP4);
    xTakesTheUpload();
    WIRE.stubFor(post(urlEqualTo(FINALIZE)).willReturn(json(200, PROCESSING.formatted("pending"))));
    WIRE.stubFor(get(urlEqualTo(STATUS)).willReturn(json(200, PROCESSING.formatted("in_progress"))));
    postAccepted();
    // pauses of 50 ms make a round of 250 ms; X asks to come back after a second
    try (XAdapter patient = XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken(TOKEN).userId("1234567")
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).timeout(Duration.ofSeconds(30))
        .processingPause(Duration.ofMillis(50)).build()) {

      SendResult result = patient.send(reply("", List.of(file("video", WIRE.baseUrl() + "/files/clip.mp4"))));

      assertThat(result).isInstanceOfSatisfying(SendResult.RetryableFailure.class,
          failure -> assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
    }
    assertThat(WIRE.findAll(getRequestedFor(urlEqualTo(STATUS)))).hasSize(1);
    assertThat(posts()).isZero();
  }

  @Test
  void send_retryAfterMediaStillProcessing_asksAfterTheSameMedia_withoutFetchingOrUploadingAgain() {
    fileServerHas("/files/clip.mp4", "video/mp4", MP4);
    xTakesTheUpload();
    WIRE.stubFor(post(urlEqualTo(FINALIZE)).willReturn(json(200, PROCESSING.formatted("pending"))));
    WIRE.stubFor(get(urlEqualTo(STATUS)).willReturn(json(200, PROCESSING.formatted("in_progress"))));
    postAccepted();
    OutboundMessage video = reply("", List.of(file("video", WIRE.baseUrl() + "/files/clip.mp4")));

    SendResult first = adapter.send(video);
    WIRE.stubFor(get(urlEqualTo(STATUS)).willReturn(json(200, PROCESSING.formatted("succeeded"))));
    SendResult second = adapter.send(video);

    assertThat(first).isInstanceOf(SendResult.RetryableFailure.class);
    assertThat(second).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(1, getRequestedFor(urlEqualTo("/files/clip.mp4")));
    WIRE.verify(1, postRequestedFor(urlEqualTo(INITIALIZE)));
    WIRE.verify(1, postRequestedFor(urlEqualTo(TWEETS)).withRequestBody(equalToJson(
        "{\"media\":{\"media_ids\":[\"" + MEDIA_ID + "\"]}}", true, true)));
  }

  @Test
  void send_aProcessingStateXDoesNotName_isNotTakenForSuccess() {
    fileServerHas("/files/clip.mp4", "video/mp4", MP4);
    xTakesTheUpload();
    WIRE.stubFor(post(urlEqualTo(FINALIZE)).willReturn(json(200, PROCESSING.formatted("queued"))));
    WIRE.stubFor(get(urlEqualTo(STATUS)).willReturn(json(200, PROCESSING.formatted("queued"))));
    postAccepted();

    SendResult result = adapter.send(reply("", List.of(file("video", WIRE.baseUrl() + "/files/clip.mp4"))));

    assertThat(result).isInstanceOf(SendResult.RetryableFailure.class);
    assertThat(posts()).isZero();
  }

  @Test
  void send_mediaStillProcessingAfterEveryQuestion_isRetryableAndPostsNothing() {
    fileServerHas("/files/clip.mp4", "video/mp4", MP4);
    xTakesTheUpload();
    WIRE.stubFor(post(urlEqualTo(FINALIZE)).willReturn(json(200, PROCESSING.formatted("pending"))));
    WIRE.stubFor(get(urlEqualTo(STATUS)).willReturn(json(200, PROCESSING.formatted("in_progress"))));
    postAccepted();

    SendResult result = adapter.send(reply("", List.of(file("video", WIRE.baseUrl() + "/files/clip.mp4"))));

    assertThat(result).isInstanceOf(SendResult.RetryableFailure.class);
    assertThat(((SendResult.RetryableFailure) result).reason()).isEqualTo(
        "attachment 1 is still being processed by X");
    assertThat(WIRE.findAll(getRequestedFor(urlEqualTo(STATUS)))).hasSize(5);
    assertThat(posts()).isZero();
  }

  @Test
  void send_uploadRateLimited_isRetryableAtTheResetAndPostsNothing() {
    fileServerHasThePhoto();
    WIRE.stubFor(post(urlEqualTo(INITIALIZE)).willReturn(json(429, "{\"title\":\"Too Many Requests\","
            + "\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}")
        .withHeader("x-rate-limit-limit", "1875").withHeader("x-rate-limit-remaining", "0")
        .withHeader("x-rate-limit-reset", Long.toString(NOW.plusSeconds(300).getEpochSecond()))));
    postAccepted();

    SendResult result = adapter.send(photoReply());

    assertThat(result).isEqualTo(SendResult.retryable("HTTP 429: attachment 1: upload failed", Duration.ofMinutes(5)));
    assertThat(posts()).isZero();
  }

  @Test
  void send_appendAnswered503_isRetryableAndFinalizesNothing() {
    fileServerHasThePhoto();
    xTakesTheUpload();
    WIRE.stubFor(post(urlEqualTo(APPEND)).willReturn(json(503, "{\"title\":\"Service Unavailable\","
        + "\"detail\":\"Service Unavailable\",\"type\":\"about:blank\",\"status\":503}")
        .withHeader("Retry-After", "30")));
    postAccepted();

    SendResult result = adapter.send(photoReply());

    assertThat(result).isEqualTo(SendResult.retryable("HTTP 503: attachment 1: upload failed", Duration.ofSeconds(30)));
    WIRE.verify(0, postRequestedFor(urlEqualTo(FINALIZE)));
    assertThat(posts()).isZero();
  }

  @Test
  void send_uploadRefused_isPermanentAndPostsNothing() {
    fileServerHasThePhoto();
    WIRE.stubFor(post(urlEqualTo(INITIALIZE)).willReturn(json(400, "{\"errors\":[{\"message\":\"media_type "
        + "is not supported\"}],\"title\":\"Invalid Request\",\"detail\":\"One or more parameters to your request "
        + "was invalid.\",\"type\":\"https://api.twitter.com/2/problems/invalid-request\"}")));
    postAccepted();

    SendResult result = adapter.send(photoReply());

    assertThat(result).isEqualTo(SendResult.permanent("HTTP 400: attachment 1: upload failed"));
    assertThat(((SendResult.PermanentFailure) result).reason()).doesNotContain(TOKEN).doesNotContain(PHOTO_PATH);
    assertThat(posts()).isZero();
  }

  @Test
  void send_uploadAnsweredWithoutAMediaId_isPermanentAndPostsNothing() {
    fileServerHasThePhoto();
    WIRE.stubFor(post(urlEqualTo(INITIALIZE)).willReturn(json(200, "{\"data\":{\"expires_after_secs\":86400}}")));
    postAccepted();

    SendResult result = adapter.send(photoReply());

    assertThat(result).isEqualTo(SendResult.permanent("attachment 1: X answered the upload without a media id"));
    assertThat(posts()).isZero();
  }

  @Test
  void send_uploadTimesOut_isRetryableSinceNothingWasPosted() {
    fileServerHasThePhoto();
    xTakesTheUpload();
    WIRE.stubFor(post(urlEqualTo(APPEND)).willReturn(aResponse().withStatus(204).withFixedDelay(1500)));
    postAccepted();
    try (XAdapter impatient = XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken(TOKEN).userId("1234567")
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).timeout(Duration.ofMillis(500)).build()) {

      SendResult result = impatient.send(photoReply());

      assertThat(result).isInstanceOf(SendResult.RetryableFailure.class);
    }
    assertThat(posts()).isZero();
  }

  @Test
  void send_fileServerAnswers404_isPermanentAndUploadsNothing() {
    WIRE.stubFor(get(urlEqualTo(PHOTO_PATH)).willReturn(aResponse().withStatus(404)));
    xTakesTheUpload();
    postAccepted();

    SendResult result = adapter.send(photoReply());

    assertThat(result).isInstanceOf(SendResult.PermanentFailure.class);
    assertThat(((SendResult.PermanentFailure) result).reason()).startsWith("attachment 1 could not be fetched")
        .doesNotContain(PHOTO_PATH).doesNotContain("geheim");
    assertThat(uploads()).isZero();
    assertThat(posts()).isZero();
  }

  @Test
  void send_fileServerAnswers503_isRetryableAndUploadsNothing() {
    WIRE.stubFor(get(urlEqualTo(PHOTO_PATH)).willReturn(aResponse().withStatus(503)));

    SendResult result = adapter.send(photoReply());

    assertThat(result).isInstanceOf(SendResult.RetryableFailure.class);
    assertThat(uploads()).isZero();
  }

  @Test
  void send_aPhotoIsReadOnlyUpToTheGifLimit_thenXsOwnLimitForItsTypeApplies() {
    byte[] huge = new byte[15 * 1024 * 1024 + 1];
    byte[] large = new byte[6 * 1024 * 1024];
    huge[0] = large[0] = (byte) 0xFF;
    fileServerHas("/files/huge.jpg", "image/jpeg", huge);
    fileServerHas("/files/large.jpg", "image/jpeg", large);

    SendResult tooLarge = adapter.send(reply("", List.of(file("photo", WIRE.baseUrl() + "/files/huge.jpg"))));
    SendResult overXsImageLimit = adapter.send(reply("", List.of(file("photo", WIRE.baseUrl() + "/files/large.jpg"))));

    // the web source stops reading at the limit it is given
    assertThat(tooLarge).isInstanceOf(SendResult.PermanentFailure.class);
    assertThat(((SendResult.PermanentFailure) tooLarge).reason()).startsWith("attachment 1 could not be fetched")
        .contains("15728640 bytes");
    assertThat(overXsImageLimit).isEqualTo(
        SendResult.permanent("attachment 1 has more than 5242880 bytes, X's limit for an image"));
    assertThat(uploads()).isZero();
  }

  @Test
  void send_photoThatTurnsOutAVideoBesideAnother_isPermanentAndUploadsNothing() {
    fileServerHasThePhoto();
    fileServerHas("/files/clip", "video/mp4", MP4);

    SendResult result = adapter.send(reply("", List.of(file("photo", photoUrl()),
        file("photo", WIRE.baseUrl() + "/files/clip"))));

    assertThat(result).isEqualTo(SendResult.permanent(
        "attachment 2: X posts a GIF or video only on its own, not with other files"));
    assertThat(uploads()).isZero();
  }

  @Test
  void send_photoThatTurnsOutAPdf_isPermanentAndUploadsNothing() {
    fileServerHas("/files/plan", "application/pdf", JPEG);

    SendResult result = adapter.send(reply("", List.of(file("photo", WIRE.baseUrl() + "/files/plan"))));

    assertThat(result).isInstanceOf(SendResult.PermanentFailure.class);
    assertThat(((SendResult.PermanentFailure) result).reason()).startsWith("attachment 1: X takes JPEG");
    assertThat(uploads()).isZero();
  }

  static Stream<Arguments> refused() {
    String url = "https://files.example.com/tickets/4711/dose.jpg?sig=geheim-7f3a";
    return Stream.of(
        Arguments.of(reply("Hier der Vertrag.", List.of(file("document", "https://files.example.com/Vertrag.pdf"))),
            "attachment 1: X sends no documents"),
        Arguments.of(reply("", List.of(file("photo", url), file("voice", url))), "attachment 2: X sends no audio"),
        Arguments.of(reply("", List.of(file("audio", url))), "attachment 1: X sends no audio"),
        Arguments.of(reply("", List.of(file("hologram", url))), "attachment 1: X sends no attachment of kind hologram"),
        Arguments.of(reply("", Collections.nCopies(5, file("photo", url))), "at most 4 images in a post"),
        Arguments.of(reply("", List.of(file("photo", url), file("video", url))),
            "attachment 2: X posts a GIF or video only on its own"),
        Arguments.of(reply("", List.of(new Attachment("photo", url, "image/gif", null), file("photo", url))),
            "attachment 1: X posts a GIF or video only on its own"),
        Arguments.of(reply("", List.of(new Attachment("photo", url, "image/heic", null))),
            "attachment 1: X takes JPEG, PNG, GIF, WebP, BMP and TIFF images"),
        Arguments.of(reply("", List.of(new Attachment("photo", url, "image/jpeg", 6L * 1024 * 1024))),
            "attachment 1 has more than 5242880 bytes"),
        Arguments.of(reply("", List.of(new Attachment("video", url, "video/mp4", 600L * 1024 * 1024))),
            "attachment 1 has more than 536870912 bytes"),
        Arguments.of(reply("", List.of(file("photo", "s3://tickets/4711/dose.jpg"))),
            "attachment 1: not an http or https URL"),
        Arguments.of(directMessage("", List.of(file("photo", url), file("photo", url))),
            "X carries one file in a direct message, this message has 2"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusal_whatXCannotCarry_isNamedAndSendAsksNothing(OutboundMessage message, String expected) {
    assertThat(adapter.refusal(message)).contains(expected).doesNotContain("geheim")
        .doesNotContain("files.example.com").doesNotContain("s3://");
    SendResult result = adapter.send(message);

    assertThat(result).isEqualTo(SendResult.permanent(adapter.refusal(message)));
    WIRE.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void refusal_fourPhotosOrOneVideoOrOneGifOrOneFileInADirectMessage_passes() {
    String url = "https://files.example.com/tickets/4711/dose.jpg";
    assertThat(adapter.refusal(reply("", Collections.nCopies(4, file("photo", url))))).isNull();
    assertThat(adapter.refusal(reply("", List.of(file("video", url))))).isNull();
    assertThat(adapter.refusal(reply("", List.of(new Attachment("photo", url, "image/gif", null))))).isNull();
    assertThat(adapter.refusal(directMessage("", List.of(file("photo", url))))).isNull();
  }

  @Test
  void send_requestsToX_carryNoReferenceOfTheFile() {
    fileServerHasThePhoto();
    xTakesTheUpload();
    postAccepted();

    adapter.send(photoReply());

    for (ServeEvent event : WIRE.getAllServeEvents()) {
      if (!event.getRequest().getUrl().startsWith("/files/")) {
        assertThat(event.getRequest().getBodyAsString()).doesNotContain("geheim").doesNotContain("dose.jpg");
      }
    }
  }

  @Test
  void poll_postAndDirectMessageWithAPhoto_carryItAsAttachment() {
    WIRE.stubFor(get(urlPathEqualTo("/2/users/1234567/mentions")).willReturn(aResponse().withStatus(200).withBody(
        "{\"data\":[{\"id\":\"1900447829118746625\",\"text\":\"@GlasfaserNord Die PON-LED blinkt rot "
            + "https://t.co/Ab12Cd34Ef\",\"author_id\":\"98765432\",\"conversation_id\":\"1900447829118746625\","
            + "\"created_at\":\"2026-03-14T09:41:02.000Z\",\"edit_history_tweet_ids\":[\"1900447829118746625\"],"
            + "\"attachments\":{\"media_keys\":[\"3_1900447820000000001\"]}}],"
            + "\"includes\":{" + USERS + ",\"media\":[{\"media_key\":\"3_1900447820000000001\",\"type\":\"photo\","
            + "\"url\":\"https://pbs.twimg.com/media/GlasfaserLed1.jpg\",\"alt_text\":\"Router, PON-LED rot\"}]},"
            + "\"meta\":{\"result_count\":1}}")));
    WIRE.stubFor(get(urlPathEqualTo("/2/dm_events")).willReturn(aResponse().withStatus(200).withBody(
        "{\"data\":[{\"id\":\"1900460000000000300\",\"event_type\":\"MessageCreate\","
            + "\"text\":\"So sieht der Router aus https://t.co/Zy98Xw76Vu\",\"sender_id\":\"98765432\","
            + "\"dm_conversation_id\":\"1234567-98765432\",\"created_at\":\"2026-03-14T10:21:00.000Z\","
            + "\"attachments\":{\"media_keys\":[\"3_1900460000000000299\"]}},"
            + "{\"id\":\"1900460000000000100\",\"event_type\":\"MessageCreate\",\"text\":\"Hallo\","
            + "\"sender_id\":\"98765432\",\"dm_conversation_id\":\"1234567-98765432\","
            + "\"created_at\":\"2026-03-14T09:35:00.000Z\"}],"
            + "\"includes\":{" + USERS + ",\"media\":[{\"media_key\":\"3_1900460000000000299\",\"type\":\"photo\","
            + "\"url\":\"https://ton.x.com/1.1/ton/data/dm/1900460000000000300/1900460000000000299/Router.jpg\"}]},"
            + "\"meta\":{\"result_count\":2}}")));

    PollResult result = adapter.poll("1900400000000000000:1900460000000000100");

    assertThat(result.interactions()).extracting(Interaction::attachments).containsExactly(
        List.of(new Attachment("photo", "https://pbs.twimg.com/media/GlasfaserLed1.jpg", null, null,
            "Router, PON-LED rot")),
        List.of(new Attachment("photo",
            "https://ton.x.com/1.1/ton/data/dm/1900460000000000300/1900460000000000299/Router.jpg", null, null)));
    WIRE.verify(getRequestedFor(urlPathEqualTo("/2/users/1234567/mentions"))
        .withQueryParam("expansions", containing("attachments.media_keys"))
        .withQueryParam("media.fields", containing("alt_text")));
    WIRE.verify(getRequestedFor(urlPathEqualTo("/2/dm_events"))
        .withQueryParam("expansions", containing("attachments.media_keys"))
        .withQueryParam("dm_event.fields", containing("attachments"))
        .withQueryParam("media.fields", containing("alt_text")));
  }

  /** The requests in the order the server received them (its log lists the newest first; times have milliseconds only). */
  private static List<ServeEvent> inOrderReceived() {
    List<ServeEvent> events = new java.util.ArrayList<>(WIRE.getAllServeEvents());
    java.util.Collections.reverse(events);
    return events;
  }
}
