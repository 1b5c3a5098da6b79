package io.scrm.channels.meta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.SendResult;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Graph API errors that say "try again later" come with HTTP 400 and must not end the message for good. */
final class MetaGraphErrorTest {
  private static final String PAGE = "104598372201847";
  private static final String COMMENT = "922384756102_1180923847561";
  private static final String PSID = "7712840093316524";

  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final MetaAdapter adapter = MetaAdapter.builder().baseUrl(WIRE.baseUrl()).pageAccessToken("EAAGpageToken123")
      .appSecret("app-secret-0815").timeout(Duration.ofSeconds(30)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  /**
   * Requests with a page access token fall under the Pages business use case limit; once it is reached
   * Graph answers error 80001 and tells in {@code X-Business-Use-Case-Usage} how many minutes to wait.
   */
  @Test
  void commentReply_pagesBusinessUseCaseLimit_isRetriedAfterTheWaitMetaNames() {
    WIRE.stubFor(post(urlEqualTo("/v21.0/" + COMMENT + "/comments")).willReturn(aResponse().withStatus(400)
        .withHeader("X-Business-Use-Case-Usage", "{\"" + PAGE + "\":[{\"type\":\"pages\",\"call_count\":100,"
            + "\"total_cputime\":12,\"total_time\":20,\"estimated_time_to_regain_access\":7}]}")
        .withBody("{\"error\":{\"message\":\"(#80001) There have been too many calls to this Page account. "
            + "Wait a bit and try again.\",\"type\":\"OAuthException\",\"code\":80001,\"fbtrace_id\":\"AbCdEf\"}}")));

    SendResult result = adapter.send(OutboundMessage.pending(OutboundId.of("o-r1"), null, ContactId.of("c"),
        ChannelId.FACEBOOK, PAGE + "_922384756102", COMMENT, Visibility.PUBLIC,
        "Wir schicken morgen einen Techniker.", "service-reply", Instant.EPOCH));

    assertThat(result).isInstanceOfSatisfying(SendResult.RetryableFailure.class,
        retry -> assertThat(retry.retryAfter()).isEqualTo(Duration.ofMinutes(7)));
  }

  /** The Send API's error 1200 is documented as "Temporary send message failure. Please try again later." */
  @Test
  void messengerReply_temporarySendFailure_isRetryable() {
    WIRE.stubFor(post(urlEqualTo("/v21.0/me/messages")).willReturn(aResponse().withStatus(400)
        .withBody("{\"error\":{\"message\":\"(#1200) Temporary send message failure. Please try again later.\","
            + "\"type\":\"OAuthException\",\"code\":1200,\"error_subcode\":2018024,\"fbtrace_id\":\"FTsr5khdiKl\"}}")));

    SendResult result = adapter.send(OutboundMessage.pending(OutboundId.of("o-r2"), null, ContactId.of("c"),
        ChannelId.MESSENGER, PSID, null, Visibility.PRIVATE, "Hallo, hier ist Anna vom Kundenservice.",
        "service-reply", Instant.EPOCH));

    assertThat(result).isInstanceOf(SendResult.RetryableFailure.class);
  }

  /** A person who cannot be reached (551) or a missing permission stays a permanent failure. */
  @Test
  void messengerReply_personUnavailable_staysPermanent() {
    WIRE.stubFor(post(urlEqualTo("/v21.0/me/messages")).willReturn(aResponse().withStatus(400)
        .withBody("{\"error\":{\"message\":\"(#551) This person isn't available right now.\","
            + "\"type\":\"OAuthException\",\"code\":551,\"error_subcode\":1545041,\"fbtrace_id\":\"AbCdEf\"}}")));

    SendResult result = adapter.send(OutboundMessage.pending(OutboundId.of("o-r3"), null, ContactId.of("c"),
        ChannelId.MESSENGER, PSID, null, Visibility.PRIVATE, "Hallo", "service-reply", Instant.EPOCH));

    assertThat(result).isEqualTo(SendResult.permanent("HTTP 400: Graph API error 551/1545041"));
  }
}
