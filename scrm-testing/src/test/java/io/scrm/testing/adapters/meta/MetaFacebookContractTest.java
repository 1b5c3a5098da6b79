package io.scrm.testing.adapters.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.meta.MetaAdapter;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.testing.channel.ChannelAdapterContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Meta adapter on its second channel, the comments on a Facebook page's posts: a customer's
 * comment comes as a signed {@code feed} change of the page webhook, and the answer is a public
 * comment under it, posted to the Graph API's {@code /{comment-id}/comments}.
 */
final class MetaFacebookContractTest extends ChannelAdapterContract {
  private static final String APP_SECRET = "5d8e0b3f61-app-secret";
  private static final String TOKEN = "EAAGm0PX4ZCpsBAFeedPageToken";
  private static final String COMMENT = "922384756102_1180923847561";
  private static final String SEND = "/v21.0/" + COMMENT + "/comments";
  private static final String BODY = "{\"object\":\"page\",\"entry\":[{\"id\":\"104598372201847\",\"time\":1773486000,"
      + "\"changes\":[{\"field\":\"feed\",\"value\":{\"from\":{\"id\":\"6029384756102938\",\"name\":\"Heike Sommer\"},"
      + "\"message\":\"Seit gestern Abend kein Internet in Rendsburg. Wann kommt der Techniker?\","
      + "\"post_id\":\"104598372201847_922384756102\",\"comment_id\":\"" + COMMENT + "\","
      + "\"created_time\":1773485990,\"item\":\"comment\",\"parent_id\":\"104598372201847_922384756102\","
      + "\"verb\":\"add\"}}]}]}";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Override
  protected ChannelAdapter createAdapter() {
    return MetaAdapter.builder().baseUrl(WIRE.baseUrl()).pageAccessToken(TOKEN).appSecret(APP_SECRET)
        .timeout(Duration.ofMillis(1000)).build();
  }

  @Override
  protected OutboundMessage replyMessage() {
    return OutboundMessage.pending(OutboundId.of("out-fb-1"), null, ContactId.of("c-1"), ChannelId.FACEBOOK,
        COMMENT, COMMENT, Visibility.PUBLIC, "Ein Techniker ist für heute 14 Uhr eingeplant. " + TEXT_MARKER,
        "service-reply", Instant.EPOCH);
  }

  /** The files of the last comment posted: a photo by address ({@code attachment_url}), or none. */
  @Override
  protected int filesReceivedWithLastSend() {
    List<LoggedRequest> requests = WIRE.findAll(postRequestedFor(urlEqualTo(SEND)));
    if (requests.isEmpty()) {
      return 0;
    }
    return requests.get(requests.size() - 1).getBodyAsString().contains("\"attachment_url\":") ? 1 : 0;
  }

  @Override
  protected String platformAccepts() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"id\":\"922384756102_1180923847620\"}")));
    return "922384756102_1180923847620";
  }

  @Override
  protected void platformRejectsPermanently() {
    // the comment was deleted, or the page may not answer it
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"message\":\"Unsupported post request. Object with ID '" + COMMENT + "' does not"
            + " exist\",\"type\":\"GraphMethodException\",\"code\":100,\"error_subcode\":33,"
            + "\"fbtrace_id\":\"AbX2m7Qz\"}}")));
  }

  @Override
  protected void platformRateLimits(Duration retryAfter) {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withHeader("Retry-After", Long.toString(retryAfter.toSeconds()))
        .withBody("{\"error\":{\"message\":\"(#32) Page request limit reached\",\"type\":\"OAuthException\","
            + "\"code\":32,\"fbtrace_id\":\"Cq4n\"}}")));
  }

  @Override
  protected void platformFailsTemporarily() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(500)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"message\":\"An unknown error occurred\",\"type\":\"OAuthException\","
            + "\"is_transient\":true,\"code\":1,\"fbtrace_id\":\"Dr5o\"}}")));
  }

  @Override
  protected void platformTimesOut() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200).withFixedDelay(2500)
        .withBody("{\"id\":\"922384756102_1180923847621\"}")));
  }

  @Override
  protected InboundDelivery customerMessageDelivery() {
    return deliveryWithBody(BODY.getBytes(StandardCharsets.UTF_8));
  }

  /** A body signed with the app secret, as Meta signs every webhook call. */
  @Override
  protected InboundDelivery deliveryWithBody(byte[] body) {
    return MetaWebhooks.signed(body, APP_SECRET);
  }

  @Override
  protected String expectedCustomerText() {
    return "Seit gestern Abend kein Internet in Rendsburg. Wann kommt der Techniker?";
  }

  @Override
  protected InboundDelivery badDelivery() {
    // the body changed after Meta signed it
    return MetaWebhooks.signedFor(BODY.replace("Rendsburg", "Husum").getBytes(StandardCharsets.UTF_8),
        BODY.getBytes(StandardCharsets.UTF_8), APP_SECRET);
  }

  @Override
  protected Set<String> secrets() {
    return Set.of(APP_SECRET, TOKEN);
  }

  @Test
  void aCommentIsHeardOnFacebookAndAnsweredUnderIt() {
    Interaction comment = adapter().parse(customerMessageDelivery()).interactions().get(0);
    assertThat(comment.channel()).isEqualTo(ChannelId.FACEBOOK);
    assertThat(comment.visibility()).isEqualTo(Visibility.PUBLIC);
    platformAccepts();

    adapter().send(replyMessage());

    WIRE.verify(postRequestedFor(urlEqualTo(SEND)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withRequestBody(equalToJson("{\"message\":\"Ein Techniker ist für heute 14 Uhr eingeplant. "
            + TEXT_MARKER + "\"}")));
  }
}
