package io.scrm.channels.x;

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

/**
 * X refuses some posts for good with a 403 and a fixed phrase: the dead letter then says what the
 * agent can do (rephrase, or give up on a post that is gone or closed to replies) instead of
 * "Forbidden", and quotes nothing of X's answer.
 */
final class XRefusedPostTest {
  @RegisterExtension
  static final WireMockExtension WIRE = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final XAdapter adapter = XAdapter.builder().baseUrl(WIRE.baseUrl()).accessToken("x-token").userId("1234567")
      .timeout(Duration.ofSeconds(30)).build();

  @AfterEach
  void close() {
    adapter.close();
  }

  private SendResult replyRefusedWith(int status, String detail) {
    WIRE.stubFor(post(urlEqualTo("/2/tweets")).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "application/problem+json")
        .withBody("{\"detail\":\"" + detail + "\",\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":" + status
            + "}")));
    return adapter.send(OutboundMessage.pending(OutboundId.of("o-x1"), null, ContactId.of("c"), ChannelId.X,
        "1900447829118746625/44196397", "1900447829118746625", Visibility.PUBLIC,
        "Danke, wir schauen uns das an.", "service-reply", Instant.EPOCH));
  }

  @Test
  void duplicateContent_saysToChangeTheWording() {
    assertThat(replyRefusedWith(403, "You are not allowed to create a Tweet with duplicate content."))
        .isEqualTo(SendResult.permanent(
            "HTTP 403: X refuses a post with the same text as an earlier one: change the wording"));
  }

  @Test
  void replyRestrictedByTheAuthor_saysSo() {
    assertThat(replyRefusedWith(403, "Reply to this conversation is not allowed because you have not been "
        + "mentioned or otherwise engaged by the author of the post you are replying to."))
        .isEqualTo(SendResult.permanent("HTTP 403: the author of the post answered restricts who may reply"));
  }

  @Test
  void deletedPost_saysSo() {
    assertThat(replyRefusedWith(403, "You attempted to reply to a Tweet that is deleted or not visible to you."))
        .isEqualTo(SendResult.permanent("HTTP 403: the post answered is deleted or not visible to this account"));
  }

  @Test
  void anyOtherRefusal_keepsTheProblemsTitleOnly() {
    assertThat(replyRefusedWith(403, "Kai Lorenz, 0151 2345678, is not allowed"))
        .isEqualTo(SendResult.permanent("HTTP 403: Forbidden"));
  }
}
