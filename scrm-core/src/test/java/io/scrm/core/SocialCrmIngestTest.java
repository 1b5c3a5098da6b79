package io.scrm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.event.CaseOpened;
import io.scrm.core.event.CaseUpdated;
import io.scrm.core.event.ContactCreated;
import io.scrm.core.event.CrmEvent;
import io.scrm.core.event.InteractionDeleted;
import io.scrm.core.event.InteractionEdited;
import io.scrm.core.event.InteractionIngested;
import io.scrm.core.event.LeadCreated;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.Identity;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.Lead;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Provenance;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class SocialCrmIngestTest {
  private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final Stores stores = Stores.inMemory();
  private final List<CrmEvent> events = new CopyOnWriteArrayList<>();
  private SocialCrm crm;

  @BeforeEach
  void setUp() {
    crm = SocialCrm.builder().clock(clock).stores(stores).build();
    crm.events().subscribeAll(events::add);
  }

  private static Interaction.Builder telegram(String id, String thread) {
    return Interaction.inbound(ChannelId.TELEGRAM, id).thread(thread).author("1001", "Jürgen Hoffmann")
        .text("Mein Router ist immer noch nicht da").occurredAt(T0);
  }

  /** A crash after the message was stored, before it was attached: the redelivery attaches it. */
  @Test
  void ingest_redeliveryOfAMessageStoredButNotAttached_publishesItsIngestOnce() {
    Interaction orphan = telegram("c1:1", "c1").build();
    stores.interactions().create(orphan);

    IngestResult r = crm.ingest(orphan);
    crm.ingest(orphan);

    assertThat(r.caseId()).isNotNull();
    assertThat(events).filteredOn(InteractionIngested.class::isInstance).singleElement()
        .satisfies(e -> assertThat(((InteractionIngested) e).caseId()).isEqualTo(r.caseId()));
  }

  /** Two deliveries of one message at once: the one that attaches it announces it, the other not. */
  @Test
  void ingest_messageAttachedByARacingDelivery_isAnnouncedOnceOnly() {
    Interaction first = telegram("c1:1", "c1").build();
    crm.ingest(first);
    Interaction second = telegram("c1:2", "c1").build();
    stores.interactions().create(second);
    Case open = stores.cases().findOpenByThread(ChannelId.TELEGRAM, "c1").orElseThrow();
    // the racing delivery attached it, but has not published yet
    stores.cases().update(open.withInteraction(second.id(), new io.scrm.core.model.AuditEntry(T0,
        io.scrm.core.model.Actor.customer(open.contactId()), "MESSAGE", null, null, ChannelId.TELEGRAM, null, null)));
    events.clear();

    crm.ingest(second);

    assertThat(events).filteredOn(InteractionIngested.class::isInstance).isEmpty();
  }

  @Test
  void ingest_newMessage_createsPseudonymousContactIdentityAndCase() {
    IngestResult r = crm.ingest(telegram("c1:1", "c1").build());

    assertThat(r.outcome()).isEqualTo(IngestResult.Outcome.CREATED);
    Contact contact = stores.contacts().find(r.contact()).orElseThrow();
    assertThat(contact.pseudonymous()).isTrue();
    assertThat(contact.provenance()).isEqualTo(Provenance.SOCIAL);
    assertThat(contact.displayName()).as("no master data from a social handle").isNull();
    assertThat(contact.identities()).containsExactly(IdentityKey.of(ChannelId.TELEGRAM, "1001"));
    Identity identity = stores.identities().find(IdentityKey.of(ChannelId.TELEGRAM, "1001")).orElseThrow();
    assertThat(identity.displayName()).isEqualTo("Jürgen Hoffmann");
    Case c = crm.findCase(r.caseId()).orElseThrow();
    assertThat(c.originChannel()).isEqualTo(ChannelId.TELEGRAM);
    assertThat(c.originThread()).isEqualTo("c1");
    assertThat(c.interactions()).containsExactly(r.interaction());
    assertThat(c.audit()).extracting(e -> e.action()).containsExactly("OPEN");
    assertThat(events).hasAtLeastOneElementOfType(ContactCreated.class)
        .hasAtLeastOneElementOfType(CaseOpened.class).hasAtLeastOneElementOfType(InteractionIngested.class);
  }

  @Test
  void ingest_sameDeliveryTwice_returnsSameResultAndCreatesNothing() {
    IngestResult first = crm.ingest(telegram("c1:1", "c1").build());
    int eventsAfterFirst = events.size();

    IngestResult second = crm.ingest(telegram("c1:1", "c1").build());

    assertThat(second.outcome()).isEqualTo(IngestResult.Outcome.DUPLICATE);
    assertThat(second.caseId()).isEqualTo(first.caseId());
    assertThat(second.contact()).isEqualTo(first.contact());
    assertThat(stores.interactions().count()).isEqualTo(1);
    assertThat(stores.cases().count()).isEqualTo(1);
    assertThat(stores.contacts().count()).isEqualTo(1);
    assertThat(events).hasSize(eventsAfterFirst);
  }

  @Test
  void ingest_identityStoredWithoutItsContact_newThreadRepairsTheContactOnce() {
    // a crash between the identity's and the contact's write left the identity alone
    ContactId lost = ContactId.of("c-lost");
    stores.identities().create(Identity.of(IdentityKey.of(ChannelId.TELEGRAM, "1001"), "Jürgen Hoffmann", lost, T0));

    IngestResult first = crm.ingest(telegram("c1:1", "c1").build());
    IngestResult followUp = crm.ingest(telegram("c1:2", "c1").build());

    assertThat(first.contact()).isEqualTo(lost);
    Contact repaired = stores.contacts().find(lost).orElseThrow();
    assertThat(repaired.pseudonymous()).isTrue();
    assertThat(repaired.identities()).containsExactly(IdentityKey.of(ChannelId.TELEGRAM, "1001"));
    assertThat(crm.findCase(first.caseId()).orElseThrow().contactId()).isEqualTo(lost);
    assertThat(followUp.caseId()).isEqualTo(first.caseId());
    assertThat(stores.contacts().count()).isEqualTo(1);
    assertThat(events).filteredOn(ContactCreated.class::isInstance).hasSize(1);
  }

  @Test
  void ingest_messageCarryingAVersion_isStoredAtVersionOneInANewThreadAndAnOpenOne() {
    // a host may pass a message it read back from somewhere else, still carrying a version
    IngestResult first = crm.ingest(telegram("c1:1", "c1").build().withVersion(3));
    IngestResult followUp = crm.ingest(telegram("c1:2", "c1").build().withVersion(5));

    assertThat(stores.interactions().find(first.interaction())).map(Interaction::version).contains(1L);
    assertThat(stores.interactions().find(followUp.interaction())).map(Interaction::version).contains(1L);
    assertThat(followUp.caseId()).isEqualTo(first.caseId());
  }

  @Test
  void ingest_followUp_isStoredAsDeliveredAndJoinsTheCase() {
    IngestResult first = crm.ingest(telegram("c1:1", "c1").build());
    Interaction followUp = Interaction.inbound(ChannelId.TELEGRAM, "c1:2").thread(new String("c1"))
        .author(new String("1001"), new String("Jürgen Hoffmann")).text("Noch da?").occurredAt(T0).build();

    IngestResult second = crm.ingest(followUp);

    Interaction stored = stores.interactions().find(second.interaction()).orElseThrow();
    Case c = crm.findCase(first.caseId()).orElseThrow();
    assertThat(stored).isEqualTo(followUp.withVersion(1));
    assertThat(c.interactions()).containsExactly(first.interaction(), second.interaction());
  }

  private static Interaction.Builder mastodon(String status, @Nullable String answers, String acct) {
    // as the Mastodon adapter normalises a mention: the thread is the status answered, else the status
    return Interaction.inbound(ChannelId.MASTODON, status).thread(answers != null ? answers : status)
        .inReplyTo(answers).author(acct, null).visibility(Visibility.PUBLIC)
        .kind(answers != null ? InteractionKind.REPLY : InteractionKind.MENTION)
        .text("@stadtwerke Der Abschlag wurde doppelt abgebucht").occurredAt(T0);
  }

  @Test
  void ingest_answerToTheBrandsReply_joinsTheCaseOfThatReply_evenInAnotherThread() {
    IngestResult mention = crm.ingest(mastodon("110001", null, "petra@social.example").build());
    crm.reply(mention.caseId(), Actor.agent("agent-7"), "Das prüfen wir, bitte schicken Sie uns die Kundennummer.");
    OutboundMessage queued = crm.outbox().due(10).get(0);
    crm.outbox().markSent(crm.outbox().markSending(queued), "110002");

    IngestResult answer = crm.ingest(mastodon("110003", "110002", "petra@social.example").build());
    IngestResult bystander = crm.ingest(mastodon("110004", "110002", "klaus@social.example").build());
    IngestResult unrelated = crm.ingest(mastodon("110005", "109999", "petra@social.example").build());

    assertThat(answer.caseId()).isEqualTo(mention.caseId());
    assertThat(crm.findCase(mention.caseId()).orElseThrow().interactions()).containsExactly(
        mention.interaction(), InteractionId.of(ChannelId.MASTODON, "110002"), answer.interaction());
    // another author answering the brand's reply does not join the customer's case
    assertThat(bystander.caseId()).isNotNull().isNotEqualTo(mention.caseId());
    assertThat(crm.findCase(bystander.caseId()).orElseThrow().contactId()).isNotEqualTo(mention.contact());
    // a reply to a status scrm does not know opens a case of its own
    assertThat(unrelated.caseId()).isNotNull().isNotEqualTo(mention.caseId());
  }

  @Test
  void ingest_answerToAnIdLongerThanAnyMessageId_opensItsOwnCaseAndCanBeAnswered() {
    // inReplyTo is the platform's text; longer than 512 characters it cannot name a stored message
    String tooLong = "1".repeat(600);
    IngestResult first = crm.ingest(mastodon("120001", null, "petra@social.example").inReplyTo(tooLong).build());
    IngestResult second = crm.ingest(mastodon("120002", null, "petra@social.example").thread("120001")
        .inReplyTo(tooLong).build());

    assertThat(first.outcome()).isEqualTo(IngestResult.Outcome.CREATED);
    assertThat(second.caseId()).isEqualTo(first.caseId());
    assertThat(crm.reply(first.caseId(), Actor.agent("agent-7"), "Wir kümmern uns.").outbound()).isNotNull();
  }

  @Test
  void reply_afterTheConversationMovedOn_answersTheLatestMessageOfTheSameVisibility() {
    IngestResult mention = crm.ingest(mastodon("110001", null, "petra@social.example").build());
    crm.reply(mention.caseId(), Actor.agent("agent-7"), "Bitte schicken Sie uns die Kundennummer.");
    crm.outbox().markSent(crm.outbox().markSending(crm.outbox().due(10).get(0)), "110002");
    crm.ingest(mastodon("110003", "110002", "petra@social.example").build());
    // then a direct (private) answer to the same public reply: it joins the case, but a public reply
    // must not answer it
    clock.advance(Duration.ofMinutes(1));
    crm.ingest(mastodon("110004", "110002", "petra@social.example").visibility(Visibility.PRIVATE)
        .kind(InteractionKind.DIRECT).build());

    crm.reply(mention.caseId(), Actor.agent("agent-7"), "Danke, die doppelte Abbuchung wird erstattet.");

    OutboundMessage second = crm.outbox().due(10).get(0);
    assertThat(crm.findCase(mention.caseId()).orElseThrow().interactions()).hasSize(4);
    assertThat(second.threadId()).isEqualTo("110001");
    assertThat(second.inReplyTo()).isEqualTo("110003");
    assertThat(second.visibility()).isEqualTo(Visibility.PUBLIC);
  }

  @Test
  void ingest_duplicateAfterCacheEviction_isStillDetectedByStore() {
    SocialCrm noCache = SocialCrm.builder().clock(clock).stores(stores).dedupCacheSize(0).build();
    IngestResult first = noCache.ingest(telegram("c1:1", "c1").build());
    IngestResult again = noCache.ingest(telegram("c1:1", "c1").build());
    assertThat(again.outcome()).isEqualTo(IngestResult.Outcome.DUPLICATE);
    assertThat(again.caseId()).isEqualTo(first.caseId());
    assertThat(stores.interactions().count()).isEqualTo(1);
  }

  @Test
  void ingest_editOfTheFilesAlone_replacesThemWithoutARevision_andARedeliveryIsADuplicate() {
    Attachment photo = new Attachment("photo", "AgACAgIAAxkBAAIBQ2", "image/jpeg", null);
    IngestResult first = crm.ingest(telegram("c1:1", "c1").text("So sieht der Router aus").addAttachment(photo)
        .build());
    Attachment described = photo.withDescription("Router mit roter LED");
    Attachment second = new Attachment("photo", "AgACAgIAAxkBAAIBQ3", "image/jpeg", null);

    IngestResult edit = crm.ingest(telegram("c1:1", "c1").text("So sieht der Router aus").addAttachment(described)
        .addAttachment(second).edited(true).build());

    assertThat(edit.outcome()).isEqualTo(IngestResult.Outcome.EDITED);
    Interaction stored = stores.interactions().find(first.interaction()).orElseThrow();
    assertThat(stored.attachments()).containsExactly(described, second);
    assertThat(stored.text()).isEqualTo("So sieht der Router aus");
    assertThat(stored.revisions()).as("the text did not change").isEmpty();
    assertThat(stored.edited()).isTrue();
    assertThat(crm.ingest(telegram("c1:1", "c1").text("So sieht der Router aus").addAttachment(described)
        .addAttachment(second).edited(true).build()).outcome()).isEqualTo(IngestResult.Outcome.DUPLICATE);
  }

  @Test
  void markDeleted_keepsTheMessageMarked_auditsItOnItsCase_once_andIgnoresOneNeverHeard() {
    IngestResult first = crm.ingest(telegram("c1:1", "c1").text("Router fehlt").build());
    Instant deletedOnThePlatform = T0.plus(Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(3));

    assertThat(crm.markDeleted(first.interaction(), deletedOnThePlatform)).isTrue();

    Interaction stored = stores.interactions().find(first.interaction()).orElseThrow();
    assertThat(stored.deletedAt()).isEqualTo(deletedOnThePlatform);
    assertThat(stored.text()).as("kept for the case's record").isEqualTo("Router fehlt");
    assertThat(stores.cases().find(first.caseId()).orElseThrow().audit()).last().satisfies(e -> {
      assertThat(e.action()).isEqualTo("MESSAGE_DELETED");
      assertThat(e.channel()).isEqualTo(ChannelId.TELEGRAM);
      assertThat(e.at()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
    });
    assertThat(events).filteredOn(InteractionDeleted.class::isInstance).singleElement()
        .isEqualTo(new InteractionDeleted(T0.plus(Duration.ofMinutes(3)), first.interaction(), deletedOnThePlatform));

    int auditEntries = stores.cases().find(first.caseId()).orElseThrow().audit().size();
    assertThat(crm.markDeleted(first.interaction(), T0.plus(Duration.ofHours(1)))).as("marked before").isFalse();
    assertThat(stores.interactions().find(first.interaction()).orElseThrow().deletedAt())
        .isEqualTo(deletedOnThePlatform);
    assertThat(stores.cases().find(first.caseId()).orElseThrow().audit()).hasSize(auditEntries);
    assertThat(crm.markDeleted(InteractionId.of(ChannelId.TELEGRAM, "c1:99"), T0)).as("never heard").isFalse();
    // a redelivery of the deleted message changes nothing
    assertThat(crm.ingest(telegram("c1:1", "c1").text("Router fehlt").build()).outcome())
        .isEqualTo(IngestResult.Outcome.DUPLICATE);
    assertThat(stores.interactions().find(first.interaction()).orElseThrow().deletedAt()).isNotNull();
  }

  @Test
  void markDeleted_thatCouldNotWriteTheCase_isCompletedByItsRepeat_onceOnly() {
    java.util.concurrent.atomic.AtomicBoolean caseStoreDown = new java.util.concurrent.atomic.AtomicBoolean();
    Stores flaky = updatesFailingWhile(caseStoreDown, "cases", io.scrm.core.store.CaseStore.class);
    SocialCrm engine = SocialCrm.builder().clock(clock).stores(flaky).build();
    engine.events().subscribeAll(events::add);
    IngestResult first = engine.ingest(telegram("c1:1", "c1").build());
    caseStoreDown.set(true);

    assertThatThrownBy(() -> engine.markDeleted(first.interaction(), T0))
        .isInstanceOf(StoreDown.class);
    assertThat(stores.interactions().find(first.interaction()).orElseThrow().deletedAt()).isEqualTo(T0);

    caseStoreDown.set(false);
    assertThat(engine.markDeleted(first.interaction(), T0.plusSeconds(5))).as("completed by the repeat").isTrue();
    assertThat(engine.markDeleted(first.interaction(), T0.plusSeconds(9))).as("recorded before").isFalse();

    assertThat(stores.cases().find(first.caseId()).orElseThrow().audit())
        .filteredOn(e -> e.action().equals("MESSAGE_DELETED")).singleElement()
        .satisfies(e -> assertThat(e.note()).isEqualTo(first.interaction().value()));
    assertThat(events).filteredOn(InteractionDeleted.class::isInstance).singleElement()
        .extracting(e -> ((InteractionDeleted) e).deletedAt()).isEqualTo(T0);
    assertThat(stores.interactions().find(first.interaction()).orElseThrow().deletedAt()).isEqualTo(T0);
  }

  /** A store that is down for a while. */
  private static final class StoreDown extends io.scrm.core.store.StoreException {
    private static final long serialVersionUID = 1L;

    StoreDown() {
      super("store unavailable");
    }
  }

  /** The stores, with one of them ({@code accessor}, of {@code type}) failing updates while {@code down} is set. */
  private Stores updatesFailingWhile(java.util.concurrent.atomic.AtomicBoolean down, String accessor, Class<?> type) {
    return (Stores) java.lang.reflect.Proxy.newProxyInstance(Stores.class.getClassLoader(),
        new Class<?>[] {Stores.class}, (proxy, method, args) -> {
          if (!method.getName().equals(accessor)) {
            return invoke(method, stores, args);
          }
          Object real = invoke(method, stores, args);
          return java.lang.reflect.Proxy.newProxyInstance(Stores.class.getClassLoader(), new Class<?>[] {type},
              (p, m, a) -> {
                if (m.getName().equals("update") && down.get()) {
                  throw new StoreDown();
                }
                return invoke(m, real, a);
              });
        });
  }

  private static @Nullable Object invoke(java.lang.reflect.Method method, Object target, Object @Nullable [] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void markDeleted_beforeItsMessage_isRecordedWhenTheMessageArrives_withinTwoDays() {
    InteractionId early = InteractionId.of(ChannelId.TELEGRAM, "c1:1");
    assertThat(crm.markDeleted(early, T0)).as("nothing stored yet").isFalse();

    IngestResult first = crm.ingest(telegram("c1:1", "c1").build());

    assertThat(first.outcome()).isEqualTo(IngestResult.Outcome.CREATED);
    assertThat(stores.interactions().find(early).orElseThrow().deletedAt()).isEqualTo(T0);
    assertThat(stores.cases().find(first.caseId()).orElseThrow().audit())
        .extracting(io.scrm.core.model.AuditEntry::action).containsExactly("OPEN", "MESSAGE_DELETED");
    assertThat(events).filteredOn(InteractionDeleted.class::isInstance).hasSize(1);

    InteractionId late = InteractionId.of(ChannelId.TELEGRAM, "c2:1");
    crm.markDeleted(late, T0);
    clock.advance(io.scrm.core.store.EarlyDeletionStore.DEFAULT_RETENTION.plusMinutes(1));
    crm.ingest(telegram("c2:1", "c2").build());
    assertThat(stores.interactions().find(late).orElseThrow().deletedAt()).as("forgotten after two days").isNull();
  }

  @Test
  void markDeleted_beforeItsMessage_isRecordedByAnotherEngineOnTheSameStores_andOnlyOnce() {
    InteractionId early = InteractionId.of(ChannelId.TELEGRAM, "c1:1");
    assertThat(crm.markDeleted(early, T0)).isFalse();
    SocialCrm restarted = SocialCrm.builder().clock(clock).stores(stores).build();

    IngestResult first = restarted.ingest(telegram("c1:1", "c1").build());

    assertThat(stores.interactions().find(early).orElseThrow().deletedAt()).isEqualTo(T0);
    assertThat(stores.earlyDeletions().find(early, clock.instant())).as("forgotten once recorded").isEmpty();
    restarted.ingest(telegram("c1:1", "c1").build());
    crm.ingest(telegram("c1:1", "c1").build());
    assertThat(stores.cases().find(first.caseId()).orElseThrow().audit())
        .extracting(io.scrm.core.model.AuditEntry::action).containsExactly("OPEN", "MESSAGE_DELETED");
  }

  @Test
  void markDeleted_whoseMessageIsStoredWhileItKeepsTheDeletion_marksTheMessageItself() {
    InteractionId id = InteractionId.of(ChannelId.TELEGRAM, "c1:1");
    SocialCrm other = SocialCrm.builder().clock(clock).stores(stores).build();
    java.util.concurrent.atomic.AtomicBoolean raced = new java.util.concurrent.atomic.AtomicBoolean();
    io.scrm.core.store.EarlyDeletionStore keeping = (io.scrm.core.store.EarlyDeletionStore)
        java.lang.reflect.Proxy.newProxyInstance(Stores.class.getClassLoader(),
            new Class<?>[] {io.scrm.core.store.EarlyDeletionStore.class}, (proxy, method, args) -> {
              if (method.getName().equals("remember") && raced.compareAndSet(false, true)) {
                // the message arrives at another instance after this one looked for it, and that
                // instance looks for early deletions before this one has kept it
                other.ingest(telegram("c1:1", "c1").build());
              }
              return invoke(method, stores.earlyDeletions(), args);
            });
    Stores racing = (Stores) java.lang.reflect.Proxy.newProxyInstance(Stores.class.getClassLoader(),
        new Class<?>[] {Stores.class}, (proxy, method, args) -> method.getName().equals("earlyDeletions")
            ? keeping : invoke(method, stores, args));

    assertThat(SocialCrm.builder().clock(clock).stores(racing).build().markDeleted(id, T0)).isTrue();

    assertThat(raced).isTrue();
    assertThat(stores.interactions().find(id).orElseThrow().deletedAt()).isEqualTo(T0);
    assertThat(stores.earlyDeletions().find(id, clock.instant())).isEmpty();
  }

  @Test
  void markDeleted_whenTheStoresCannotKeepTheEarlyDeletion_failsSoThePlatformDeliversItAgain() {
    Stores broken = (Stores) java.lang.reflect.Proxy.newProxyInstance(Stores.class.getClassLoader(),
        new Class<?>[] {Stores.class}, (proxy, method, args) -> {
          if (method.getName().equals("earlyDeletions")) {
            throw new StoreDown();
          }
          return invoke(method, stores, args);
        });
    SocialCrm engine = SocialCrm.builder().clock(clock).stores(broken).build();

    assertThatThrownBy(() -> engine.markDeleted(InteractionId.of(ChannelId.TELEGRAM, "c1:1"), T0))
        .isInstanceOf(io.scrm.core.store.StoreException.class);
    assertThat(engine.ingest(telegram("c1:1", "c1").build()).outcome())
        .as("a message is stored though early deletions cannot be read").isEqualTo(IngestResult.Outcome.CREATED);
  }

  @Test
  void anEarlyDeletionThatCannotBeRecordedWithItsMessage_staysForTheMessagesNextDelivery() {
    java.util.concurrent.atomic.AtomicBoolean updatesFail = new java.util.concurrent.atomic.AtomicBoolean();
    Stores flaky = updatesFailingWhile(updatesFail, "interactions", io.scrm.core.store.InteractionStore.class);
    SocialCrm engine = SocialCrm.builder().clock(clock).stores(flaky).build();
    InteractionId id = InteractionId.of(ChannelId.TELEGRAM, "c1:1");
    engine.markDeleted(id, T0);
    updatesFail.set(true);

    assertThat(engine.ingest(telegram("c1:1", "c1").build()).outcome())
        .as("the message is stored all the same").isEqualTo(IngestResult.Outcome.CREATED);
    assertThat(stores.interactions().find(id).orElseThrow().deletedAt()).isNull();

    updatesFail.set(false);
    assertThat(engine.ingest(telegram("c1:1", "c1").build()).outcome()).isEqualTo(IngestResult.Outcome.DUPLICATE);
    assertThat(stores.interactions().find(id).orElseThrow().deletedAt()).isEqualTo(T0);
  }

  @Test
  void ingest_ofAMessageAlreadyMarkedDeleted_isRefused() {
    assertThatThrownBy(() -> crm.ingest(telegram("c1:1", "c1").deletedAt(T0).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("markDeleted");
    assertThat(stores.interactions().count()).isZero();
  }

  @Test
  void ingest_edit_updatesTextAndKeepsHistory() {
    IngestResult first = crm.ingest(telegram("c1:1", "c1").text("Router fehlt").build());
    clock.advance(Duration.ofMinutes(2));

    IngestResult edit = crm.ingest(telegram("c1:1", "c1").text("Router fehlt seit 3 Wochen").edited(true).build());

    assertThat(edit.outcome()).isEqualTo(IngestResult.Outcome.EDITED);
    assertThat(edit.caseId()).isEqualTo(first.caseId());
    Interaction stored = stores.interactions().find(first.interaction()).orElseThrow();
    assertThat(stored.text()).isEqualTo("Router fehlt seit 3 Wochen");
    assertThat(stored.edited()).isTrue();
    assertThat(stored.revisions()).singleElement().satisfies(r -> {
      assertThat(r.text()).isEqualTo("Router fehlt");
      assertThat(r.replacedAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
    });
    assertThat(events).hasAtLeastOneElementOfType(InteractionEdited.class);
    assertThat(crm.ingest(telegram("c1:1", "c1").text("Router fehlt seit 3 Wochen").edited(true).build()).outcome())
        .as("the same edit redelivered").isEqualTo(IngestResult.Outcome.DUPLICATE);
    assertThat(stores.interactions().find(first.interaction()).orElseThrow().revisions()).hasSize(1);
  }

  @Test
  void ingest_secondMessageInThread_joinsOpenCase() {
    IngestResult first = crm.ingest(telegram("c1:1", "c1").build());
    IngestResult second = crm.ingest(telegram("c1:2", "c1").text("Hallo??").build());

    assertThat(second.caseId()).isEqualTo(first.caseId());
    Case c = crm.findCase(first.caseId()).orElseThrow();
    assertThat(c.interactions()).containsExactly(first.interaction(), second.interaction());
    assertThat(c.audit()).extracting(e -> e.action()).containsExactly("OPEN", "MESSAGE");
    assertThat(events).hasAtLeastOneElementOfType(CaseUpdated.class);
  }

  @Test
  void ingest_otherThread_opensOtherCaseForSameContact() {
    IngestResult a = crm.ingest(telegram("c1:1", "c1").build());
    IngestResult b = crm.ingest(telegram("c2:1", "c2").build());
    assertThat(b.caseId()).isNotEqualTo(a.caseId());
    assertThat(b.contact()).isEqualTo(a.contact());
    assertThat(stores.cases().findByContact(a.contact())).hasSize(2);
  }

  @Test
  void ingest_handleWithSameNameAsExistingCustomer_isNeverLinkedOnItsOwn() {
    Contact customer = stores.contacts().create(Contact.builder(ContactId.of("kunde-4711"), T0)
        .displayName("Jürgen Hoffmann")
        .addContactPoint(new ContactPoint(ContactPointType.EMAIL, "juergen@example.de", Provenance.CONTRACT, T0))
        .build());

    IngestResult r = crm.ingest(Interaction.inbound(ChannelId.EMAIL, "<m1@example.de>").thread("<m1@example.de>")
        .author("juergen@example.de", "Jürgen Hoffmann").text("Hallo").occurredAt(T0).build());

    assertThat(r.contact()).isNotEqualTo(customer.id());
    assertThat(stores.contacts().find(r.contact()).orElseThrow().pseudonymous()).isTrue();
  }

  @Test
  void ingest_routerChoosesLead_createsLeadAndFollowUpJoinsIt() {
    SocialCrm sales = SocialCrm.builder().clock(clock).stores(stores).intakeRouter((m, c) ->
        new IntakeDecision(IntakeDecision.Target.LEAD, CaseType.QUESTION, Priority.HIGH, "vertrieb", "berater-koeln",
            10, List.of("hausbau"), "rule hausbau")).build();
    sales.events().subscribeAll(events::add);
    Interaction inquiry = Interaction.inbound(ChannelId.MASTODON, "111").thread("111").author("anna@bau.social", null)
        .text("Wir bauen ein Haus und suchen einen Berater").occurredAt(T0).visibility(Visibility.PUBLIC)
        .kind(InteractionKind.MENTION).campaignCode("HAUSBAU").build();

    IngestResult r = sales.ingest(inquiry);
    IngestResult followUp = sales.ingest(Interaction.inbound(ChannelId.MASTODON, "112").thread("111")
        .author("anna@bau.social", null).text("Gerne per DM").occurredAt(T0).inReplyTo("111").build());

    assertThat(r.caseId()).isNull();
    assertThat(r.leadId()).isNotNull();
    var lead = stores.leads().find(r.leadId()).orElseThrow();
    assertThat(lead.campaign()).isEqualTo("HAUSBAU");
    assertThat(lead.queue()).isEqualTo("vertrieb");
    assertThat(lead.owner()).isEqualTo("berater-koeln");
    assertThat(lead.score()).isEqualTo(10);
    assertThat(followUp.leadId()).isEqualTo(r.leadId());
    assertThat(stores.leads().find(r.leadId()).orElseThrow().interactions()).hasSize(2);
    assertThat(stores.cases().count()).isZero();
    assertThat(events).hasAtLeastOneElementOfType(LeadCreated.class);
  }

  @Test
  void ingest_followUpJoiningLead_keepsItsTouchesAndCountedEvents() {
    SocialCrm sales = SocialCrm.builder().clock(clock).stores(stores).intakeRouter((m, c) ->
        new IntakeDecision(IntakeDecision.Target.LEAD, CaseType.QUESTION, Priority.HIGH, "vertrieb", null,
            20, List.of(), "rule neubau")).build();
    IngestResult first = sales.ingest(Interaction.inbound(ChannelId.MASTODON, "s-1").thread("s-1")
        .author("bauherr@koeln.social", null).occurredAt(T0)
        .text("Unser Neubau: https://example.de/neubau?utm_source=mastodon&utm_campaign=hausbau24").build());
    sales.scoreLead(first.leadId(), "webinar-12", 25);
    Lead before = stores.leads().find(first.leadId()).orElseThrow();

    IngestResult followUp = sales.ingest(Interaction.inbound(ChannelId.MASTODON, "s-2").thread("s-2")
        .inReplyTo("s-1").author("bauherr@koeln.social", null).occurredAt(T0).text("Haben Sie noch Fragen?")
        .build());

    Lead joined = stores.leads().find(first.leadId()).orElseThrow();
    assertThat(followUp.leadId()).isEqualTo(first.leadId());
    assertThat(before.firstTouch()).isNotNull();
    assertThat(joined.firstTouch()).isEqualTo(before.firstTouch());
    assertThat(joined.lastTouch()).isEqualTo(before.lastTouch());
    assertThat(joined.scoredEvents()).isEqualTo(before.scoredEvents());
    assertThat(sales.scoreLead(first.leadId(), "webinar-12", 25).score())
        .as("an event counted before the follow-up counts once").isEqualTo(before.score());
  }

  @Test
  void ingest_routerThrows_opensUnroutedCase() {
    SocialCrm broken = SocialCrm.builder().clock(clock).stores(stores)
        .intakeRouter((m, c) -> { throw new IllegalStateException("boom"); }).build();
    IngestResult r = broken.ingest(telegram("c1:1", "c1").build());
    assertThat(broken.findCase(r.caseId()).orElseThrow().queue()).isNull();
  }

  @Test
  void ingest_outboundInteraction_isRejected() {
    assertThatThrownBy(() -> crm.ingest(Interaction.outbound(ChannelId.TELEGRAM, "9").thread("c1").author("bot", null)
        .occurredAt(T0).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INBOUND");
  }

  @Test
  void ingest_interactionStoredButNotAttached_isRepairedByRedelivery() {
    Interaction orphan = telegram("c1:1", "c1").build();
    stores.interactions().create(orphan); // as if the process crashed right after storing it

    IngestResult r = crm.ingest(orphan);

    assertThat(r.caseId()).isNotNull();
    assertThat(crm.findCase(r.caseId()).orElseThrow().interactions()).containsExactly(orphan.id());
    assertThat(stores.contacts().find(r.contact())).isPresent();
  }

  @Test
  void eventListener_throwing_doesNotUndoIngest() {
    crm.events().subscribe(CaseOpened.class, e -> { throw new IllegalStateException("listener bug"); });
    IngestResult r = crm.ingest(telegram("c1:1", "c1").build());
    assertThat(crm.findCase(r.caseId())).isPresent();
    assertThat(events).hasAtLeastOneElementOfType(InteractionIngested.class);
  }
}
