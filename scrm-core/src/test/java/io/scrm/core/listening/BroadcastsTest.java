package io.scrm.core.listening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.scrm.core.SendRefusedException;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.consent.ConsentPolicy;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.store.Stores;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

final class BroadcastsTest {
  private static final Topic NIPPES = new Topic("stoerung-koeln-nippes", "Störung Köln-Nippes", "outage-notifications");

  /** Allows marketing-type sends only for consenting (contact, channel) pairs, like a ledger would. */
  private static ConsentPolicy consentOf(Set<String> consenting) {
    return q -> q.action() == ConsentAction.SEND_MARKETING && q.purpose().equals("outage-notifications")
        && consenting.contains(q.channel().name() + ":" + q.subject().value())
        ? ConsentDecision.allow("consent given", "GDPR Art. 6(1)(a)")
        : ConsentDecision.deny("no consent for " + q.purpose() + " on " + q.channel());
  }

  @Test
  void broadcast_onlyConsentingSubscribersAreQueued_onTheirChannelAndThread() {
    Set<String> consenting = ConcurrentHashMap.newKeySet();
    consenting.add("telegram:jh");
    Stores stores = Stores.inMemory();
    SocialCrm crm = SocialCrm.builder().stores(stores).consentPolicy(consentOf(consenting)).build();
    Broadcasts broadcasts = new Broadcasts(crm).topic(NIPPES);
    broadcasts.subscribe(NIPPES.id(), ContactId.of("jh"), ChannelId.TELEGRAM, "88123");
    broadcasts.subscribe(NIPPES.id(), ContactId.of("ks"), ChannelId.EMAIL, null);

    Broadcasts.Report report = broadcasts.broadcast(NIPPES.id(), "Die Störung in Köln-Nippes ist behoben.",
        Actor.agent("leitstelle"));

    assertThat(report.queued()).extracting(q -> q.subscription().contact()).containsExactly(ContactId.of("jh"));
    assertThat(report.denied()).extracting(r -> r.subscription().contact()).containsExactly(ContactId.of("ks"));
    OutboundMessage m = stores.outbox().findByRecipient(ContactId.of("jh")).get(0);
    assertThat(m.channel()).isEqualTo(ChannelId.TELEGRAM);
    assertThat(m.threadId()).isEqualTo("88123");
    assertThat(m.purpose()).isEqualTo("outage-notifications");
    assertThat(stores.outbox().findByRecipient(ContactId.of("ks"))).isEmpty();
  }

  @Test
  void broadcast_aSubscriberTheChannelCannotReach_isDeniedWithTheChannelsReason_andTheOthersStillQueued() {
    Set<String> consenting = ConcurrentHashMap.newKeySet();
    consenting.add("telegram:a");
    consenting.add("telegram:b");
    consenting.add("telegram:c");
    Stores stores = Stores.inMemory();
    // like a reply-only channel's check: a message without a thread to answer cannot go out
    SocialCrm crm = SocialCrm.builder().stores(stores).consentPolicy(consentOf(consenting))
        .sendCheck((message, lastCustomerMessageAt) -> {
          if (message.threadId() == null) {
            throw new SendRefusedException(message.channel(), "the channel cannot start a conversation, only reply");
          }
        }).build();
    Broadcasts broadcasts = new Broadcasts(crm).topic(NIPPES);
    broadcasts.subscribe(NIPPES.id(), ContactId.of("a"), ChannelId.TELEGRAM, "88123");
    broadcasts.subscribe(NIPPES.id(), ContactId.of("b"), ChannelId.TELEGRAM, null);
    broadcasts.subscribe(NIPPES.id(), ContactId.of("c"), ChannelId.TELEGRAM, "77456");

    Broadcasts.Report report = broadcasts.broadcast(NIPPES.id(), "Die Störung in Köln-Nippes ist behoben.",
        Actor.agent("leitstelle"));

    assertThat(report.queued()).extracting(q -> q.subscription().contact())
        .containsExactly(ContactId.of("a"), ContactId.of("c"));
    assertThat(report.denied()).singleElement().satisfies(r -> {
      assertThat(r.subscription().contact()).isEqualTo(ContactId.of("b"));
      assertThat(r.reason()).contains("cannot start a conversation");
    });
    assertThat(stores.outbox().findByRecipient(ContactId.of("b"))).isEmpty();
  }

