package io.scrm.testing.adapters.x;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrm.channels.AttachmentFile;
import io.scrm.channels.AttachmentUnavailableException;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.SendResult;
import io.scrm.channels.x.XAdapter;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.testing.channel.ChannelAdapterContract;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class XContractTest extends ChannelAdapterContract {
  private static final String TOKEN = "bWFpbi11c2VyLWFjY2Vzcy10b2tlbg";
  private static final String SEND = "/2/tweets";
  private static final String MEDIA_ID = "1900448900000000007";
  private static final String UPLOAD = "/2/media/upload";
  /** The contract's photo; the host's file store stands in for files.example.com. */
  private static final String PHOTO_URL = "https://files.example.com/contract/photo.jpg";
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F',
      0, (byte) 0xFF, (byte) 0xD9};

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Override
  protected ChannelAdapter createAdapter() {
    return XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken(TOKEN).userId("1587394022711111111")
        .timeout(Duration.ofMillis(1000)).attachmentSource(XContractTest::fileStore).build();
  }

  /** A host's file store that holds the contract's photo and nothing else. */
  private static AttachmentFile fileStore(Attachment attachment, long maxBytes, Duration timeLeft) {
    if (!attachment.reference().equals(PHOTO_URL)) {
      throw new AttachmentUnavailableException("not in the file store", false);
    }
    return new AttachmentFile(JPEG, "image/jpeg", null);
  }

  /** A post's limit is X's weighted 280; the declared limit is a direct message's 10,000. */
  @Override
  protected int longestText(OutboundMessage message) {
    return message.visibility() == Visibility.PUBLIC ? 280 : super.longestText(message);
  }

  @Override
  protected OutboundMessage replyMessage() {
    return OutboundMessage.pending(OutboundId.of("out-x"), null, ContactId.of("c-1"), ChannelId.X,
        "1900447829118746625", "1900447829118746625", Visibility.PUBLIC, "Wir schauen nach. " + TEXT_MARKER,
        "service-reply", Instant.EPOCH);
  }

  /** The media the last post carries ({@code media.media_ids}), each uploaded before. */
  @Override
  protected int filesReceivedWithLastSend() {
    List<LoggedRequest> posts = WIRE.findAll(postRequestedFor(urlEqualTo(SEND)));
    if (posts.isEmpty()) {
      return 0;
    }
    boolean attached = posts.get(posts.size() - 1).getBodyAsString().contains("\"media_ids\":[\"" + MEDIA_ID + "\"]");
    return attached && !WIRE.findAll(postRequestedFor(urlMatching(UPLOAD + "/.*"))).isEmpty() ? 1 : 0;
  }

  @Override
  protected String platformAccepts() {
    // an image is ready once finalized: no processing_info (a video would have one, and be asked after)
    String uploaded = "{\"data\":{\"id\":\"" + MEDIA_ID + "\",\"media_key\":\"3_" + MEDIA_ID + "\","
        + "\"expires_after_secs\":86400,\"size\":" + JPEG.length + "}}";
    WIRE.stubFor(post(urlEqualTo(UPLOAD + "/initialize")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(uploaded)));
    WIRE.stubFor(post(urlEqualTo(UPLOAD + "/" + MEDIA_ID + "/append")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"data\":{\"expires_at\":1773570600}}")));
    WIRE.stubFor(post(urlEqualTo(UPLOAD + "/" + MEDIA_ID + "/finalize")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(uploaded)));
    // a photo's description becomes its alt text
    WIRE.stubFor(post(urlEqualTo("/2/media/metadata")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"data\":{\"id\":\"" + MEDIA_ID + "\"}}")));
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"data\":{\"id\":\"1900449000000000001\",\"edit_history_tweet_ids\":[\"1900449000000000001\"],"
            + "\"text\":\"Wir schauen nach.\"}}")));
    return "1900449000000000001";
  }

  @Override
  protected void platformRejectsPermanently() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/problem+json")
        .withBody("{\"detail\":\"You are not allowed to create a Tweet with duplicate content.\",\"type\":"
            + "\"about:blank\",\"title\":\"Forbidden\",\"status\":403}")));
  }

  @Override
  protected void platformRateLimits(Duration retryAfter) {
    long reset = Instant.now().plus(retryAfter).getEpochSecond() + 1;
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(429)
        .withHeader("x-rate-limit-limit", "100").withHeader("x-rate-limit-remaining", "0")
        .withHeader("x-rate-limit-reset", Long.toString(reset))
        .withBody("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\","
            + "\"status\":429}")));
  }

  @Override
  protected void platformFailsTemporarily() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(503)
        .withBody("{\"title\":\"Service Unavailable\",\"detail\":\"Service Unavailable\",\"type\":\"about:blank\","
            + "\"status\":503}")));
  }

  @Override
  protected void platformTimesOut() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(201).withFixedDelay(2500)
        .withBody("{\"data\":{\"id\":\"1900449000000000002\",\"text\":\"x\"}}")));
  }

  @Override
  protected InboundDelivery customerMessageDelivery() {
    return InboundDelivery.ofText("{\"data\":[{\"id\":\"1900447829118746625\",\"text\":\"@GlasfaserNord kein Netz "
        + "in Husum\",\"author_id\":\"1456789012345678901\",\"conversation_id\":\"1900447829118746625\","
        + "\"created_at\":\"2026-03-14T09:41:02.000Z\",\"edit_history_tweet_ids\":[\"1900447829118746625\"]}],"
        + "\"includes\":{\"users\":[{\"id\":\"1456789012345678901\",\"name\":\"Malte Jensen\",\"username\":\"maltej\"}]},"
        + "\"meta\":{\"result_count\":1,\"newest_id\":\"1900447829118746625\",\"oldest_id\":\"1900447829118746625\"}}",
        Instant.EPOCH);
  }

  @Override
  protected String expectedCustomerText() {
    return "@GlasfaserNord kein Netz in Husum";
  }

  @Override
  protected InboundDelivery badDelivery() {
    return InboundDelivery.ofText("{\"data\":[{\"id\":1.900447829118746E18,\"text\":\"x\",\"author_id\":\"1\"}]}",
        Instant.EPOCH);
  }

  @Override
  protected Set<String> secrets() {
    return Set.of(TOKEN);
  }

  @Test
  void send_repliesWithInReplyToTweetId() {
    platformAccepts();
    adapter().send(replyMessage());
    WIRE.verify(postRequestedFor(urlEqualTo(SEND)).withRequestBody(equalToJson("{\"text\":\"Wir schauen nach. "
        + TEXT_MARKER + "\",\"reply\":{\"in_reply_to_tweet_id\":\"1900447829118746625\"}}")));
  }

  @Test
  void send_photoAlone_isUploadedThenAttachedToThePost() {
    platformAccepts();

    SendResult result = adapter().send(withAttachments(replyMessage(), "",
        List.of(new Attachment("photo", PHOTO_URL, "image/jpeg", null))));

    assertThat(result).isInstanceOf(SendResult.Sent.class);
    WIRE.verify(postRequestedFor(urlEqualTo(UPLOAD + "/initialize")).withRequestBody(equalToJson("{\"media_type\":"
        + "\"image/jpeg\",\"total_bytes\":" + JPEG.length + ",\"media_category\":\"tweet_image\"}")));
    WIRE.verify(postRequestedFor(urlEqualTo(UPLOAD + "/" + MEDIA_ID + "/append"))
        .withRequestBodyPart(aMultipart().withName("segment_index").withBody(equalTo("0")).build())
        .withRequestBodyPart(aMultipart().withName("media").withBody(binaryEqualTo(JPEG)).build()));
    WIRE.verify(postRequestedFor(urlEqualTo(SEND)).withRequestBody(equalToJson("{\"reply\":{\"in_reply_to_tweet_id\":"
        + "\"1900447829118746625\"},\"media\":{\"media_ids\":[\"" + MEDIA_ID + "\"]}}")));
  }
}
