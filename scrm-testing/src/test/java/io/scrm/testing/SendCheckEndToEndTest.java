package io.scrm.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.channels.ChannelCapabilities;
import io.scrm.channels.Channels;
import io.scrm.channels.InMemoryChannel;
import io.scrm.channels.OutboxDispatcher;
import io.scrm.channels.meta.MetaAdapter;
import io.scrm.channels.telegram.TelegramAdapter;
import io.scrm.core.SendRefusedException;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine refuses, before queueing, a send the channel cannot perform. */
final class SendCheckEndToEndTest {
  private final TestClock clock = TestClock.at("2026-03-02T09:00:00Z");
  private final InMemoryChannel messenger = InMemoryChannel.builder().clock(clock).channel(ChannelId.MESSENGER)
      .capabilities(new ChannelCapabilities(true, false, false, Duration.ofHours(24), 40, false, false,
          ChannelCapabilities.RateLimit.perSecond(100), true))
      .build();
  private final Channels channels = Channels.of(messenger);
  private final SocialCrm crm = SocialCrm.builder().clock(clock).sendCheck(channels.sendCheck(clock))
      .consentPolicy(q -> ConsentDecision.allow("test", "Art. 6(1)(a)")).build();

  private CaseId privateCase() {
    return crm.ingest(messenger.privateMessage("m1", "t1", "anna", "Hallo")).caseId();
  }

  @Test
  void reply_textLongerThanTheChannelCarries_refusedAndNothingQueued() {
    CaseId caseId = privateCase();

    assertThatThrownBy(() -> crm.reply(caseId, Actor.agent("a"), "x".repeat(41)))
        .isInstanceOf(SendRefusedException.class).hasMessageContaining("exceeds the limit of 40");
    assertThat(crm.stores().outbox().findDue(clock.instant().plusSeconds(1), 10)).isEmpty();
  }

  @Test
  void reply_afterTheReplyWindowClosed_refused_withinIt_queuedAndSent() {
    CaseId caseId = privateCase();
    clock.advance(Duration.ofHours(23));
    assertThat(crm.reply(caseId, Actor.agent("a"), "Noch im Fenster").outboundId()).isPresent();

    clock.advance(Duration.ofHours(2));
    assertThatThrownBy(() -> crm.reply(caseId, Actor.agent("a"), "Zu spät"))
        .isInstanceOf(SendRefusedException.class).hasMessageContaining("reply window");

    OutboxDispatcher.builder(crm, channels).build().drain();
    assertThat(messenger.sent()).extracting(InMemoryChannel.Sent::text).containsExactly("Noch im Fenster");
  }

  @Test
  void reply_publicPostOnAChannelWithoutPublicReplies_refused() {
    CaseId caseId = crm.ingest(messenger.publicPost("p1", "p1", "ben", "Störung?", InteractionKind.MENTION)).caseId();

    assertThatThrownBy(() -> crm.reply(caseId, Actor.agent("a"), "Antwort"))
        .isInstanceOf(SendRefusedException.class).hasMessageContaining("public replies");
    assertThat(crm.stores().outbox().findByStatus(io.scrm.core.model.OutboxStatus.PENDING)).isEmpty();
  }

  @Test
  void send_newConversationOnAReplyOnlyChannel_refused() {
    assertThatThrownBy(() -> crm.send(ContactId.random(), ChannelId.MESSENGER, "Angebot", "marketing",
        Actor.agent("a"))).isInstanceOf(SendRefusedException.class).hasMessageContaining("only reply");
  }

  @Test
  void send_channelWithoutAdapter_refused() {
    assertThatThrownBy(() -> crm.send(ContactId.random(), ChannelId.TELEGRAM, "t-1", "Hallo", "transactional",
        Actor.agent("a"))).isInstanceOf(SendRefusedException.class).hasMessageContaining("no adapter");
  }

  @Test
  void reply_longerThanTelegramOrMessengerCarry_refusedBeforeQueueing() {
    TelegramAdapter telegram = TelegramAdapter.builder().baseUrl("http://127.0.0.1:9").token("1:t").build();
    MetaAdapter meta = MetaAdapter.builder().baseUrl("http://127.0.0.1:9").pageAccessToken("t")
        .appSecret("s").build();
    Channels real = Channels.of(telegram, meta);
    SocialCrm engine = SocialCrm.builder().clock(clock).sendCheck(real.sendCheck(clock))
        .consentPolicy(q -> ConsentDecision.allow("test", "Art. 6(1)(b)")).build();
    try (real) {
      for (ChannelId channel : new ChannelId[] {ChannelId.TELEGRAM, ChannelId.MESSENGER}) {
        int limit = real.adapter(channel).orElseThrow().capabilities(channel).maxTextLength();
        CaseId caseId = engine.ingest(Interaction.inbound(channel, "in-1").thread("t-1").author("kunde-1", null)
            .text("Wann kommt der Techniker?").occurredAt(clock.instant()).build()).caseId();

        assertThat(engine.reply(caseId, Actor.agent("a"), "a".repeat(limit)).outboundId()).isPresent();
        assertThatThrownBy(() -> engine.reply(caseId, Actor.agent("a"), "a".repeat(limit + 1)))
            .isInstanceOf(SendRefusedException.class)
            .hasMessageContaining("exceeds the limit of " + limit + " and cannot be split");
      }
      assertThat(engine.stores().outbox().findByStatus(io.scrm.core.model.OutboxStatus.PENDING)).hasSize(2);
    }
  }
  private static final Attachment LABEL =
      new Attachment("document", "https://dateien.example.de/retourenschein-4711.pdf", "application/pdf", null);

