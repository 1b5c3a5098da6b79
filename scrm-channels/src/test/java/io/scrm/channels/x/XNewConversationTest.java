package io.scrm.channels.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.channels.Channels;
import io.scrm.channels.SendResult;
import io.scrm.core.SendRefusedException;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A message that starts a conversation (a notice, a broadcast to a subscriber) is private and has no
 * thread. X takes a direct message only into a conversation it names, so such a message is refused
 * before it is queued, as on the other channels that only answer, not dead-lettered at dispatch.
 */
final class XNewConversationTest {
  private static final Instant NOW = Instant.parse("2026-03-14T10:30:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void send_noticeWithoutAConversation_isRefusedBeforeQueueing() {
    try (XAdapter adapter = XAdapter.builder().baseUrl("http://127.0.0.1:9").accessToken("x-token").userId("1234567")
        .directMessages(true).clock(clock).build()) {
      OutboundMessage notice = OutboundMessage.pending(OutboundId.of("out-n1"), null, ContactId.of("c-1"), ChannelId.X,
          null, null, Visibility.PRIVATE, "Die Störung in Husum ist behoben.", "outage-notice", NOW);
      // what the adapter does with it at dispatch
      assertThat(adapter.send(notice)).isEqualTo(
          SendResult.permanent("the channel cannot start a conversation, only reply"));

      Channels channels = Channels.of(adapter);
      SocialCrm crm = SocialCrm.builder().clock(clock).sendCheck(channels.sendCheck(clock))
          .consentPolicy(q -> ConsentDecision.allow("consent", "Art. 6(1)(a)")).build();
      assertThatThrownBy(() -> crm.send(ContactId.of("c-1"), ChannelId.X, null, "Die Störung in Husum ist behoben.",
          "outage-notice", Actor.agent("anna"))).isInstanceOf(SendRefusedException.class);
      assertThat(crm.stores().outbox().findByStatus(OutboxStatus.PENDING)).isEmpty();
    }
  }

  @Test
  void send_publicPostWithoutAThread_isRefusedAndNeverPostedAsANewPost() {
    // X only answers here: a post that answers nothing would reach the account's followers, not the
    // customer; a host calling send itself gets the same answer as the engine's check
    try (XAdapter adapter = XAdapter.builder().baseUrl("http://127.0.0.1:9").accessToken("x-token").userId("1234567")
        .clock(clock).build()) {
      OutboundMessage post = OutboundMessage.pending(OutboundId.of("out-p1"), null, ContactId.of("c-1"), ChannelId.X,
          null, null, Visibility.PUBLIC, "Die Störung in Husum ist behoben.", "outage-notice", NOW);

      assertThat(adapter.send(post)).isEqualTo(
          SendResult.permanent("the channel cannot start a conversation, only reply"));
    }
  }
}
