package io.scrm.testing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.Identity;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.Lead;
import io.scrm.core.model.LeadId;
import io.scrm.core.model.LeadStage;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Provenance;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.DuplicateKeyException;
import io.scrm.core.store.StaleVersionException;
import io.scrm.core.store.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Stores} implementation must pass. Extend it and implement {@link
 * #newStores()}; each test gets fresh, empty stores.
 *
 * <p>It checks the versioning rules (create at 1, update at +1, stale writes fail and change nothing),
 * the unique keys (ids, one open case per thread, outbox idempotency keys), the queries and their
 * order, and that concurrent writers never lose an update.
 *
 * @since 0.1.0
 */
public abstract class StoresContract {
  /** A fixed time the fixtures use. */
  protected static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

  private Stores stores;

  /** Creates the contract. */
  protected StoresContract() {}

  /**
   * Returns new, empty stores for one test.
   *
   * @return the stores under test
   */
  protected abstract Stores newStores();

  @BeforeEach
  void createStores() {
    stores = newStores();
  }

  /**
   * Returns the stores of the current test.
   *
   * @return the stores
   */
  protected final Stores stores() {
    return stores;
  }

  private static Contact contact(String id) {
    return Contact.builder(ContactId.of(id), T0).displayName("Jürgen Hoffmann").build();
  }

  private static Interaction interaction(String externalId, String thread, String author, Instant at) {
    return Interaction.inbound(ChannelId.TELEGRAM, externalId).thread(thread).author(author, null)
        .text("Störung?").occurredAt(at).build();
  }

  private static Case openCase(String id, String thread, Instant at, String... interactionIds) {
    Interaction first = interaction(interactionIds.length == 0 ? id + "-m" : interactionIds[0], thread, "u", at);
    Case c = Case.open(CaseId.of(id), ContactId.of("c-" + thread), first, CaseType.QUESTION, Priority.NORMAL, at);
    for (int i = 1; i < interactionIds.length; i++) {
      c = c.withInteraction(InteractionId.of(ChannelId.TELEGRAM, interactionIds[i]),
          new AuditEntry(at, Actor.SYSTEM, "MESSAGE", null, null, ChannelId.TELEGRAM, null, null));
    }
    return c;
  }

  /** A message in a conversation of its own (the thread {@code t-<id>}). */
  private static OutboundMessage outbound(String id, String key, Instant at) {
    return outbound(id, key, "t-" + id, at);
  }

  /** A message in the given thread, or starting a conversation with {@code c1} if the thread is null. */
  private static OutboundMessage outbound(String id, String key, @Nullable String thread, Instant at) {
    OutboundMessage m = OutboundMessage.pending(OutboundId.of(id), null, ContactId.of("c1"), ChannelId.EMAIL, thread,
        null, Visibility.PRIVATE, "Hallo", "service-reply", at);
    return new OutboundMessage(m.id(), m.caseId(), m.recipient(), m.channel(), m.threadId(), m.inReplyTo(),
        m.visibility(), m.text(), m.attachments(), m.purpose(), key, m.status(), m.attempts(), m.providerId(),
        m.lastError(), m.createdAt(), m.nextAttemptAt(), 0);
  }

  @Test
  void create_newEntity_storesVersionOne() {
    Contact stored = stores.contacts().create(contact("c1"));
    assertThat(stored.version()).isEqualTo(1);
    assertThat(stores.contacts().find(ContactId.of("c1"))).contains(stored);
    assertThat(stores.contacts().count()).isEqualTo(1);
  }

  @Test
  void create_nonZeroVersion_isRejected() {
    assertThatThrownBy(() -> stores.contacts().create(contact("c1").withVersion(3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(stores.contacts().count()).isZero();
  }

  @Test
  void create_existingId_throwsDuplicateAndKeepsOriginal() {
    Contact first = stores.contacts().create(contact("c1"));
    assertThatThrownBy(() -> stores.contacts().create(contact("c1").toBuilder().displayName("Other").build()))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(stores.contacts().find(ContactId.of("c1"))).contains(first);
  }

  @Test
  void update_currentVersion_incrementsVersion() {
    Contact v1 = stores.contacts().create(contact("c1"));
    Contact v2 = stores.contacts().update(v1.toBuilder().owner("agent-anna").build());
    assertThat(v2.version()).isEqualTo(2);
    assertThat(stores.contacts().find(v1.id()).orElseThrow().owner()).isEqualTo("agent-anna");
  }

  @Test
  void update_staleVersion_throwsTypedAndChangesNothing() {
    Contact v1 = stores.contacts().create(contact("c1"));
    Contact v2 = stores.contacts().update(v1.toBuilder().owner("agent-anna").build());

    assertThatThrownBy(() -> stores.contacts().update(v1.toBuilder().owner("agent-ben").build()))
        .isInstanceOfSatisfying(StaleVersionException.class, e -> {
          assertThat(e.entity()).isEqualTo("contact");
          assertThat(e.id()).isEqualTo("c1");
          assertThat(e.expectedVersion()).isEqualTo(1);
          assertThat(e.actualVersion()).isEqualTo(2);
        });
    assertThat(stores.contacts().find(v1.id())).contains(v2);
  }

  @Test
  void update_missingEntity_throwsStale() {
    assertThatThrownBy(() -> stores.contacts().update(contact("ghost").withVersion(1)))
        .isInstanceOfSatisfying(StaleVersionException.class, e -> assertThat(e.actualVersion()).isEqualTo(-1));
  }

  @Test
  void delete_removesEntityAndItsIndexEntries() {
    Contact c = stores.contacts().create(contact("c1").toBuilder()
        .addContactPoint(new ContactPoint(ContactPointType.EMAIL, "j@example.de", Provenance.FORM, T0)).build());
    assertThat(stores.contacts().delete(c.id())).isTrue();
    assertThat(stores.contacts().delete(c.id())).isFalse();
    assertThat(stores.contacts().find(c.id())).isEmpty();
    assertThat(stores.contacts().findByContactPoint(ContactPointType.EMAIL, "j@example.de")).isEmpty();
  }

  @Test
  void contacts_findByContactPoint_matchesEmailCaseInsensitively() {
    stores.contacts().create(contact("c1").toBuilder()
        .addContactPoint(new ContactPoint(ContactPointType.EMAIL, "Juergen@Example.de", Provenance.FORM, T0)).build());
    stores.contacts().create(contact("c2"));
    assertThat(stores.contacts().findByContactPoint(ContactPointType.EMAIL, "juergen@example.DE"))
        .extracting(Contact::id).containsExactly(ContactId.of("c1"));
    assertThat(stores.contacts().findByContactPoint(ContactPointType.PHONE, "juergen@example.de")).isEmpty();
  }

  @Test
  void identities_existingHandle_isDuplicateWhoseMessageDoesNotNameTheHandle() {
    IdentityKey mail = IdentityKey.of(ChannelId.EMAIL, "sabine.krueger@example.de");
    stores.identities().create(Identity.of(mail, null, ContactId.of("c1"), T0));

    assertThatThrownBy(() -> stores.identities().create(Identity.of(mail, null, ContactId.of("c2"), T0)))
        .isInstanceOfSatisfying(DuplicateKeyException.class, e -> {
          assertThat(e.entity()).isEqualTo("identity");
          assertThat(e.key()).contains("sabine.krueger@example.de");
          // messages end up in logs: the handle is personal data
          assertThat(e.getMessage()).contains("identity").doesNotContain("sabine").doesNotContain("example.de");
        });
    assertThat(stores.identities().findContactId(mail)).contains(ContactId.of("c1"));
  }

  @Test
  void identities_staleUpdate_messageDoesNotNameTheHandle() {
    IdentityKey mail = IdentityKey.of(ChannelId.EMAIL, "sabine.krueger@example.de");
    Identity first = stores.identities().create(Identity.of(mail, null, ContactId.of("c1"), T0));
    stores.identities().update(first.withContact(ContactId.of("c2")));

    assertThatThrownBy(() -> stores.identities().update(first.withContact(ContactId.of("c3"))))
        .isInstanceOfSatisfying(StaleVersionException.class, e -> {
          assertThat(e.id()).contains("sabine.krueger@example.de");
          assertThat(e.getMessage()).contains("identity").doesNotContain("sabine").doesNotContain("example.de");
        });
    assertThat(stores.identities().findContactId(mail)).contains(ContactId.of("c2"));
  }

  @Test
  void identities_findByContact_followsRelinking() {
    IdentityKey tg = IdentityKey.of(ChannelId.TELEGRAM, "1001");
    IdentityKey x = IdentityKey.of(ChannelId.X, "1850000000000000001");
    Identity a = stores.identities().create(Identity.of(tg, "Jürgen", ContactId.of("c1"), T0));
    stores.identities().create(Identity.of(x, null, ContactId.of("c1"), T0));
    assertThat(stores.identities().findByContact(ContactId.of("c1"))).extracting(Identity::key).containsExactly(tg, x);

    stores.identities().update(a.withContact(ContactId.of("c2")));

    assertThat(stores.identities().findByContact(ContactId.of("c1"))).extracting(Identity::key).containsExactly(x);
    assertThat(stores.identities().findByContact(ContactId.of("c2"))).extracting(Identity::key).containsExactly(tg);
  }

  @Test
  void identities_findContactId_followsCreateRelinkingAndDelete() {
    IdentityKey tg = IdentityKey.of(ChannelId.TELEGRAM, "1002");
    IdentityKey other = IdentityKey.of(ChannelId.TELEGRAM, "10020");
    assertThat(stores.identities().findContactId(tg)).isEmpty();

    Identity a = stores.identities().create(Identity.of(tg, "Jürgen", ContactId.of("c1"), T0));
    stores.identities().create(Identity.of(other, null, ContactId.of("c3"), T0));
    assertThat(stores.identities().findContactId(tg)).contains(ContactId.of("c1"));

    stores.identities().update(a.withContact(ContactId.of("c2")));
    assertThat(stores.identities().findContactId(tg)).contains(ContactId.of("c2"));

    stores.identities().delete(tg);
    assertThat(stores.identities().findContactId(tg)).isEmpty();
    assertThat(stores.identities().findContactId(other)).contains(ContactId.of("c3"));
  }

  @Test
  void interactions_sameChannelAndExternalId_isDuplicate() {
    stores.interactions().create(interaction("1", "t", "u", T0));
    assertThatThrownBy(() -> stores.interactions().create(interaction("1", "other", "v", T0)))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(stores.interactions().find(InteractionId.of(ChannelId.TELEGRAM, "1")).orElseThrow().threadId())
        .isEqualTo("t");
  }

  @Test
  void interactions_files_readBackWithTheirDescriptionsInOrder() {
    Interaction sent = Interaction.inbound(ChannelId.MASTODON, "113447301000000042").thread("t").author("kathrin", null)
        .text("So sieht es aus").occurredAt(T0)
        .addAttachment(new Attachment("image", "https://files.norden.social/original/router.jpg", null, null,
            "Router mit roter LED „PON“ im Flur"))
        .addAttachment(new Attachment("image", "https://files.norden.social/original/dose.jpg", "image/jpeg", 48_213L))
        .build();

    stores.interactions().create(sent);

    assertThat(stores.interactions().find(sent.id()).orElseThrow().attachments())
        .containsExactlyElementsOf(sent.attachments());
  }

  @Test
  void interactions_deletionMark_readsBack() {
    Interaction stored = stores.interactions().create(interaction("del-1", "t", "u", T0));

    stores.interactions().update(stored.toBuilder().deletedAt(T0.plusSeconds(90)).build());

    assertThat(stores.interactions().find(stored.id()).orElseThrow().deletedAt()).isEqualTo(T0.plusSeconds(90));
  }

  @Test
  void interactions_findByThreadAndAuthor_orderedByOccurrence() {
    stores.interactions().create(interaction("3", "t", "u", T0.plusSeconds(30)));
    stores.interactions().create(interaction("1", "t", "v", T0.plusSeconds(10)));
    stores.interactions().create(interaction("2", "t", "u", T0.plusSeconds(20)));
    stores.interactions().create(interaction("4", "other", "u", T0));

    assertThat(stores.interactions().findByThread(ChannelId.TELEGRAM, "t")).extracting(Interaction::externalId)
        .containsExactly("1", "2", "3");
    assertThat(stores.interactions().findByAuthor(IdentityKey.of(ChannelId.TELEGRAM, "u")))
        .extracting(Interaction::externalId).containsExactly("4", "2", "3");
  }

  @Test
  void cases_secondOpenCaseForThread_isDuplicate() {
    stores.cases().create(openCase("k1", "t", T0));
    assertThatThrownBy(() -> stores.cases().create(openCase("k2", "t", T0)))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(stores.cases().count()).isEqualTo(1);
  }

  @Test
  void cases_secondOpenCaseOfAThreadNamedByAnAddress_noMessageOfTheExceptionOrItsCausesNamesIt() {
    // an e-mail thread may be named by the customer's address; messages, causes included, end up in logs
    Interaction mail = Interaction.inbound(ChannelId.EMAIL, "<m1@mail.example.de>").thread("sabine.krueger@example.de")
        .author("sabine.krueger@example.de", null).text("Rechnung falsch").occurredAt(T0).build();
    stores.cases().create(Case.open(CaseId.of("k1"), ContactId.of("c1"), mail, CaseType.QUESTION, Priority.NORMAL, T0));

    assertThatThrownBy(() -> stores.cases().create(Case.open(CaseId.of("k2"), ContactId.of("c1"), mail,
        CaseType.QUESTION, Priority.NORMAL, T0)))
        .isInstanceOfSatisfying(DuplicateKeyException.class, e -> {
          assertThat(e.key()).contains("sabine.krueger@example.de");
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as("message of %s", t.getClass().getName())
                .doesNotContain("sabine").doesNotContain("example.de");
          }
        });
  }

  @Test
  void cases_deleteAtTheVersionRead_deletesOnlyACaseUnchangedSince_andFreesItsLookUps() {
    Case read = stores.cases().create(openCase("k1", "t", T0, "m1"));
    Case changed = stores.cases().update(read.withInteraction(InteractionId.of(ChannelId.TELEGRAM, "m2"),
        new AuditEntry(T0, Actor.SYSTEM, "REPLY_SENT", null, null, ChannelId.TELEGRAM, null, "o-1")));

    assertThatThrownBy(() -> stores.cases().delete(read.id(), read.version()))
        .isInstanceOf(StaleVersionException.class);
    assertThat(stores.cases().find(read.id())).contains(changed);

    assertThat(stores.cases().delete(changed.id(), changed.version())).isTrue();
    assertThat(stores.cases().find(read.id())).isEmpty();
    assertThat(stores.cases().findOpenByThread(ChannelId.TELEGRAM, "t")).isEmpty();
    assertThat(stores.cases().findByInteraction(InteractionId.of(ChannelId.TELEGRAM, "m2"))).isEmpty();
    assertThat(stores.cases().delete(changed.id(), changed.version())).as("gone").isFalse();
    assertThat(stores.cases().count()).isZero();
  }

  @Test
  void cases_closedCase_freesThreadForNewCase() {
    Case k1 = stores.cases().create(openCase("k1", "t", T0));
    stores.cases().update(k1.withState(CaseState.CLOSED, false,
        new AuditEntry(T0, Actor.agent("anna"), "CLOSE", CaseState.NEW, CaseState.CLOSED, null, null, "cmd-1")));
    Case k2 = stores.cases().create(openCase("k2", "t", T0.plusSeconds(60)));

    assertThat(stores.cases().findOpenByThread(ChannelId.TELEGRAM, "t")).contains(k2);
    assertThat(stores.cases().findLatestByThread(ChannelId.TELEGRAM, "t")).contains(k2);
    assertThat(stores.cases().findOpen()).containsExactly(k2);
  }

  @Test
  void cases_sameThreadOnTwoChannels_areTwoThreads() {
    Case onTelegram = stores.cases().create(openCase("k1", "t", T0));
    Interaction toot = Interaction.inbound(ChannelId.MASTODON, "m-1").thread("t").author("u", null).text("Störung?")
        .occurredAt(T0).build();
    Case onMastodon = stores.cases().create(Case.open(CaseId.of("k2"), ContactId.of("c-t"), toot, CaseType.QUESTION,
        Priority.NORMAL, T0.plusSeconds(1)));

    assertThat(stores.cases().findOpenByThread(ChannelId.TELEGRAM, "t")).contains(onTelegram);
    assertThat(stores.cases().findOpenByThread(ChannelId.MASTODON, "t")).contains(onMastodon);
    assertThat(stores.cases().findOpenByThread(ChannelId.X, "t")).isEmpty();
    assertThat(stores.cases().findLatestByThread(ChannelId.TELEGRAM, "t")).contains(onTelegram);
    assertThat(stores.cases().findLatestByThread(ChannelId.X, "t")).isEmpty();
    assertThat(stores.cases().findOpen()).containsExactly(onTelegram, onMastodon);

    Case closed = stores.cases().update(onTelegram.withState(CaseState.CLOSED, false,
        new AuditEntry(T0, Actor.SYSTEM, "CLOSE", CaseState.NEW, CaseState.CLOSED, null, null, null)));
    assertThat(stores.cases().findOpenByThread(ChannelId.TELEGRAM, "t")).isEmpty();
    assertThat(stores.cases().findLatestByThread(ChannelId.TELEGRAM, "t")).contains(closed);
    assertThat(stores.cases().findOpenByThread(ChannelId.MASTODON, "t")).contains(onMastodon);
    assertThat(stores.cases().findOpen()).containsExactly(onMastodon);
  }

  @Test
  void cases_updateToAnotherThread_movesTheCaseInBothThreadLookups() {
    Case k1 = stores.cases().create(openCase("k1", "t", T0));
    Case moved = stores.cases().update(new Case(k1.id(), k1.contactId(), k1.type(), ChannelId.MASTODON, "t2",
        k1.state(), true, k1.priority(), null, null, 0, k1.interactions(), k1.tags(), k1.audit(), k1.openedAt(),
        k1.updatedAt(), k1.version()));

    assertThat(stores.cases().findOpenByThread(ChannelId.TELEGRAM, "t")).isEmpty();
    assertThat(stores.cases().findLatestByThread(ChannelId.TELEGRAM, "t")).isEmpty();
    assertThat(stores.cases().findOpenByThread(ChannelId.MASTODON, "t2")).contains(moved);
    assertThat(stores.cases().findLatestByThread(ChannelId.MASTODON, "t2")).contains(moved);
    Case next = stores.cases().create(openCase("k2", "t", T0.plusSeconds(5)));
    assertThat(stores.cases().findOpenByThread(ChannelId.TELEGRAM, "t")).contains(next);
    assertThat(stores.cases().findOpen()).containsExactly(moved, next);
  }

  @Test
  void cases_reopeningWhileAnotherIsOpen_isDuplicateAndChangesNothing() {
    Case k1 = stores.cases().create(openCase("k1", "t", T0));
    Case closed = stores.cases().update(k1.withState(CaseState.CLOSED, false,
        new AuditEntry(T0, Actor.SYSTEM, "CLOSE", CaseState.NEW, CaseState.CLOSED, null, null, null)));
    stores.cases().create(openCase("k2", "t", T0));

    assertThatThrownBy(() -> stores.cases().update(closed.withState(CaseState.REOPENED, true,
        new AuditEntry(T0, Actor.SYSTEM, "REOPEN", CaseState.CLOSED, CaseState.REOPENED, null, null, null))))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(stores.cases().find(CaseId.of("k1"))).contains(closed);
  }

  @Test
  void cases_findByInteractionAndContact_followUpdates() {
    Case k1 = stores.cases().create(openCase("k1", "t", T0, "m1"));
    Case k1b = stores.cases().update(k1.withInteraction(InteractionId.of(ChannelId.TELEGRAM, "m2"),
        new AuditEntry(T0, Actor.SYSTEM, "MESSAGE", null, null, ChannelId.TELEGRAM, null, null)));

    assertThat(stores.cases().findByInteraction(InteractionId.of(ChannelId.TELEGRAM, "m2"))).contains(k1b);
    assertThat(stores.cases().findByInteraction(InteractionId.of(ChannelId.TELEGRAM, "m1"))).contains(k1b);
    assertThat(stores.cases().findByContact(ContactId.of("c-t"))).containsExactly(k1b);
    assertThat(stores.cases().find(k1.id()).orElseThrow().audit()).hasSize(2);
  }

  @Test
  void leads_findByInteractionAndContact() {
    Interaction source = interaction("9", "t", "u", T0);
    Lead lead = stores.leads().create(Lead.from(LeadId.of("l1"), ContactId.of("c1"), source, T0));
    assertThat(stores.leads().findByInteraction(source.id())).contains(lead);
    assertThat(stores.leads().findByContact(ContactId.of("c1"))).containsExactly(lead);
    assertThat(stores.leads().findByContact(ContactId.of("c2"))).isEmpty();
  }

  @Test
  void leads_secondOpenLeadOfAProspectInOneThread_isDuplicateAndChangesNothing() {
    Lead first = stores.leads().create(Lead.from(LeadId.of("l1"), ContactId.of("c1"),
        interaction("9", "chat-1", "u", T0), T0));

    assertThatThrownBy(() -> stores.leads().create(Lead.from(LeadId.of("l2"), ContactId.of("c1"),
        interaction("10", "chat-1", "u", T0.plusMillis(1)), T0.plusMillis(1))))
        .isInstanceOf(DuplicateKeyException.class)
        .hasMessageContaining("open lead of thread");
    assertThat(stores.leads().count()).isEqualTo(1);
    assertThat(stores.leads().findOpenByThread(ChannelId.TELEGRAM, "chat-1")).containsExactly(first);
    assertThat(stores.leads().findByInteraction(InteractionId.of(ChannelId.TELEGRAM, "10"))).isEmpty();
  }

  @Test
  void leads_otherProspectOtherThreadOrEndedLead_isNoDuplicate() {
    Lead first = stores.leads().create(Lead.from(LeadId.of("l1"), ContactId.of("c1"),
        interaction("9", "chat-1", "u", T0), T0));
    // another prospect in the same public thread, and the same prospect in another thread
    Lead other = stores.leads().create(Lead.from(LeadId.of("l2"), ContactId.of("c2"),
        interaction("10", "chat-1", "v", T0), T0));
    Lead elsewhere = stores.leads().create(Lead.from(LeadId.of("l3"), ContactId.of("c1"),
        interaction("11", "chat-2", "u", T0), T0));
    // once the first has ended, the thread takes a new lead of its prospect
    Lead lost = stores.leads().update(first.toBuilder().stage(LeadStage.LOST).build());
    Lead next = stores.leads().create(Lead.from(LeadId.of("l4"), ContactId.of("c1"),
        interaction("12", "chat-1", "u", T0.plusSeconds(60)), T0.plusSeconds(60)));

    assertThat(stores.leads().findOpenByThread(ChannelId.TELEGRAM, "chat-1")).containsExactly(other, next);
    assertThat(stores.leads().findOpenByThread(ChannelId.TELEGRAM, "chat-2")).containsExactly(elsewhere);
    assertThat(stores.leads().findOpenByThread(ChannelId.EMAIL, "chat-1")).isEmpty();
    assertThat(stores.leads().find(first.id())).contains(lost);
    // an open lead that stays open in its thread keeps its key through updates
    assertThat(stores.leads().update(next.toBuilder().score(40).build()).score()).isEqualTo(40);
  }

  @Test
  void outbox_messageWithFiles_readsBackWithThemAndTheirDescriptionsInOrder() {
    List<Attachment> files = List.of(
        new Attachment("document", "https://dateien.example.de/retourenschein-4711.pdf", "application/pdf", 81_920L),
        new Attachment("photo", "AgACAgIAAxkBAAIBQ2", null, null, "Foto der Glasfaser-Dose nach dem Tausch"));
    OutboundMessage m = OutboundMessage.pending(OutboundId.of("o-files"), null, ContactId.of("c1"), ChannelId.EMAIL,
        "t-files", null, Visibility.PRIVATE, "", files, "service-reply", T0);

    OutboundMessage stored = stores.outbox().create(m);
    stores.outbox().update(stored.retryLater("HTTP 503", T0.plusSeconds(30)));

    OutboundMessage read = stores.outbox().find(m.id()).orElseThrow();
    assertThat(read.attachments()).containsExactlyElementsOf(files);
    assertThat(read.text()).isEmpty();
  }

  @Test
  void outbox_sameIdempotencyKey_isDuplicate() {
    stores.outbox().create(outbound("o1", "key-1", T0));
    assertThatThrownBy(() -> stores.outbox().create(outbound("o2", "key-1", T0)))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(stores.outbox().count()).isEqualTo(1);
  }

  @Test
  void outbox_updateToAnotherRecipientAndKey_movesTheMessage_andFreesTheOldKey() {
    OutboundMessage o1 = stores.outbox().create(outbound("o1", "key-1", T0));
    OutboundMessage o2 = stores.outbox().create(outbound("o2", "key-2", T0.plusSeconds(1)));
    OutboundMessage moved = stores.outbox().update(new OutboundMessage(o2.id(), null, ContactId.of("c2"), o2.channel(),
        o2.threadId(), null, o2.visibility(), o2.text(), List.of(), o2.purpose(), "key-2b", o2.status(), 0, null,
        null, o2.createdAt(), o2.nextAttemptAt(), o2.version()));

    assertThat(stores.outbox().findByRecipient(ContactId.of("c1"))).containsExactly(o1);
    assertThat(stores.outbox().findByRecipient(ContactId.of("c2"))).containsExactly(moved);
    assertThatThrownBy(() -> stores.outbox().create(outbound("o3", "key-2b", T0)))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(stores.outbox().create(outbound("o3", "key-2", T0)).idempotencyKey()).isEqualTo("key-2");
    assertThat(stores.outbox().delete(moved.id())).isTrue();
    assertThat(stores.outbox().findByRecipient(ContactId.of("c2"))).isEmpty();
    assertThat(stores.outbox().findByRecipient(ContactId.of("c1"))).extracting(OutboundMessage::id)
        .containsExactly(o1.id(), OutboundId.of("o3"));
  }

  @Test
  void outbox_findDue_returnsPendingDueOldestFirstUpToLimit() {
    OutboundMessage o1 = stores.outbox().create(outbound("o1", "k1", T0.plusSeconds(1)));
    OutboundMessage o2 = stores.outbox().create(outbound("o2", "k2", T0));
    OutboundMessage o3 = stores.outbox().create(outbound("o3", "k3", T0.plusSeconds(2)));
    stores.outbox().update(o3.retryLater("HTTP 503", T0.plus(Duration.ofMinutes(5))));
    OutboundMessage o4 = stores.outbox().create(outbound("o4", "k4", T0.plusSeconds(3)));
    stores.outbox().update(o4.sent("p-4"));

    Instant now = T0.plusSeconds(10);
    assertThat(stores.outbox().findDue(now, 10)).extracting(OutboundMessage::id).containsExactly(o2.id(), o1.id());
    assertThat(stores.outbox().findDue(now, 1)).extracting(OutboundMessage::id).containsExactly(o2.id());
    assertThat(stores.outbox().findDue(T0.plus(Duration.ofMinutes(6)), 10)).hasSize(3);
    assertThat(stores.outbox().findByStatus(OutboxStatus.SENT)).extracting(OutboundMessage::id).containsExactly(o4.id());
    assertThat(stores.outbox().findByRecipient(ContactId.of("c1"))).hasSize(4);
  }

  @Test
  void outbox_claimDue_leasesMessagesUntilExpiry() {
    OutboundMessage o1 = stores.outbox().create(outbound("o1", "k1", T0));
    stores.outbox().create(outbound("o2", "k2", T0.plusSeconds(1)));
    Instant now = T0.plusSeconds(10);

    List<OutboundMessage> first = stores.outbox().claimDue(now, now.plusSeconds(30), 1);
    List<OutboundMessage> second = stores.outbox().claimDue(now, now.plusSeconds(30), 10);
    List<OutboundMessage> none = stores.outbox().claimDue(now.plusSeconds(5), now.plusSeconds(35), 10);
    List<OutboundMessage> afterExpiry = stores.outbox().claimDue(now.plusSeconds(31), now.plusSeconds(60), 10);

    assertThat(first).extracting(OutboundMessage::id).containsExactly(o1.id());
    assertThat(first.get(0).nextAttemptAt()).isEqualTo(now.plusSeconds(30));
    assertThat(first.get(0).version()).isEqualTo(o1.version() + 1);
    assertThat(second).extracting(OutboundMessage::id).containsExactly(OutboundId.of("o2"));
    assertThat(none).isEmpty();
    assertThat(afterExpiry).hasSize(2);
    assertThatThrownBy(() -> stores.outbox().claimDue(now, now, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void outbox_conversation_aLaterMessageWaitsWhileAnOlderOneIsPending() {
    OutboundMessage a1 = stores.outbox().create(outbound("a1", "ka1", "thread-a", T0));
    OutboundMessage a2 = stores.outbox().create(outbound("a2", "ka2", "thread-a", T0.plusSeconds(1)));
    OutboundMessage b1 = stores.outbox().create(outbound("b1", "kb1", "thread-b", T0.plusSeconds(2)));
    a1 = stores.outbox().update(a1.retryLater("HTTP 429", T0.plus(Duration.ofMinutes(5))));
    Instant now = T0.plusSeconds(10);

    // a1 waits for its retry, and a2 behind it, though a2 is due
    assertThat(stores.outbox().findDue(now, 10)).extracting(OutboundMessage::id).containsExactly(b1.id());
    assertThat(stores.outbox().claimDue(now, now.plusSeconds(30), 10)).extracting(OutboundMessage::id)
        .containsExactly(b1.id());
    // a1's retry is due, and b1's lease has run out
    Instant later = T0.plus(Duration.ofMinutes(6));
    assertThat(stores.outbox().findDue(later, 10)).extracting(OutboundMessage::id).containsExactly(a1.id(), b1.id());

    stores.outbox().update(a1.sent("p-a1"));
    assertThat(stores.outbox().findDue(later, 10)).extracting(OutboundMessage::id).containsExactly(a2.id(), b1.id());
    assertThat(stores.outbox().findByStatus(OutboxStatus.PENDING)).hasSize(2);
  }

  @Test
  void outbox_conversation_aDeadOrCancelledMessageNoLongerHoldsTheNextBack() {
    OutboundMessage a1 = stores.outbox().create(outbound("a1", "ka1", "thread-a", T0));
    OutboundMessage a2 = stores.outbox().create(outbound("a2", "ka2", "thread-a", T0.plusSeconds(1)));
    OutboundMessage a3 = stores.outbox().create(outbound("a3", "ka3", "thread-a", T0.plusSeconds(2)));
    Instant now = T0.plusSeconds(10);

    stores.outbox().update(a1.ended(OutboxStatus.DEAD, "HTTP 403"));
    assertThat(stores.outbox().findDue(now, 10)).extracting(OutboundMessage::id).containsExactly(a2.id());
    stores.outbox().update(stores.outbox().find(a2.id()).orElseThrow().ended(OutboxStatus.CANCELLED, "consent"));
    assertThat(stores.outbox().claimDue(now, now.plusSeconds(30), 10)).extracting(OutboundMessage::id)
        .containsExactly(a3.id());
  }

  @Test
  void outbox_conversation_withoutAThreadIsTheChannelAndRecipient() {
    OutboundMessage first = stores.outbox().create(outbound("n1", "kn1", null, T0));
    stores.outbox().create(outbound("n2", "kn2", null, T0.plusSeconds(1)));
    OutboundMessage inThread = stores.outbox().create(outbound("n3", "kn3", "thread-c", T0.plusSeconds(2)));

    assertThat(stores.outbox().findDue(T0.plusSeconds(10), 10)).extracting(OutboundMessage::id)
        .containsExactly(first.id(), inThread.id());
  }

  @Test
  void outbox_concurrentClaimsAndSends_sendEachConversationInCreationOrder() throws Exception {
    int conversations = 20;
    int perConversation = 6;
    for (int i = 0; i < conversations * perConversation; i++) {
      // created round-robin, so that every stretch of the queue mixes conversations
      stores.outbox().create(outbound("m" + i, "k" + i, "thread-" + (i % conversations), T0.plusMillis(i)));
    }
    Instant now = T0.plusSeconds(10);
    int claimers = 4;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(claimers);
    // per conversation, the creation times of its messages in the order they were marked sent
    Map<String, List<Instant>> sentOrder = new ConcurrentHashMap<>();
    List<Future<Integer>> futures = new ArrayList<>();
    for (int t = 0; t < claimers; t++) {
      futures.add(pool.submit(() -> {
        start.await();
        int sent = 0;
        int idle = 0;
        while (idle < 50) {
          List<OutboundMessage> batch = stores.outbox().claimDue(now, now.plusSeconds(60), 3);
          idle = batch.isEmpty() ? idle + 1 : 0;
          for (OutboundMessage m : batch) {
            synchronized (sentOrder) {
              sentOrder.computeIfAbsent(m.threadId(), k -> new ArrayList<>()).add(m.createdAt());
            }
            stores.outbox().update(m.sent("p-" + m.id().value()));
            sent++;
          }
          if (batch.isEmpty()) {
            Thread.sleep(1);
          }
        }
        return sent;
      }));
    }
    start.countDown();
    int sent = 0;
    for (Future<Integer> f : futures) {
      sent += f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(sent).isEqualTo(conversations * perConversation);
    assertThat(sentOrder).hasSize(conversations);
    sentOrder.values().forEach(times -> assertThat(times).hasSize(perConversation).isSorted());
  }

  @Test
  void outbox_concurrentClaims_neverClaimOneMessageTwice() throws Exception {
    int messages = 200;
    for (int i = 0; i < messages; i++) {
      stores.outbox().create(outbound("o" + i, "k" + i, T0.plusMillis(i)));
    }
    Instant now = T0.plusSeconds(10);
    int claimers = 4;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(claimers);
    List<Future<List<OutboundMessage>>> futures = new ArrayList<>();
    for (int t = 0; t < claimers; t++) {
      futures.add(pool.submit(() -> {
        start.await();
        List<OutboundMessage> mine = new ArrayList<>();
        List<OutboundMessage> batch;
        while (!(batch = stores.outbox().claimDue(now, now.plusSeconds(60), 7)).isEmpty()) {
          mine.addAll(batch);
        }
        return mine;
      }));
    }
    start.countDown();
    List<OutboundId> claimed = new ArrayList<>();
    for (Future<List<OutboundMessage>> f : futures) {
      f.get(60, TimeUnit.SECONDS).forEach(m -> claimed.add(m.id()));
    }
    pool.shutdown();
    assertThat(claimed).hasSize(messages).doesNotHaveDuplicates();
  }

  @Test
  void concurrentUpdates_withRetry_loseNoUpdate() throws Exception {
    int threads = 4;
    int perThread = 50;
    stores.cases().create(openCase("k1", "t", T0));
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          InteractionId id = InteractionId.of(ChannelId.TELEGRAM, thread + "-" + i);
          while (true) {
            Case current = stores.cases().find(CaseId.of("k1")).orElseThrow();
            try {
              stores.cases().update(current.withInteraction(id,
                  new AuditEntry(T0, Actor.agent("agent-" + thread), "MESSAGE", null, null, null, null, null)));
              break;
            } catch (StaleVersionException retry) {
              // reload and apply again
            }
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    Case result = stores.cases().find(CaseId.of("k1")).orElseThrow();
    Set<InteractionId> ids = new HashSet<>(result.interactions());
    assertThat(ids).hasSize(1 + threads * perThread);
    assertThat(result.audit()).hasSize(1 + threads * perThread);
    assertThat(result.version()).isEqualTo(1 + threads * perThread);
  }

  @Test
  void earlyDeletion_isFoundUntilForgotten_andARepeatKeepsTheFirstTimes() {
    InteractionId message = InteractionId.of(ChannelId.TELEGRAM, "4711:12");
    assertThat(stores.earlyDeletions().find(message, T0)).isEmpty();

    stores.earlyDeletions().remember(message, T0.minusSeconds(30), T0);
    stores.earlyDeletions().remember(message, T0.plusSeconds(60), T0.plusSeconds(90));

    assertThat(stores.earlyDeletions().find(message, T0.plusSeconds(120))).contains(T0.minusSeconds(30));
    assertThat(stores.earlyDeletions().find(InteractionId.of(ChannelId.MASTODON, "4711:12"), T0))
        .as("another channel's message of the same external id").isEmpty();
    assertThat(stores.earlyDeletions().forget(message)).isTrue();
    assertThat(stores.earlyDeletions().find(message, T0.plusSeconds(120))).isEmpty();
    assertThat(stores.earlyDeletions().forget(message)).as("forgotten before").isFalse();
  }

  @Test
  void earlyDeletion_isKeptFor48HoursFromItsFirstHearing() {
    InteractionId message = InteractionId.of(ChannelId.FACEBOOK, "post_1_comment_2");
    stores.earlyDeletions().remember(message, T0, T0);
    stores.earlyDeletions().remember(message, T0, T0.plus(Duration.ofHours(47)));

    assertThat(stores.earlyDeletions().find(message, T0.plus(Duration.ofHours(48)).minusSeconds(1))).contains(T0);
    assertThat(stores.earlyDeletions().find(message, T0.plus(Duration.ofHours(48)))).as("a repeat does not extend it")
        .isEmpty();
  }

  @Test
  void earlyDeletion_pastItsRetention_isDroppedWhenAnotherIsRemembered_andARepeatStartsAfresh() {
    InteractionId old = InteractionId.of(ChannelId.TELEGRAM, "1:1");
    InteractionId fresh = InteractionId.of(ChannelId.TELEGRAM, "2:1");
    stores.earlyDeletions().remember(old, T0, T0);

    stores.earlyDeletions().remember(fresh, T0.plus(Duration.ofHours(49)), T0.plus(Duration.ofHours(49)));

    assertThat(stores.earlyDeletions().find(old, T0.plusSeconds(1))).as("dropped, not only hidden").isEmpty();
    assertThat(stores.earlyDeletions().forget(old)).isFalse();
    assertThat(stores.earlyDeletions().find(fresh, T0.plus(Duration.ofHours(50))))
        .contains(T0.plus(Duration.ofHours(49)));

    Instant later = T0.plus(Duration.ofDays(5));
    stores.earlyDeletions().remember(fresh, later, later);
    assertThat(stores.earlyDeletions().find(fresh, later.plusSeconds(1))).as("the expired entry gave way")
        .contains(later);
  }

  @Test
  void outbox_nextAttemptLaterWithinTheSameMicrosecond_isNotDueYet() {
    OutboundMessage o1 = stores.outbox().create(outbound("o1", "k1", T0));
    stores.outbox().update(o1.retryLater("HTTP 503", T0.plusSeconds(60).plusNanos(900)));
    Instant justBefore = T0.plusSeconds(60).plusNanos(100);

    assertThat(stores.outbox().findDue(justBefore, 10)).as("due 800 ns early").isEmpty();
    assertThat(stores.outbox().claimDue(justBefore, justBefore.plusSeconds(30), 10)).as("claimed early").isEmpty();
    assertThat(stores.outbox().findDue(T0.plusSeconds(60).plusNanos(900), 10)).as("due at its nanosecond").hasSize(1);
  }

  @Test
  void outbox_leaseEndingWithinAMicrosecond_isNotClaimedAgainBeforeItEnds() {
    OutboundMessage o1 = stores.outbox().create(outbound("o1", "k1", T0));
    Instant now = T0.plusSeconds(1);
    Instant leaseUntil = now.plusSeconds(30).plusNanos(900);
    assertThat(stores.outbox().claimDue(now, leaseUntil, 10)).extracting(OutboundMessage::id)
        .containsExactly(o1.id());

    Instant whileLeased = now.plusSeconds(30).plusNanos(100);

    assertThat(stores.outbox().claimDue(whileLeased, whileLeased.plusSeconds(30), 10))
        .as("claimed by a second dispatcher while the first one's lease runs").isEmpty();
    assertThat(stores.outbox().claimDue(leaseUntil, leaseUntil.plusSeconds(30), 10)).hasSize(1);
  }

  @Test
  void threadLookups_nullThread_isRefusedAndNeverMatchesAThreadNamedNull() {
    stores.interactions().create(interaction("m1", "null", "u", T0));
    stores.cases().create(openCase("k1", "null", T0, "m1"));

    assertThatThrownBy(() -> stores.cases().findOpenByThread(ChannelId.TELEGRAM, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> stores.cases().findLatestByThread(ChannelId.TELEGRAM, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> stores.leads().findOpenByThread(ChannelId.TELEGRAM, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> stores.interactions().findByThread(ChannelId.TELEGRAM, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void lookups_byAThreadHoldingU0000_findWhatTheStoreKeptForIt() {
    Interaction m = stores.interactions().create(interaction("nul-1", "chat\u0000", "u", T0));
    stores.cases().create(Case.open(CaseId.of("k-nul"), ContactId.of("c1"), m, CaseType.QUESTION, Priority.NORMAL, T0));

    assertThat(stores.interactions().findByThread(ChannelId.TELEGRAM, "chat\u0000")).extracting(Interaction::id)
        .containsExactly(m.id());
    assertThat(stores.cases().findOpenByThread(ChannelId.TELEGRAM, "chat\u0000")).isPresent();
    assertThat(stores.cases().findLatestByThread(ChannelId.TELEGRAM, "chat\u0000")).isPresent();
  }

  @Test
  void outbox_messagesCreatedAtTheSameInstant_leaveInTheOrderOfTheirIdsByCodePoint() {
    OutboundId wide = OutboundId.of("\uFF21");
    OutboundId emoji = OutboundId.of("\uD83D\uDE00");
    assertThat(wide).as("a character of the BMP comes before one beyond it").isLessThan(emoji);
    stores.outbox().create(outbound(wide.value(), "k-wide", "thread-1", T0));
    stores.outbox().create(outbound(emoji.value(), "k-emoji", "thread-1", T0));
    stores.outbox().create(outbound("x-" + emoji.value(), "k-x-emoji", "thread-2", T0));
    stores.outbox().create(outbound("x-" + wide.value(), "k-x-wide", "thread-3", T0));

    assertThat(stores.outbox().findDue(T0, 10)).extracting(OutboundMessage::id)
        .as("the first of each conversation, oldest first").containsExactly(OutboundId.of("x-" + wide.value()),
            OutboundId.of("x-" + emoji.value()), wide);
    assertThat(stores.outbox().claimDue(T0, T0.plusSeconds(30), 1)).extracting(OutboundMessage::id)
        .containsExactly(OutboundId.of("x-" + wide.value()));
  }
}
