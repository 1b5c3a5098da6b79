package io.scrm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.consent.ConsentPolicy;
import io.scrm.core.consent.ConsentQuery;
import io.scrm.core.event.CrmEvent;
import io.scrm.core.event.OutboundCancelled;
import io.scrm.core.event.ReplyDenied;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.Stores;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

final class SocialCrmReplyTest {
  private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final Stores stores = Stores.inMemory();

  private static Interaction publicMention() {
    return Interaction.inbound(ChannelId.MASTODON, "110").thread("110").author("kai@koeln.social", "Kai")
        .text("Schon wieder Störung in Nippes").occurredAt(T0).visibility(Visibility.PUBLIC)
        .kind(InteractionKind.MENTION).build();
  }

  @Test
  void reply_strictDefault_queuesPublicReplyOnOriginThread() {
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores).build();
    IngestResult r = crm.ingest(publicMention());

    ReplyResult reply = crm.reply(r.caseId(), Actor.agent("anna"), "Wir sind dran, Updates folgen hier.");

    assertThat(reply.queued()).isTrue();
    assertThat(reply.decision().legalBasis()).isEqualTo("GDPR Art. 6(1)(f)");
    OutboundMessage m = stores.outbox().find(reply.outboundId().orElseThrow()).orElseThrow();
    assertThat(m.channel()).isEqualTo(ChannelId.MASTODON);
    assertThat(m.threadId()).isEqualTo("110");
    assertThat(m.inReplyTo()).isEqualTo("110");
    assertThat(m.visibility()).isEqualTo(Visibility.PUBLIC);
    assertThat(m.status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(crm.findCase(r.caseId()).orElseThrow().audit()).extracting(e -> e.action())
        .containsExactly("OPEN", "REPLY_QUEUED");
  }

  @Test
  void reply_policyDenies_queuesNothingAndPublishesDenial() {
    List<CrmEvent> events = new CopyOnWriteArrayList<>();
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores)
        .consentPolicy(q -> ConsentDecision.deny("subject restricted (Art. 18)")).build();
    crm.events().subscribeAll(events::add);
    IngestResult r = crm.ingest(publicMention());

    ReplyResult reply = crm.reply(r.caseId(), Actor.agent("anna"), "Hallo");

