package io.scrm.channels.x;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.channels.Channels;
import io.scrm.core.SendRefusedException;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** X takes up to 10,000 characters in a direct message; 280 (weighted) is the limit of a post only. */
final class XDirectMessageLengthTest {
  // 660 characters: a normal service answer, far over a post, far under a direct message
  private static final String ANSWER = "Guten Tag, ".repeat(60);

  @Test
  void sendCheck_aDirectMessageOverAPostsLength_isNotRefused_butAPostStillIs() {
    XAdapter x = XAdapter.builder().baseUrl("http://127.0.0.1:9").userId("1234567").accessToken("t")
        .directMessages(true).build();
    try (Channels channels = Channels.of(x)) {
      var check = channels.sendCheck(Clock.systemUTC());

      assertThatCode(() -> check.check(message(Visibility.PRIVATE, "1234567-98765432", ANSWER), null))
          .doesNotThrowAnyException();
      assertThatThrownBy(() -> check.check(message(Visibility.PUBLIC, "1900447829118746625", ANSWER), null))
          .isInstanceOf(SendRefusedException.class);
    }
  }

  private static OutboundMessage message(Visibility visibility, String thread, String text) {
    return OutboundMessage.pending(OutboundId.of("o-1"), null, ContactId.of("c-1"), ChannelId.X, thread,
        null, visibility, text, "service-reply", Instant.EPOCH);
  }
}