  @Test
  void reply_withAFileOnAChannelWithoutAttachments_refusedAndNothingQueued() {
    CaseId caseId = privateCase();

    assertThatThrownBy(() -> crm.reply(caseId, Actor.agent("a"), "Ihr Retourenschein", List.of(LABEL)))
        .isInstanceOf(SendRefusedException.class).hasMessageContaining("sends no attachments");
    assertThat(crm.stores().outbox().findByStatus(io.scrm.core.model.OutboxStatus.PENDING)).isEmpty();
  }

  @Test
  void reply_withFiles_queuedAndSentWithThem_aKindNoChannelSends_refusedByTheEngine() {
    InMemoryChannel telegram = InMemoryChannel.builder().clock(clock).channel(ChannelId.TELEGRAM).build();
    Channels both = Channels.of(telegram);
    SocialCrm engine = SocialCrm.builder().clock(clock).sendCheck(both.sendCheck(clock))
        .consentPolicy(q -> ConsentDecision.allow("test", "Art. 6(1)(b)")).build();
    CaseId caseId = engine.ingest(telegram.privateMessage("m1", "t1", "anna", "Wo ist mein Retourenschein?")).caseId();

    assertThatThrownBy(() -> engine.reply(caseId, Actor.agent("a"), "",
        List.of(new Attachment("sticker", "CAACAgIAAxkBAAE", null, null))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was sticker");
    engine.reply(caseId, Actor.agent("a"), "Hier ist er.", List.of(LABEL));
    OutboxDispatcher.builder(engine, both).build().drain();

    assertThat(telegram.sent()).singleElement().satisfies(sent -> {
      assertThat(sent.text()).isEqualTo("Hier ist er.");
      assertThat(sent.message().attachments()).containsExactly(LABEL);
    });
    assertThat(engine.interactionsOf(caseId).get(1).attachments()).containsExactly(LABEL);
  }

  @Test
  void dispatcher_fileQueuedWithoutTheCheck_isADeadLetterNotSentAsTextAlone() {
    SocialCrm unchecked = SocialCrm.builder().clock(clock)
        .consentPolicy(q -> ConsentDecision.allow("test", "Art. 6(1)(a)")).build();
    CaseId caseId = unchecked.ingest(messenger.privateMessage("m1", "t1", "anna", "Hallo")).caseId();
    unchecked.reply(caseId, Actor.agent("a"), "Ihr Retourenschein", List.of(LABEL));

    OutboxDispatcher.builder(unchecked, channels).build().drain();

    assertThat(messenger.sent()).isEmpty();
    assertThat(unchecked.outbox().deadLetters()).singleElement()
        .satisfies(m -> assertThat(m.lastError()).isEqualTo("refused by the channel: the channel sends no attachments"));
  }
  @Test
  void dispatcher_onAChannelWithoutIdempotencyKeys_sendsTheFilesItMarkedAsSending() {
    InMemoryChannel noKeys = InMemoryChannel.builder().clock(clock).channel(ChannelId.TELEGRAM)
        .capabilities(new ChannelCapabilities(true, true, false, null, 4096, false, true,
            ChannelCapabilities.RateLimit.perSecond(30), false))
        .build();
    Channels one = Channels.of(noKeys);
    SocialCrm engine = SocialCrm.builder().clock(clock).sendCheck(one.sendCheck(clock))
        .consentPolicy(q -> ConsentDecision.allow("test", "Art. 6(1)(b)")).build();
    CaseId caseId = engine.ingest(noKeys.privateMessage("m1", "t1", "anna", "Lieferschein?")).caseId();
    engine.reply(caseId, Actor.agent("a"), "", List.of(LABEL));

    OutboxDispatcher.builder(engine, one).build().drain();

    assertThat(noKeys.sent()).singleElement()
        .satisfies(sent -> assertThat(sent.message().attachments()).containsExactly(LABEL));
  }

  @Test
  void inMemoryChannelStandingInForTelegram_refusesWhatTelegramWould() {
    TelegramAdapter rules = TelegramAdapter.builder().baseUrl("http://127.0.0.1:9").token("1:t").build();
    InMemoryChannel telegram = InMemoryChannel.builder().clock(clock).channel(ChannelId.TELEGRAM)
        .refusal(rules::refusal).build();
    Channels one = Channels.of(telegram);
    SocialCrm engine = SocialCrm.builder().clock(clock).sendCheck(one.sendCheck(clock))
        .consentPolicy(q -> ConsentDecision.allow("test", "Art. 6(1)(b)")).build();
    CaseId caseId = engine.ingest(telegram.privateMessage("m1", "t1", "anna", "Lieferschein?")).caseId();
    Attachment photo = new Attachment("photo", "https://dateien.example.de/paket.jpg", "image/jpeg", null);

    try (rules) {
      assertThatThrownBy(() -> engine.reply(caseId, Actor.agent("a"), "x".repeat(1025), List.of(LABEL)))
          .isInstanceOf(SendRefusedException.class).hasMessageContaining("of a caption beside files");
      assertThatThrownBy(() -> engine.reply(caseId, Actor.agent("a"), "", List.of(photo, LABEL)))
          .isInstanceOf(SendRefusedException.class).hasMessageContaining("in one album");
      assertThat(engine.reply(caseId, Actor.agent("a"), "Anbei", List.of(LABEL)).queued()).isTrue();
    }
  }
}
