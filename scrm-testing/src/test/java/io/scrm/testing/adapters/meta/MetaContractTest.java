package io.scrm.testing.adapters.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.meta.MetaAdapter;
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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class MetaContractTest extends ChannelAdapterContract {
  private static final String APP_SECRET = "9f2c4e1a7b-app-secret";
  private static final String TOKEN = "EAAGm0PX4ZCpsBAPageAccessToken";
  private static final String SEND = "/v21.0/me/messages";
  private static final String BODY = "{\"object\":\"page\",\"entry\":[{\"id\":\"104598372201847\",\"time\":1773484805123,"
      + "\"messaging\":[{\"sender\":{\"id\":\"7712840093316524\"},\"recipient\":{\"id\":\"104598372201847\"},"
      + "\"timestamp\":1773484800456,\"message\":{\"mid\":\"m_Ab3kQx9Lr2vT0pZ-1\",\"text\":\"Ist die St\u00f6rung "
      + "in Neum\u00fcnster bekannt?\"}}]}]}";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Override
  protected ChannelAdapter createAdapter() {
    return MetaAdapter.builder().baseUrl(WIRE.baseUrl()).pageAccessToken(TOKEN).appSecret(APP_SECRET)
        .timeout(Duration.ofMillis(1000)).build();
  }

  @Override
  protected OutboundMessage replyMessage() {
    return OutboundMessage.pending(OutboundId.of("out-1"), null, ContactId.of("c-1"), ChannelId.MESSENGER,
        "7712840093316524", "m_Ab3kQx9Lr2vT0pZ-1", Visibility.PRIVATE, "Guten Tag! " + TEXT_MARKER,
        "service-reply", Instant.EPOCH);
  }

  /** The files of the last Send API request: its {@code message.attachment}, or none for a text. */
  @Override
  protected int filesReceivedWithLastSend() {
    List<LoggedRequest> requests = WIRE.findAll(postRequestedFor(urlEqualTo(SEND)));
    if (requests.isEmpty()) {
      return 0;
    }
    return requests.get(requests.size() - 1).getBodyAsString().contains("\"attachment\":{") ? 1 : 0;
  }

  @Override
  protected String platformAccepts() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"recipient_id\":\"7712840093316524\",\"message_id\":\"m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdC\"}")));
    return "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdC";
  }

  @Override
  protected void platformRejectsPermanently() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"message\":\"(#100) No matching user found\",\"type\":\"OAuthException\","
            + "\"code\":100,\"error_subcode\":2018001,\"fbtrace_id\":\"A7q2xYzP0\"}}")));
  }

  @Override
  protected void platformRateLimits(Duration retryAfter) {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withHeader("Retry-After", Long.toString(retryAfter.toSeconds()))
        .withBody("{\"error\":{\"message\":\"(#613) Calls to this api have exceeded the rate limit.\","
            + "\"type\":\"OAuthException\",\"code\":613,\"fbtrace_id\":\"B8r3\"}}")));
  }

  @Override
  protected void platformFailsTemporarily() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(500)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":{\"message\":\"An unexpected error has occurred. Please retry your request later.\","
            + "\"type\":\"OAuthException\",\"is_transient\":true,\"code\":2,\"fbtrace_id\":\"C9s4\"}}")));
  }

  @Override
  protected void platformTimesOut() {
    WIRE.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200).withFixedDelay(2500)
        .withBody("{\"recipient_id\":\"7712840093316524\",\"message_id\":\"m_late\"}")));
  }

  @Override
  protected InboundDelivery customerMessageDelivery() {
    return MetaWebhooks.signed(BODY.getBytes(StandardCharsets.UTF_8), APP_SECRET);
  }

  /** A changed body signed anew, so that the parser meets it rather than the signature check alone. */
  @Override
  protected InboundDelivery deliveryWithBody(byte[] body) {
    return MetaWebhooks.signed(body, APP_SECRET);
  }

  @Override
  protected String expectedCustomerText() {
    return "Ist die St\u00f6rung in Neum\u00fcnster bekannt?";
  }

  @Override
  protected InboundDelivery badDelivery() {
    return MetaWebhooks.signedFor(BODY.replace("bekannt", "BEKANNT").getBytes(StandardCharsets.UTF_8),
        BODY.getBytes(StandardCharsets.UTF_8), APP_SECRET);
  }

  @Override
  protected Set<String> secrets() {
    return Set.of(APP_SECRET, TOKEN);
  }

  @Test
  void send_usesSendApiWithMessagingTypeResponse() {
    platformAccepts();
    adapter().send(replyMessage());
    WIRE.verify(postRequestedFor(urlEqualTo(SEND)).withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withRequestBody(equalToJson("{\"recipient\":{\"id\":\"7712840093316524\"},\"messaging_type\":\"RESPONSE\","
            + "\"message\":{\"text\":\"Guten Tag! " + TEXT_MARKER + "\"}}")));
  }
}