    assertThat(reply.queued()).isFalse();
    assertThat(reply.decision().reason()).isEqualTo("subject restricted (Art. 18)");
    assertThat(stores.outbox().count()).isZero();
    assertThat(events).hasAtLeastOneElementOfType(ReplyDenied.class);
  }

  @Test
  void reply_policyThrows_isADenial() {
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores)
        .consentPolicy(q -> { throw new IllegalStateException("ledger down"); }).build();
    IngestResult r = crm.ingest(publicMention());
    ReplyResult reply = crm.reply(r.caseId(), Actor.agent("anna"), "Hallo");
    assertThat(reply.queued()).isFalse();
    assertThat(reply.decision().reason()).contains("IllegalStateException");
  }

  @Test
  void reply_unknownCase_throwsTypedException() {
    SocialCrm crm = SocialCrm.ofDefaults();
    assertThatThrownBy(() -> crm.reply(CaseId.of("nope"), Actor.agent("anna"), "x"))
        .isInstanceOf(CaseNotFoundException.class).hasMessage("case nope not found");
  }

  @Test
  void send_withAnIdempotencyKey_queuesOnce_andRefusesTheKeyForAnotherRecipient() {
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores)
        .consentPolicy(q -> ConsentDecision.allow("contract", "GDPR Art. 6(1)(b)")).build();
    ContactId jana = ContactId.of("jana");

    ReplyResult first = crm.send(jana, ChannelId.EMAIL, null, "Ihre Rechnung ist da.", List.of(), "transactional",
        Actor.SYSTEM, "rechnung-2026-03-jana");
    ReplyResult again = crm.send(jana, ChannelId.EMAIL, null, "Ihre Rechnung ist da.", List.of(), "transactional",
        Actor.SYSTEM, "rechnung-2026-03-jana");

    assertThat(again.outboundId()).isEqualTo(first.outboundId()).isPresent();
    assertThat(stores.outbox().findByRecipient(jana)).singleElement()
        .satisfies(m -> assertThat(m.idempotencyKey()).isEqualTo("rechnung-2026-03-jana"));
    assertThatThrownBy(() -> crm.send(ContactId.of("kai"), ChannelId.EMAIL, null, "Ihre Rechnung ist da.", List.of(),
        "transactional", Actor.SYSTEM, "rechnung-2026-03-jana"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idempotencyKey");
    assertThat(stores.outbox().findByRecipient(ContactId.of("kai"))).isEmpty();
    assertThatThrownBy(() -> crm.send(jana, ChannelId.EMAIL, null, "Text", List.of(), "transactional", Actor.SYSTEM,
        " ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idempotencyKey");
  }

  @Test
  void outbox_consentWithdrawnAfterQueueing_recheckDeniesAndCancel() {
    AtomicBoolean withdrawn = new AtomicBoolean();
    ConsentPolicy policy = q -> withdrawn.get() ? ConsentDecision.deny("withdrawn") : ConsentPolicy.strict().decide(q);
    List<CrmEvent> events = new CopyOnWriteArrayList<>();
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores).consentPolicy(policy).build();
    crm.events().subscribeAll(events::add);
    IngestResult r = crm.ingest(publicMention());
    crm.reply(r.caseId(), Actor.agent("anna"), "Hallo");
    withdrawn.set(true);

    OutboundMessage due = crm.outbox().due(10).get(0);
    ConsentDecision atSend = crm.outbox().recheck(due);
    assertThat(atSend.allowed()).isFalse();
    crm.outbox().cancel(due, atSend.reason());

    assertThat(crm.outbox().due(10)).isEmpty();
    assertThat(events).hasAtLeastOneElementOfType(OutboundCancelled.class);
  }

  @Test
  void outbox_markSent_recordsOutboundInteractionOnCase() {
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores).build();
    IngestResult r = crm.ingest(publicMention());
    crm.reply(r.caseId(), Actor.agent("anna"), "Wir sind dran.");
    OutboundMessage due = crm.outbox().due(10).get(0);
    assertThat(crm.outbox().recheck(due).allowed()).isTrue();

    crm.outbox().markSent(due, "115");

    List<Interaction> history = crm.interactionsOf(r.caseId());
    assertThat(history).extracting(Interaction::externalId).containsExactly("110", "115");
    assertThat(history.get(1).threadId()).isEqualTo("110");
    assertThat(history.get(1).inReplyTo()).isEqualTo("110");
    assertThat(crm.findCase(r.caseId()).orElseThrow().audit()).extracting(e -> e.action())
        .containsExactly("OPEN", "REPLY_QUEUED", "REPLY_SENT");
  }

  @Test
  void outbox_markSent_ofAMessageWhoseCaseIsErasedWhileItIsRecorded_leavesNoReplyStored() {
    AtomicBoolean eraseOnCreate = new AtomicBoolean();
    CaseId[] erased = new CaseId[1];
    Stores racing = around("interactions", io.scrm.core.store.InteractionStore.class, (method, args, real) -> {
      Object result = real.call();
      if (method.equals("create") && eraseOnCreate.getAndSet(false)) {
        // the erasure deletes the case after the send's record found it, before it is updated
        stores.cases().delete(erased[0]);
      }
      return result;
    });
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(racing).build();
    IngestResult r = crm.ingest(publicMention());
    erased[0] = r.caseId();
    crm.reply(r.caseId(), Actor.agent("anna"), "Wir sind dran.");
    OutboundMessage due = crm.outbox().due(10).get(0);
    eraseOnCreate.set(true);

    crm.outbox().markSent(due, "115");

    assertThat(stores.interactions().find(io.scrm.core.model.InteractionId.of(ChannelId.MASTODON, "115")))
        .as("the reply's text, stored after its case was erased").isEmpty();
    assertThat(stores.outbox().find(due.id()).orElseThrow().status()).isEqualTo(OutboxStatus.SENT);
  }

  private static final class CaseStoreDown extends io.scrm.core.store.StoreException {
    private static final long serialVersionUID = 1L;

    CaseStoreDown() {
      super("case store unavailable");
    }
  }

  /** A store call made in place of the real one, which {@code real} makes. */
  @FunctionalInterface
  private interface Around {
    Object call(String method, Object[] args, java.util.concurrent.Callable<Object> real) throws Exception;
  }

  /** The stores, with every call of the store {@code accessor} returns made through {@code around}. */
  private Stores around(String accessor, Class<?> type, Around around) {
    Object store = invokeOn(stores, accessor);
    Object wrapped = java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
        (p, m, a) -> around.call(m.getName(), a, () -> invoke(m, store, a)));
    return (Stores) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Stores.class}, (p, m, a) -> m.getName().equals(accessor) ? wrapped : invoke(m, stores, a));
  }

  private static Object invokeOn(Stores stores, String accessor) {
    try {
      return Stores.class.getMethod(accessor).invoke(stores);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Exception {
    try {
      return m.invoke(target, args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  @Test
  void reply_whoseCaseCannotBeWritten_leavesNothingQueued_soAnsweringAgainSendsItOnce() {
    AtomicBoolean casesDown = new AtomicBoolean();
    Stores flaky = around("cases", io.scrm.core.store.CaseStore.class, (method, args, real) -> {
      if (method.equals("update") && casesDown.get()) {
        throw new CaseStoreDown();
      }
      return real.call();
    });
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(flaky).build();
    IngestResult r = crm.ingest(publicMention());
    casesDown.set(true);

    assertThatThrownBy(() -> crm.reply(r.caseId(), Actor.agent("anna"), "Wir sind dran."))
        .isInstanceOf(CaseStoreDown.class);
    assertThat(stores.outbox().count()).as("left queued").isZero();

    casesDown.set(false);
    crm.reply(r.caseId(), Actor.agent("anna"), "Wir sind dran.");
    assertThat(crm.outbox().due(10)).singleElement().extracting(OutboundMessage::text).isEqualTo("Wir sind dran.");
  }

  @Test
  void reply_whoseCaseCannotBeWrittenAfterADispatcherTookItsMessage_standsAsQueued() {
    AtomicBoolean casesDown = new AtomicBoolean();
    AtomicBoolean dispatched = new AtomicBoolean();
    List<OutboundMessage> sentByDispatcher = new CopyOnWriteArrayList<>();
    SocialCrm dispatcherHost = SocialCrm.builder().clock(clock).stores(stores).build();
    Stores flaky = around("cases", io.scrm.core.store.CaseStore.class, (method, args, real) -> {
      if (method.equals("update") && casesDown.get()) {
        if (dispatched.compareAndSet(false, true)) {
          // a dispatcher on another instance claims the queued message and sends it
          for (OutboundMessage claimed : dispatcherHost.outbox().claim(10, java.time.Duration.ofMinutes(1))) {
            sentByDispatcher.add(dispatcherHost.outbox().markSent(claimed, "116"));
          }
        }
        throw new CaseStoreDown();
      }
      return real.call();
    });
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(flaky).build();
    IngestResult r = crm.ingest(publicMention());
    casesDown.set(true);

    ReplyResult reply = crm.reply(r.caseId(), Actor.agent("anna"), "Wir sind dran.");

    assertThat(sentByDispatcher).as("the customer got the reply").singleElement()
        .satisfies(sent -> assertThat(reply.outboundId()).contains(sent.id()));
    assertThat(stores.outbox().find(reply.outboundId().orElseThrow()).orElseThrow().status())
        .isEqualTo(OutboxStatus.SENT);
  }

  @Test
  void outbox_markSent_ofASecondSameTextReplyWhosePlatformIdNamesTheFirst_auditsBothSends() {
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores).build();
    IngestResult r = crm.ingest(publicMention());
    crm.reply(r.caseId(), Actor.agent("anna"), "Danke!");
    crm.outbox().markSent(crm.outbox().due(10).get(0), "115");
    clock.advance(java.time.Duration.ofMinutes(5));
    crm.reply(r.caseId(), Actor.agent("anna"), "Danke!");
    OutboundMessage second = crm.outbox().due(10).get(0);

    // a channel whose ids started again (a restart on kept stores) names the first reply's id again
    crm.outbox().markSent(second, "115");
    crm.outbox().markSent(stores.outbox().find(second.id()).orElseThrow(), "115");

    assertThat(crm.findCase(r.caseId()).orElseThrow().audit()).filteredOn(e -> e.action().equals("REPLY_SENT"))
        .extracting(e -> e.commandId()).as("each send audited once, the second one too")
        .hasSize(2).contains(second.id().value());
  }

  @Test
  void outbox_markSent_ofAMessageWhoseCaseIsErasedJustAfterTheReplyIsLinked_leavesNoReplyStored() {
    AtomicBoolean eraseAfterLink = new AtomicBoolean();
    Stores racing = around("cases", io.scrm.core.store.CaseStore.class, (method, args, real) -> {
      Object result = real.call();
      if (method.equals("update") && eraseAfterLink.getAndSet(false)) {
        // an erasure that read the case before the link deletes it now
        stores.cases().delete(((io.scrm.core.model.Case) result).id());
      }
      return result;
    });
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(racing).build();
    IngestResult r = crm.ingest(publicMention());
    crm.reply(r.caseId(), Actor.agent("anna"), "Wir sind dran.");
    OutboundMessage due = crm.outbox().due(10).get(0);
    eraseAfterLink.set(true);

    crm.outbox().markSent(due, "117");

    assertThat(stores.cases().find(r.caseId())).isEmpty();
    assertThat(stores.interactions().find(io.scrm.core.model.InteractionId.of(ChannelId.MASTODON, "117")))
        .as("the reply's text, left after its case was erased").isEmpty();
  }

  @Test
  void outbox_deadLetter_canBeRedriven() {
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores).build();
    IngestResult r = crm.ingest(publicMention());
    crm.reply(r.caseId(), Actor.agent("anna"), "Hallo");
    OutboundMessage due = crm.outbox().due(10).get(0);
    crm.outbox().markDead(due, "HTTP 403 forbidden");
    assertThat(crm.outbox().deadLetters()).singleElement().satisfies(m -> assertThat(m.lastError()).isEqualTo("HTTP 403 forbidden"));

    crm.outbox().redrive(due.id());

    assertThat(crm.outbox().deadLetters()).isEmpty();
    assertThat(crm.outbox().due(10)).hasSize(1);
  }

  @Test
  void strictPolicy_deniesEverythingThatNeedsConsent() {
    for (ConsentAction a : ConsentAction.values()) {
      ConsentDecision d = ConsentPolicy.strict().decide(new ConsentQuery(ContactId.of("c"), "p", ChannelId.EMAIL, a,
          Actor.SYSTEM, T0));
      assertThat(d.allowed()).as(a.name())
          .isEqualTo(a == ConsentAction.PUBLIC_REPLY || a == ConsentAction.REPLY_IN_THREAD);
    }
  }
  @Test
  void reply_withAFileAndNoText_isQueuedAndTheSentInteractionCarriesTheFile() {
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores).build();
    IngestResult r = crm.ingest(publicMention());
    Attachment map = new Attachment("photo", "https://dateien.example.de/stoerung-nippes.png", "image/png", 48_213L);

    ReplyResult reply = crm.reply(r.caseId(), Actor.agent("anna"), "", List.of(map));

    OutboundMessage m = stores.outbox().find(reply.outboundId().orElseThrow()).orElseThrow();
    assertThat(m.text()).isEmpty();
    assertThat(m.attachments()).containsExactly(map);
    crm.outbox().markSent(crm.outbox().due(10).get(0), "116");
    assertThat(crm.interactionsOf(r.caseId()).get(1).attachments()).containsExactly(map);
  }

  @Test
  void replyAndSend_withoutTextOrFile_areRefused() {
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores).build();
    IngestResult r = crm.ingest(publicMention());

    assertThatThrownBy(() -> crm.reply(r.caseId(), Actor.agent("anna"), " ", List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("text must not be blank");
    assertThatThrownBy(() -> crm.send(r.contact(), ChannelId.EMAIL, null, "", List.of(), "transactional",
        Actor.agent("anna"))).isInstanceOf(IllegalArgumentException.class).hasMessage("text must not be blank");
    assertThat(stores.outbox().findByStatus(OutboxStatus.PENDING)).isEmpty();
  }

  @Test
  void reply_aFileOfAKindNoChannelSends_isRefusedByTheEngine() {
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores).build();
    IngestResult r = crm.ingest(publicMention());

    assertThatThrownBy(() -> crm.reply(r.caseId(), Actor.agent("anna"), "Anbei",
        List.of(new Attachment("pdf", "https://dateien.example.de/a.pdf", null, null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attachment type must be one of [audio, document, photo, video, voice], was pdf");
    assertThat(stores.outbox().findByStatus(OutboxStatus.PENDING)).isEmpty();
  }
}
