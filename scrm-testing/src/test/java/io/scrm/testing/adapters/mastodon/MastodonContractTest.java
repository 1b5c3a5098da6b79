package io.scrm.testing.adapters.mastodon;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrm.channels.AttachmentFile;
import io.scrm.channels.AttachmentUnavailableException;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.SendResult;
import io.scrm.channels.mastodon.MastodonAdapter;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.testing.channel.ChannelAdapterContract;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class MastodonContractTest extends ChannelAdapterContract {
  private static final String TOKEN = "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0";
  private static final String SEND = "/api/v1/statuses";
  private static final String MEDIA = "/api/v2/media";
  /** The contract's photo; the host's file store stands in for files.example.com. */
  private static final String PHOTO_URL = "https://files.example.com/contract/photo.jpg";
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F',
      0, (byte) 0xFF, (byte) 0xD9};

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Override
  protected ChannelAdapter createAdapter() {
    // the status answered: a reply mentions its author, whom the adapter looks up if it did not parse it
    WIRE.stubFor(get(urlEqualTo(SEND + "/113447239187771234")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody("{\"id\":\"113447239187771234\",\"created_at\":\"2026-03-14T10:31:00.000Z\","
            + "\"visibility\":\"public\",\"content\":\"<p>Router blinkt rot</p>\","
            + "\"account\":{\"id\":\"109876\",\"username\":\"kathrin\",\"acct\":\"kathrin@norden.social\"}}")));
    // the account the token acts for, so that a reply to its own status is refused
    WIRE.stubFor(get(urlEqualTo("/api/v1/accounts/verify_credentials")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody("{\"id\":\"110000000000000001\",\"username\":\"support\",\"acct\":\"support\"}")));
    return MastodonAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken(TOKEN).timeout(Duration.ofMillis(2000))
        .attachmentSource(MastodonContractTest::fileStore).build();
  }

  /** A host's file store that holds the contract's photo and nothing else. */
  private static AttachmentFile fileStore(Attachment attachment, long maxBytes, Duration timeLeft) {
    if (!attachment.reference().equals(PHOTO_URL)) {
      throw new AttachmentUnavailableException("not in the file store", false);
    }
    return new AttachmentFile(JPEG, "image/jpeg", null);
  }

  @Override
  protected OutboundMessage replyMessage() {
    return OutboundMessage.pending(OutboundId.of("out-7"), null, ContactId.of("c-1"), ChannelId.MASTODON,
        "113447239187771234", "113447239187771234", Visibility.PUBLIC,
        "@kathrin@norden.social Ein Techniker ist unterwegs. " + TEXT_MARKER, "service-reply", Instant.EPOCH);
  }

  /** The media the last status posted carries ({@code media_ids}), each uploaded before. */
  @Override
  protected int filesReceivedWithLastSend() {
    List<LoggedRequest> statuses = WIRE.findAll(postRequestedFor(urlEqualTo(SEND)));
    if (statuses.isEmpty()) {
      return 0;
    }
    String body = statuses.get(statuses.size() - 1).getBodyAsString();
    int attached = body.contains("\"media_ids\":[\"22348641\"]") ? 1 : 0;
    return WIRE.findAll(postRequestedFor(urlEqualTo(MEDIA))).isEmpty() ? 0 : attached;
  }

  @Override
  protected String platformAccepts() {
    // an image is processed at once: 200 with its url (a video would be 202, and asked after)
    WIRE.stubFor(post(urlEqualTo(MEDIA)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody("{\"id\":\"22348641\",\"type\":\"image\",\"url\":\"https://files.norden.social/media_attachments/"
            + "files/022/348/641/original/e96382f26c72a29c.jpeg\",\"preview_url\":\"https://files.norden.social/"
            + "media_attachments/files/022/348/641/small/e96382f26c72a29c.jpeg\",\"remote_url\":null,"
            + "\"meta\":{\"original\":{\"width\":640,\"height\":480}},\"description\":null,"
            + "\"blurhash\":\"UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}\"}")));
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withHeader("X-RateLimit-Limit", "300").withHeader("X-RateLimit-Remaining", "299")
        .withBody("{\"id\":\"113447400000000042\",\"created_at\":\"2026-03-14T10:40:00.000Z\","
            + "\"in_reply_to_id\":\"113447239187771234\",\"visibility\":\"public\",\"content\":\"<p>ok</p>\","
            + "\"account\":{\"id\":\"110000000000000001\",\"username\":\"support\",\"acct\":\"support\"}}")));
    return "113447400000000042";
  }

  @Override
  protected void platformRejectsPermanently() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(422)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":\"Validation failed: Text character limit of 500 exceeded\"}")));
  }

  @Override
  protected void platformRateLimits(Duration retryAfter) {
    Instant reset = Instant.now().plus(retryAfter).truncatedTo(ChronoUnit.MILLIS);
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(429)
        .withHeader("X-RateLimit-Limit", "300").withHeader("X-RateLimit-Remaining", "0")
        .withHeader("X-RateLimit-Reset", reset.toString())
        .withBody("{\"error\":\"Too many requests\"}")));
  }

  @Override
  protected void platformFailsTemporarily() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(503)
        .withBody("<html><body><h1>503 Service Unavailable</h1></body></html>")));
  }

  @Override
  protected void platformTimesOut() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200).withFixedDelay(4000)
        .withBody("{\"id\":\"113447400000000043\"}")));
  }

  @Override
  protected InboundDelivery customerMessageDelivery() {
    return InboundDelivery.ofText("{\"id\":\"113447239210683001\",\"type\":\"mention\","
        + "\"created_at\":\"2026-03-14T10:02:11.428Z\",\"account\":{\"id\":\"109384752019384756\","
        + "\"username\":\"kathrin\",\"acct\":\"kathrin@norden.social\",\"display_name\":\"Kathrin L\u00fcders\"},"
        + "\"status\":{\"id\":\"113447239187771234\",\"created_at\":\"2026-03-14T10:02:10.000Z\","
        + "\"in_reply_to_id\":null,\"spoiler_text\":\"\",\"visibility\":\"public\",\"language\":\"de\","
        + "\"content\":\"<p>Kein Internet in Heide &amp; Umgebung</p>\",\"account\":{\"id\":\"109384752019384756\","
        + "\"username\":\"kathrin\",\"acct\":\"kathrin@norden.social\",\"display_name\":\"Kathrin L\u00fcders\"},"
        + "\"media_attachments\":[],\"mentions\":[],\"edited_at\":null}}", Instant.EPOCH);
  }

  @Override
  protected String expectedCustomerText() {
    return "Kein Internet in Heide & Umgebung";
  }

  @Override
  protected InboundDelivery badDelivery() {
    return InboundDelivery.ofText("{\"id\":\"113447239210683001\",\"type\":\"mention\",\"account\":{}}", Instant.EPOCH);
  }

  @Override
  protected Set<String> secrets() {
    return Set.of(TOKEN);
  }

  @Test
  void send_carriesReplyVisibilityAndIdempotencyKey() {
    platformAccepts();
    adapter().send(replyMessage());
    WIRE.verify(postRequestedFor(urlEqualTo(SEND)).withHeader("Idempotency-Key", equalTo("out-7"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withRequestBody(equalToJson("{\"status\":\"@kathrin@norden.social Ein Techniker ist unterwegs. "
            + TEXT_MARKER + "\",\"in_reply_to_id\":\"113447239187771234\",\"visibility\":\"public\"}")));
  }

  @Test
  void send_photoAlone_isUploadedThenAttachedToTheReply() {
    platformAccepts();

    SendResult result = adapter().send(withAttachments(replyMessage(), "",
        List.of(new Attachment("photo", PHOTO_URL, "image/jpeg", null))));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(postRequestedFor(urlEqualTo(MEDIA)).withRequestBodyPart(aMultipart().withName("file")
        .withHeader("Content-Type", equalTo("image/jpeg")).withBody(binaryEqualTo(JPEG)).build()));
    WIRE.verify(postRequestedFor(urlEqualTo(SEND)).withRequestBody(equalToJson("{\"status\":\"@kathrin@norden.social\","
        + "\"in_reply_to_id\":\"113447239187771234\",\"visibility\":\"public\",\"media_ids\":[\"22348641\"]}")));
  }
}