  @Test
  void broadcast_withAMap_reachesThoseWhoseChannelCarriesFiles_andDeniesTheOthersWithTheChannelsReason() {
    Set<String> consenting = ConcurrentHashMap.newKeySet();
    consenting.add("telegram:a");
    consenting.add("x:b");
    Stores stores = Stores.inMemory();
    // like the channels' check: X sends no files here
    SocialCrm crm = SocialCrm.builder().stores(stores).consentPolicy(consentOf(consenting))
        .sendCheck((message, lastCustomerMessageAt) -> {
          if (message.channel().equals(ChannelId.X) && !message.attachments().isEmpty()) {
            throw new SendRefusedException(message.channel(), "the channel sends no attachments");
          }
        }).build();
    Broadcasts broadcasts = new Broadcasts(crm).topic(NIPPES);
    broadcasts.subscribe(NIPPES.id(), ContactId.of("a"), ChannelId.TELEGRAM, "88123");
    broadcasts.subscribe(NIPPES.id(), ContactId.of("b"), ChannelId.X, "1790012345678901234");
    Attachment map = new Attachment("photo", "https://service.example.de/stoerungen/nippes.png", "image/png", null);

    Broadcasts.Report report = broadcasts.broadcast(NIPPES.id(), "Das betroffene Gebiet:", List.of(map),
        Actor.agent("leitstelle"));

    assertThat(report.queued()).extracting(q -> q.subscription().contact()).containsExactly(ContactId.of("a"));
    assertThat(report.denied()).singleElement().satisfies(r -> {
      assertThat(r.subscription().contact()).isEqualTo(ContactId.of("b"));
      assertThat(r.reason()).contains("sends no attachments");
    });
    assertThat(stores.outbox().findByRecipient(ContactId.of("a"))).singleElement()
        .satisfies(m -> assertThat(m.attachments()).containsExactly(map));
  }

  @Test
  void broadcast_onePersonOnTwoChannels_isReportedPerSubscription_withEachChannelsReason() {
    Set<String> consenting = ConcurrentHashMap.newKeySet();
    consenting.add("telegram:a");
    Stores stores = Stores.inMemory();
    // the gate refuses her X subscription (no consent there); the channel refuses her e-mail one
    SocialCrm crm = SocialCrm.builder().stores(stores).consentPolicy(consentOf(consenting))
        .sendCheck((message, lastCustomerMessageAt) -> {
          if (message.channel().equals(ChannelId.EMAIL)) {
            throw new SendRefusedException(message.channel(), "the channel cannot start a conversation, only reply");
          }
        }).build();
    consenting.add("email:a");
    Broadcasts broadcasts = new Broadcasts(crm).topic(NIPPES);
    Broadcasts.Subscription telegram = broadcasts.subscribe(NIPPES.id(), ContactId.of("a"), ChannelId.TELEGRAM, "88");
    Broadcasts.Subscription x = broadcasts.subscribe(NIPPES.id(), ContactId.of("a"), ChannelId.X, null);
    Broadcasts.Subscription email = broadcasts.subscribe(NIPPES.id(), ContactId.of("a"), ChannelId.EMAIL, null);

    Broadcasts.Report report = broadcasts.broadcast(NIPPES.id(), "Die Störung ist behoben.", Actor.SYSTEM);

    OutboundMessage sent = stores.outbox().findByRecipient(ContactId.of("a")).get(0);
    assertThat(report.queued()).containsExactly(new Broadcasts.Queued(telegram, sent.id()));
    assertThat(report.denied()).extracting(Broadcasts.Refused::subscription).containsExactlyInAnyOrder(x, email);
    assertThat(report.denied()).filteredOn(r -> r.subscription().equals(x)).singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("no consent for outage-notifications on x"));
    assertThat(report.denied()).filteredOn(r -> r.subscription().equals(email)).singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("cannot start a conversation"));
  }

  @Test
  void broadcast_repeatedWithItsIdAfterAFailurePartWay_queuesEverySubscriptionOnce() {
    Set<String> consenting = ConcurrentHashMap.newKeySet();
    consenting.add("telegram:a");
    consenting.add("telegram:b");
    consenting.add("telegram:c");
    Stores stores = Stores.inMemory();
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
    // the second subscriber's send fails once, as a store or a check might: the broadcast stops there
    SocialCrm crm = SocialCrm.builder().stores(stores).consentPolicy(consentOf(consenting))
        .sendCheck((message, lastCustomerMessageAt) -> {
          if (message.recipient().value().equals("b") && down.getAndSet(false)) {
            throw new IllegalStateException("outbox unreachable");
          }
        }).build();
    Broadcasts broadcasts = new Broadcasts(crm).topic(NIPPES);
    for (String contact : List.of("a", "b", "c")) {
      broadcasts.subscribe(NIPPES.id(), ContactId.of(contact), ChannelId.TELEGRAM, "chat-" + contact);
    }
    assertThatThrownBy(() -> broadcasts.broadcast(NIPPES.id(), "2026-03-02-bagger", "Die Störung ist behoben.",
        List.of(), Actor.SYSTEM)).hasMessageContaining("outbox unreachable");
    OutboundMessage first = stores.outbox().findByRecipient(ContactId.of("a")).get(0);

    Broadcasts.Report again = broadcasts.broadcast(NIPPES.id(), "2026-03-02-bagger", "Die Störung ist behoben.",
        List.of(), Actor.SYSTEM);

    assertThat(again.queued()).extracting(q -> q.subscription().contact().value()).containsExactly("a", "b", "c");
    assertThat(again.queued().get(0).outbound()).isEqualTo(first.id());
    for (String contact : List.of("a", "b", "c")) {
      assertThat(stores.outbox().findByRecipient(ContactId.of(contact))).as(contact).hasSize(1);
    }
    assertThat(first.idempotencyKey()).matches("broadcast-[0-9a-f]{32}");
    // a new notice on the topic is a new broadcast
    broadcasts.broadcast(NIPPES.id(), "2026-03-02-entwarnung", "Alles läuft wieder.", List.of(), Actor.SYSTEM);
    assertThat(stores.outbox().findByRecipient(ContactId.of("a"))).hasSize(2);
  }

  @Test
  void broadcast_aBlankOrOverlongBroadcastId_isRefused() {
    Broadcasts broadcasts = new Broadcasts(SocialCrm.ofDefaults()).topic(NIPPES);

    assertThatThrownBy(() -> broadcasts.broadcast(NIPPES.id(), " ", "Hinweis", List.of(), Actor.SYSTEM))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broadcastId");
    assertThatThrownBy(() -> broadcasts.broadcast(NIPPES.id(), "x".repeat(65), "Hinweis", List.of(), Actor.SYSTEM))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broadcastId");
  }

  @Test
  void broadcast_consentWithdrawnBeforeDispatch_isCancelledAtSendTime() {
    Set<String> consenting = ConcurrentHashMap.newKeySet();
    consenting.add("telegram:jh");
    SocialCrm crm = SocialCrm.builder().consentPolicy(consentOf(consenting)).build();
    Broadcasts broadcasts = new Broadcasts(crm).topic(NIPPES);
    broadcasts.subscribe(NIPPES.id(), ContactId.of("jh"), ChannelId.TELEGRAM, "88123");
    broadcasts.broadcast(NIPPES.id(), "Update", Actor.agent("leitstelle"));
    consenting.clear();

    OutboundMessage due = crm.outbox().due(10).get(0);
    assertThat(crm.outbox().recheck(due).allowed()).isFalse();
    assertThat(crm.outbox().cancel(due, "withdrawn").status()).isEqualTo(OutboxStatus.CANCELLED);
  }

  @Test
  void broadcast_neverReachesNonConsentingSubscriber() {
    qt().forAll(lists().of(integers().between(0, 30)).ofSizeBetween(0, 30),
        lists().of(integers().between(0, 30)).ofSizeBetween(0, 30)).checkAssert((subscribers, consenters) -> {
          Set<String> consenting = new HashSet<>();
          consenters.forEach(c -> consenting.add("x:c" + c));
          Stores stores = Stores.inMemory();
          SocialCrm crm = SocialCrm.builder().stores(stores).consentPolicy(consentOf(consenting)).build();
          Broadcasts broadcasts = new Broadcasts(crm).topic(NIPPES);
          subscribers.forEach(s -> broadcasts.subscribe(NIPPES.id(), ContactId.of("c" + s), ChannelId.X, null));

          broadcasts.broadcast(NIPPES.id(), "Hinweis", Actor.SYSTEM);

          for (OutboundMessage m : stores.outbox().findByStatus(OutboxStatus.PENDING)) {
            assertThat(consenting).contains("x:" + m.recipient().value());
          }
          Set<String> expected = new HashSet<>();
          subscribers.stream().filter(s -> consenters.contains(s)).forEach(s -> expected.add("c" + s));
          assertThat(stores.outbox().count()).isEqualTo(expected.size());
        });
  }

  @Test
  void subscribe_unknownTopic_isRejected_andUnsubscribeWorksAtOnce() {
    Broadcasts broadcasts = new Broadcasts(SocialCrm.ofDefaults()).topic(NIPPES);
    assertThatThrownBy(() -> broadcasts.subscribe("unbekannt", ContactId.of("a"), ChannelId.X, null))
        .hasMessageContaining("topic unbekannt is not declared");
    broadcasts.subscribe(NIPPES.id(), ContactId.of("a"), ChannelId.X, null);
    assertThat(broadcasts.unsubscribe(NIPPES.id(), ContactId.of("a"), ChannelId.X)).isTrue();
    assertThat(broadcasts.subscribers(NIPPES.id())).isEmpty();
    assertThat(broadcasts.broadcast(NIPPES.id(), "x", Actor.SYSTEM).queued()).isEmpty();
  }

  @Test
  void forget_endsEverySubscriptionOfThePerson() {
    Broadcasts broadcasts = new Broadcasts(SocialCrm.ofDefaults()).topic(NIPPES)
        .topic(new Topic("wartung", "Wartungsarbeiten", "outage-notifications"));
    broadcasts.subscribe(NIPPES.id(), ContactId.of("a"), ChannelId.X, null);
    broadcasts.subscribe(NIPPES.id(), ContactId.of("a"), ChannelId.TELEGRAM, "1");
    broadcasts.subscribe("wartung", ContactId.of("a"), ChannelId.X, null);
    broadcasts.subscribe("wartung", ContactId.of("b"), ChannelId.X, null);

    assertThat(broadcasts.forget(ContactId.of("a"))).isEqualTo(3);
    assertThat(broadcasts.subscribers("wartung")).extracting(s -> s.contact().value()).containsExactly("b");
  }

  @Test
  void subscribe_blankOrOverlongThread_isRefusedAtOnce() {
    Broadcasts broadcasts = new Broadcasts(SocialCrm.builder().build()).topic(NIPPES);

    assertThatThrownBy(() -> broadcasts.subscribe(NIPPES.id(), ContactId.of("a"), ChannelId.TELEGRAM, " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threadId");
    assertThatThrownBy(() -> broadcasts.subscribe(NIPPES.id(), ContactId.of("a"), ChannelId.TELEGRAM,
        "8".repeat(513))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threadId");
    assertThat(broadcasts.subscribe(NIPPES.id(), ContactId.of("a"), ChannelId.TELEGRAM, "8".repeat(512))
        .threadId()).hasSize(512);
  }

  @Test
  void broadcast_blankTextOrTooManyFiles_isRefusedEvenWithoutSubscribers() {
    Broadcasts broadcasts = new Broadcasts(SocialCrm.ofDefaults()).topic(NIPPES);

    assertThatThrownBy(() -> broadcasts.broadcast(NIPPES.id(), " ", Actor.SYSTEM))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text");
    List<Attachment> files = java.util.Collections.nCopies(OutboundMessage.MAX_ATTACHMENTS + 1,
        new Attachment("document", "https://dateien.example.de/stoerung.pdf", "application/pdf", 1_024L));
    assertThatThrownBy(() -> broadcasts.broadcast(NIPPES.id(), "Störung behoben", files, Actor.SYSTEM))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attachments");
  }
}
