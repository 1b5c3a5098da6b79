package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrm.core.IngestResult;
import io.scrm.core.ReplyResult;
import io.scrm.core.listening.Broadcasts;
import io.scrm.core.listening.Topic;
import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Provenance;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class DataSubjectRequestsTest {
  private static final List<String> PERSONAL = List.of("juergen_h", "Jürgen", "Hoffmann", "juergen@example.org",
      "Router seit gestern kaputt", "meine Adresse ist Hauptstr. 5", "203.0.113.0", "198.51.100.0");

  private final Fixture f = new Fixture();
  private final DataSubjectRequests dsr = DataSubjectRequests.of(f.crm, f.gate, f.doubleOptIn);
  private final List<InteractionId> interactions = new ArrayList<>();
  private final List<CaseId> cases = new ArrayList<>();
  private final List<OutboundId> outbound = new ArrayList<>();

  @Test
  void export_subjectWithHistory_containsDataConsentHistoryAndReceipts() throws Exception {
    ContactId subject = juergen();

    String json = dsr.export(subject, Fixture.DPO);

    JsonNode root = new ObjectMapper().readTree(json);
    assertThat(root.get("subject").asText()).isEqualTo(subject.value());
    assertThat(root.get("identities")).hasSize(2);
    assertThat(json).contains("Router seit gestern kaputt").contains("juergen@example.org");
    // with the profile-linking grant recorded under the X handle's contact before the link
    assertThat(root.get("consentHistory").size()).isEqualTo(f.ledger.history(subject).size() + 1);
    JsonNode receipt = root.get("consentReceipts").get(0);
    assertThat(receipt.get("notice").get("textHash").asText()).isEqualTo(Fixture.NEWSLETTER.textHash());
    assertThat(receipt.get("legalBasis").asText()).isEqualTo("GDPR Art. 6(1)(a)");
    assertThat(receipt.get("method").asText()).isEqualTo("DOUBLE_OPT_IN");
  }

  @Test
  void export_byCommunityManager_denied() {
    ContactId subject = juergen();

    assertThatThrownBy(() -> dsr.export(subject, Fixture.COMMUNITY)).isInstanceOf(ConsentDeniedException.class);
  }

  @Test
  void erase_subject_leavesNoPersonalDataInAnyStoreCacheOrOutbox() {
    ContactId subject = juergen();
    ContactId other = maria();
    IdentityKey dm = IdentityKey.of(ChannelId.TELEGRAM, "juergen_h");

    ErasureReport report = dsr.erase(subject, Fixture.DPO);

    Stores s = f.crm.stores();
    List<Object> remaining = new ArrayList<>();
    interactions.forEach(id -> s.interactions().find(id).ifPresent(remaining::add));
    cases.forEach(id -> s.cases().find(id).ifPresent(remaining::add));
    outbound.forEach(id -> s.outbox().find(id).ifPresent(remaining::add));
    s.contacts().find(subject).ifPresent(remaining::add);
    s.contacts().find(other).ifPresent(remaining::add);
    s.identities().find(dm).ifPresent(remaining::add);
    s.identities().find(IdentityKey.of(ChannelId.X, "juergen_h")).ifPresent(remaining::add);
    remaining.addAll(s.leads().findByContact(subject));
    remaining.addAll(s.outbox().findByRecipient(subject));
    remaining.addAll(s.contacts().findByContactPoint(ContactPointType.EMAIL, "juergen@example.org"));
    remaining.addAll(f.ledger.store().entries(0, 10_000));
    remaining.addAll(f.gate.decisionLog().entries(report.pseudonym()));
    remaining.addAll(dsr.open());
    String scan = remaining.toString();
    for (String personal : PERSONAL) {
      assertThat(scan).as("scan for %s", personal).doesNotContain(personal);
    }
    assertThat(scan).doesNotContain(subject.value());
    assertThat(f.doubleOptIn.holdsAny(subject)).isFalse();
    assertThat(f.ledger.history(subject)).isEmpty();
    assertThat(f.ledger.history(report.pseudonym())).isNotEmpty();
    assertThat(f.ledger.verify().intact()).isTrue();
    assertThat(report.interactions()).isEqualTo(4);
    assertThat(s.contacts().find(other)).isPresent();
    assertThat(scan).contains("Maria");
    // the engine's de-duplication cache forgot the deliveries: a redelivery is taken in anew
    IngestResult again = f.hear(ChannelId.TELEGRAM, "juergen_h", "J", "Hallo nochmal", Visibility.PRIVATE);
    assertThat(again.contact()).isNotEqualTo(subject);
  }

  /**
   * Jürgen writes on Telegram, then mentions the brand on X under a handle not yet linked: the X
   * case and its answer are recorded under a pseudonymous contact. With his consent the X handle
   * is then linked to his contact.
   */
  private final class LinkedLater {
    final ContactId subject;
    final IngestResult mention;
    final OutboundMessage sent;

    LinkedLater() {
      subject = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Router seit gestern kaputt",
          Visibility.PRIVATE).contact();
      f.tick();
      mention = f.hear(ChannelId.X, "jh_x", "Jürgen Hoffmann", "@brand Router seit gestern kaputt",
          Visibility.PUBLIC);
      ReplyResult reply = f.crm.reply(mention.caseId(), Fixture.AGENT,
          "Hallo Herr Hoffmann, wir melden uns per DM wegen Hauptstr. 5");
      OutboundMessage due = f.crm.outbox().due(10).stream().filter(m -> m.id().equals(reply.outbound()))
          .findFirst().orElseThrow();
      sent = f.crm.outbox().markSent(due, "x-out-1");
      f.tick();
      f.ledger.grant(mention.contact(), "profile-linking", ChannelId.X, Fixture.NEWSLETTER,
          CollectionMethod.IN_CONVERSATION, Fixture.AGENT, Evidence.ofMessage("m2"), null);
      assertThat(f.crm.linkIdentity(IdentityKey.of(ChannelId.X, "jh_x"), subject, Fixture.AGENT).allowed())
          .isTrue();
    }
  }

  @Test
  void erase_afterAnIdentityWasLinked_removesWhatWasRecordedUnderItsEarlierContact() {
    LinkedLater l = new LinkedLater();
    InteractionId sentReply = InteractionId.of(ChannelId.X, "x-out-1");
    assertThat(f.crm.stores().interactions().find(sentReply)).isPresent();

    dsr.erase(l.subject, Fixture.DPO);

    Stores s = f.crm.stores();
    List<Object> left = new ArrayList<>();
    s.cases().find(l.mention.caseId()).ifPresent(left::add);
    s.interactions().find(sentReply).ifPresent(left::add);
    s.outbox().find(l.sent.id()).ifPresent(left::add);
    assertThat(left).isEmpty();
  }

  @Test
  void export_afterAnIdentityWasLinked_containsWhatWasRecordedUnderItsEarlierContact() {
    LinkedLater l = new LinkedLater();

    String json = dsr.export(l.subject, Fixture.DPO);

    assertThat(json).contains("@brand Router seit gestern kaputt").contains(l.mention.caseId().value())
        .contains("Hallo Herr Hoffmann, wir melden uns per DM").contains(l.sent.id().value());
  }

  private IngestResult publicPost(String id, String thread, String handle, String name, String text) {
    f.tick();
    return f.crm.ingest(Interaction.inbound(ChannelId.X, id).thread(thread).author(handle, name).text(text)
        .occurredAt(f.clock.instant()).visibility(Visibility.PUBLIC).kind(InteractionKind.MENTION).build());
  }

  @Test
  void exportAndErase_ofSomeoneWhoWroteInAnothersPublicThread_leaveTheOthersCase_withoutThem() {
    IngestResult anna = publicPost("x-1", "conv-1", "anna_k", "Anna Krause",
        "@brand mein Vertrag 4711-ANNA wurde doppelt abgebucht");
    IngestResult bernd = publicPost("x-2", "conv-1", "bernd_b", "Bernd Becker", "@brand bei mir auch");
    assertThat(bernd.caseId()).as("Bernd's post joined the thread's open case").isEqualTo(anna.caseId());

    String export = dsr.export(bernd.contact(), Fixture.DPO);
    dsr.erase(bernd.contact(), Fixture.DPO);

    assertThat(export).contains("bei mir auch").doesNotContain("4711-ANNA").doesNotContain(anna.caseId().value());
    assertThat(f.crm.stores().cases().find(anna.caseId())).isPresent();
    assertThat(f.crm.stores().interactions().find(anna.interaction())).isPresent();
    assertThat(f.crm.stores().interactions().find(bernd.interaction())).isEmpty();
    // Anna's case keeps its own trail, but neither Bernd's contact id nor his message
    Case annas = f.crm.stores().cases().find(anna.caseId()).orElseThrow();
    assertThat(annas.interactions()).containsExactly(anna.interaction());
    assertThat(annas.audit()).anyMatch(e -> e.actor().equals(Actor.customer(anna.contact())));
    assertThat(annas.toString()).doesNotContain(bernd.contact().value()).doesNotContain(bernd.interaction().value());
  }

  @Test
  void erase_endsTheSubjectsTopicSubscriptions_throughItsSubjectHook_evenIfAnotherHookFails() {
    ContactId subject = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Hallo", Visibility.PRIVATE)
        .contact();
    Topic nippes = new Topic("stoerung-koeln-nippes", "Störung Köln-Nippes", "outage-notifications");
    Broadcasts broadcasts = new Broadcasts(f.crm).topic(nippes);
    broadcasts.subscribe(nippes.id(), subject, ChannelId.TELEGRAM, "88123");
    broadcasts.subscribe(nippes.id(), ContactId.of("maria"), ChannelId.TELEGRAM, "88124");
    dsr.onSubjectErasure(s -> {
      throw new IllegalStateException("a host's hook that fails");
    }).onSubjectErasure(broadcasts::forget);

    dsr.erase(subject, Fixture.DPO);

    assertThat(broadcasts.subscribers(nippes.id())).extracting(Broadcasts.Subscription::contact)
        .containsExactly(ContactId.of("maria"));
  }

  @Test
  void erase_ofARestrictedSubjectWithoutConsentEntries_liftsTheRestriction() {
    ContactId subject = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Hallo", Visibility.PRIVATE)
        .contact();
    dsr.restrict(subject, Fixture.DPO);
    assertThat(f.ledger.history(subject)).isEmpty();

    dsr.erase(subject, Fixture.DPO);

    assertThat(f.ledger.store().isRestricted(subject)).isFalse();
  }

  @Test
  void export_containsTheFormFieldsOfAPendingDoubleOptIn() throws Exception {
    ContactId subject = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Hallo", Visibility.PRIVATE)
        .contact();
    f.doubleOptIn.request(subject, "marketing", Fixture.SMS, Fixture.NEWSLETTER,
        Map.of("phone", "+49 170 1234567", "first-name", "Jürgen"), Fixture.form());

    JsonNode pending = new ObjectMapper().readTree(dsr.export(subject, Actor.customer(subject)))
        .get("pendingOptIns");

    assertThat(pending).hasSize(1);
    assertThat(pending.get(0).get("purpose").asText()).isEqualTo("marketing");
    assertThat(pending.get(0).get("submitted").get("phone").asText()).isEqualTo("+49 170 1234567");
    assertThat(pending.get(0).get("submitted").get("first-name").asText()).isEqualTo("Jürgen");
  }

  @Test
  void receive_request_isDueOneMonthLaterAndOverdueAfter() {
    ContactId subject = juergen();
    DataSubjectRequest r = dsr.receive(subject, RequestType.ACCESS);

    assertThat(r.dueAt()).isEqualTo(Instant.parse("2026-04-02T09:00:00Z"));
    f.clock.advance(Duration.ofDays(32));
    assertThat(dsr.overdue()).extracting(DataSubjectRequest::id).containsExactly(r.id());

    dsr.export(subject, Actor.customer(subject));

    assertThat(dsr.open()).isEmpty();
    assertThat(dsr.find(r.id()).orElseThrow().completedAt()).isEqualTo(f.clock.instant());
  }

  /** Jürgen: a public mention, a DM conversation with an answer sent, a queued newsletter, consent. */
  private ContactId juergen() {
    IngestResult dm = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Router seit gestern kaputt",
        Visibility.PRIVATE);
    ContactId subject = dm.contact();
    interactions.add(dm.interaction());
    cases.add(dm.caseId());
    IngestResult more = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "meine Adresse ist Hauptstr. 5",
        Visibility.PRIVATE);
    interactions.add(more.interaction());
    ReplyResult reply = f.crm.reply(dm.caseId(), Fixture.AGENT, "Hallo Jürgen, wir schicken einen Techniker.");
    outbound.add(reply.outbound());
    OutboundMessage queued = f.crm.outbox().due(10).get(0);
    f.crm.outbox().markSent(queued, "tg-out-1");
    interactions.add(InteractionId.of(ChannelId.TELEGRAM, "tg-out-1"));
    IngestResult mention = f.hear(ChannelId.X, "juergen_h", "Jürgen Hoffmann", "@brand Router seit gestern kaputt",
        Visibility.PUBLIC);
    interactions.add(mention.interaction());
    cases.add(mention.caseId());
    // the public mention is its own pseudonymous contact; the agent links it with consent
    f.ledger.grant(mention.contact(), "profile-linking", ChannelId.X, Fixture.NEWSLETTER,
        CollectionMethod.IN_CONVERSATION, Fixture.AGENT, Evidence.ofMessage("m3"), null);
    f.crm.linkIdentity(IdentityKey.of(ChannelId.X, "juergen_h"), subject, Fixture.AGENT);
    f.ledger.merge(mention.contact(), subject, Fixture.AGENT);
    OptInRequest r = f.doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER,
        Map.of("email", "juergen@example.org"), Fixture.form());
    OptInConfirmation c = f.doubleOptIn.confirm(r.token(), Evidence.builder().ip("198.51.100.23").build());
    f.crm.addContactPoint(subject, new ContactPoint(ContactPointType.EMAIL, c.submitted().get("email"),
        Provenance.FORM, f.clock.instant()), "marketing", Actor.SYSTEM);
    f.doubleOptIn.request(subject, "marketing", Fixture.SMS, Fixture.NEWSLETTER, Map.of("phone", "+49 170 1234567"),
        Fixture.form());
    ReplyResult news = f.crm.send(subject, ChannelId.EMAIL, "Hallo Jürgen, unser Newsletter", "marketing",
        Fixture.AGENT);
    outbound.add(news.outbound());
    return subject;
  }

  private ContactId maria() {
    IngestResult dm = f.hear(ChannelId.TELEGRAM, "maria_k", "Maria Klein", "Wann kommt meine Bestellung?",
        Visibility.PRIVATE);
    interactions.add(dm.interaction());
    cases.add(dm.caseId());
    return dm.contact();
  }

  @Test
  void erase_recordsItInTheLedgerAsOneEntryUnderThePseudonym_andTheChainVerifies() {
    ContactId subject = juergen();
    int entries = f.ledger.history(subject).size();
    long before = f.ledger.store().size();

    ErasureReport report = dsr.erase(subject, Fixture.DPO);

    // and the profile-linking grant recorded under the X handle's contact before the link, erased apart
    assertThat(report.ledgerEntries()).isEqualTo(entries + 1).isPositive();
    assertThat(f.ledger.store().size()).isEqualTo(before + 2);
    assertThat(f.ledger.history(report.pseudonym())).hasSize(entries + 1).last().satisfies(e -> {
      assertThat(e.state()).isEqualTo(ConsentState.ERASED);
      assertThat(e.method()).isEqualTo(CollectionMethod.ERASURE);
      assertThat(e.actor()).isEqualTo(Fixture.DPO);
      assertThat(e.sequence()).isEqualTo(before);
    });
    assertThat(f.ledger.verify()).isEqualTo(new LedgerVerification(true, before + 2, -1));
  }

  @Test
  void erase_tellsEveryRegisteredForgetterEachIdentity_evenWhenOneFails() {
    ContactId subject = juergen();
    List<IdentityKey> forgotten = new ArrayList<>();
    dsr.onErasure(key -> {
      throw new IllegalStateException("adapter closed");
    }).onErasure(forgotten::add);

    ErasureReport report = dsr.erase(subject, Fixture.DPO);

    assertThat(forgotten).containsExactlyInAnyOrder(IdentityKey.of(ChannelId.TELEGRAM, "juergen_h"),
        IdentityKey.of(ChannelId.X, "juergen_h"));
    assertThat(report.identities()).isEqualTo(2);
    assertThat(f.crm.stores().contacts().find(subject)).isEmpty();
  }

  @Test
  void export_withTheSubscriptionsRegistered_containsThem_asErasureForgetsThem() {
    Fixture g = new Fixture();
    DataSubjectRequests dsr = DataSubjectRequests.of(g.crm, g.gate, g.doubleOptIn);
    ContactId s = g.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Hallo", Visibility.PRIVATE).contact();
    Topic nippes = new Topic("stoerung-koeln-nippes", "Störung Köln-Nippes", "outage-notifications");
    Broadcasts broadcasts = new Broadcasts(g.crm).topic(nippes);
    broadcasts.subscribe(nippes.id(), s, ChannelId.TELEGRAM, "88123");
    dsr.onSubjectErasure(broadcasts::forget).onExport("subscriptions", broadcasts::subscriptionsOf);

    String export = dsr.export(s, Fixture.DPO);

    assertThat(export).contains("\"subscriptions\"").contains("stoerung-koeln-nippes").contains("88123");
    assertThatThrownBy(() -> dsr.onExport("subscriptions", c -> List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subscriptions");
  }

  /**
   * Jürgen writes on X. On Telegram, under a handle not yet linked, he asks about an outage and
   * subscribes to its topic: the subscription and the notice queued for it are the handle's
   * pseudonymous contact's. With his consent the Telegram handle is then linked to his contact.
   */
  private final class SubscribedBeforeLinked {
    final Topic nippes = new Topic("stoerung-koeln-nippes", "Störung Köln-Nippes", "transactional");
    final Broadcasts broadcasts = new Broadcasts(f.crm).topic(nippes);
    final ContactId subject;
    final ContactId earlier;
    final ContactId maria = ContactId.of("maria");
    final OutboundId notice;

    SubscribedBeforeLinked() {
      subject = f.hear(ChannelId.X, "juergen_h", "Jürgen Hoffmann", "Router seit gestern kaputt", Visibility.PRIVATE)
          .contact();
      f.tick();
      earlier = f.hear(ChannelId.TELEGRAM, "jh_tg", "Jürgen Hoffmann", "Störung in Nippes?", Visibility.PRIVATE)
          .contact();
      broadcasts.subscribe(nippes.id(), earlier, ChannelId.TELEGRAM, "chat-jh_tg");
      broadcasts.subscribe(nippes.id(), maria, ChannelId.TELEGRAM, "88124");
      f.ledger.grant(earlier, nippes.purpose(), ChannelId.TELEGRAM, Fixture.NEWSLETTER,
          CollectionMethod.IN_CONVERSATION, Fixture.AGENT, Evidence.ofMessage("m2"), null);
      notice = broadcasts.broadcast(nippes.id(), "Die Störung in Nippes dauert an", Fixture.AGENT).queued().stream()
          .filter(q -> q.subscription().contact().equals(earlier)).findFirst().orElseThrow().outbound();
      f.tick();
      f.ledger.grant(earlier, "profile-linking", ChannelId.TELEGRAM, Fixture.NEWSLETTER,
          CollectionMethod.IN_CONVERSATION, Fixture.AGENT, Evidence.ofMessage("m3"), null);
      assertThat(f.crm.linkIdentity(IdentityKey.of(ChannelId.TELEGRAM, "jh_tg"), subject, Fixture.AGENT).allowed())
          .isTrue();
    }
  }

  @Test
  void erase_afterALink_runsTheSubjectHooksForTheHandlesEarlierContact_andDropsItsOutbox() {
    SubscribedBeforeLinked l = new SubscribedBeforeLinked();
    List<ContactId> told = new ArrayList<>();
    dsr.onSubjectErasure(c -> {
      told.add(c);
      if (c.equals(l.subject)) {
        throw new IllegalStateException("a host's hook that fails for one contact");
      }
    }).onSubjectErasure(l.broadcasts::forget);

    dsr.erase(l.subject, Fixture.DPO);

    assertThat(told).containsExactly(l.subject, l.earlier);
    assertThat(l.broadcasts.subscribers(l.nippes.id())).extracting(Broadcasts.Subscription::contact)
        .containsExactly(l.maria);
    assertThat(f.crm.stores().outbox().find(l.notice)).isEmpty();
    assertThat(f.crm.stores().outbox().findByRecipient(l.earlier)).isEmpty();
  }

  @Test
  void export_afterALink_holdsTheExtrasAndOutboxOfTheHandlesEarlierContact_underThatContact() throws Exception {
    SubscribedBeforeLinked l = new SubscribedBeforeLinked();
    dsr.onExport("subscriptions", l.broadcasts::subscriptionsOf);

    JsonNode root = new ObjectMapper().readTree(dsr.export(l.subject, Fixture.DPO));

    assertThat(root.get("extra").get("subscriptions")).isEmpty();
    JsonNode former = root.get("formerContacts");
    assertThat(former).hasSize(1);
    assertThat(former.get(0).get("id").asText()).isEqualTo(l.earlier.value());
    assertThat(former.get(0).get("contact").toString()).contains(l.earlier.value());
    JsonNode subscriptions = former.get(0).get("extra").get("subscriptions");
    assertThat(subscriptions).hasSize(1);
    assertThat(subscriptions.get(0).get("topic").asText()).isEqualTo(l.nippes.id());
    assertThat(subscriptions.get(0).get("threadId").asText()).isEqualTo("chat-jh_tg");
    assertThat(root.get("outbox").toString()).contains(l.notice.value()).contains("Die Störung in Nippes dauert an");
    assertThat(root.toString()).doesNotContain("88124");
  }

  @Test
  void erase_afterALink_replacesTheHandlesEarlierContactInTheTrailOfAnotherPersonsCase_byItsPseudonym() {
    IngestResult anna = publicPost("x-1", "conv-1", "anna_k", "Anna Krause",
        "@brand mein Vertrag 4711-ANNA wurde doppelt abgebucht");
    ContactId customer = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Hallo", Visibility.PRIVATE)
        .contact();
    IngestResult own = publicPost("x-2", "conv-2", "jh_x", "Jürgen Hoffmann", "@brand Router seit gestern kaputt");
    IngestResult joined = publicPost("x-3", "conv-1", "jh_x", "Jürgen Hoffmann", "@brand bei mir auch");
    ContactId earlier = own.contact();
    assertThat(joined.contact()).isEqualTo(earlier);
    assertThat(joined.caseId()).as("the handle's post joined Anna's open case").isEqualTo(anna.caseId());
    ConsentRecord grant = f.ledger.grant(earlier, "profile-linking", ChannelId.X, Fixture.NEWSLETTER,
        CollectionMethod.IN_CONVERSATION, Fixture.AGENT, Evidence.ofMessage("x-4"), null);
    assertThat(f.crm.linkIdentity(IdentityKey.of(ChannelId.X, "jh_x"), customer, Fixture.AGENT).allowed()).isTrue();

    dsr.erase(customer, Fixture.DPO);

    Case annas = f.crm.stores().cases().find(anna.caseId()).orElseThrow();
    assertThat(annas.interactions()).containsExactly(anna.interaction());
    assertThat(annas.toString()).doesNotContain(earlier.value()).doesNotContain(customer.value())
        .doesNotContain(joined.interaction().value());
    ContactId alias = f.ledger.store().entries(0, 1_000).stream().filter(e -> e.id().equals(grant.id()))
        .findFirst().orElseThrow().subject();
    assertThat(alias).isNotEqualTo(earlier);
    assertThat(annas.audit()).filteredOn(e -> e.action().equals("MESSAGE")).extracting(AuditEntry::actor)
        .containsExactly(Actor.customer(alias));
  }

  @Test
  void exportAndErase_afterALink_coverTheConsentRecordedUnderTheHandlesEarlierContact() {
    ContactId customer = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Hallo", Visibility.PRIVATE)
        .contact();
    f.tick();
    // he agreed in the X conversation to have the handle linked: recorded under its pseudonymous contact
    IngestResult onX = f.hear(ChannelId.X, "jh_x", "Jürgen Hoffmann", "Ja, bitte verknüpfen", Visibility.PRIVATE);
    ConsentRecord grant = f.ledger.grant(onX.contact(), "profile-linking", ChannelId.X, Fixture.NEWSLETTER,
        CollectionMethod.IN_CONVERSATION, Fixture.AGENT, Evidence.ofMessage("1893245234234000001"), null);
    assertThat(f.crm.linkIdentity(IdentityKey.of(ChannelId.X, "jh_x"), customer, Fixture.AGENT).allowed()).isTrue();

    String export = dsr.export(customer, Fixture.DPO);
    ErasureReport report = dsr.erase(customer, Fixture.DPO);

    assertThat(export).contains(grant.id()).contains("1893245234234000001");
    assertThat(f.ledger.history(onX.contact())).isEmpty();
    assertThat(f.gate.decisionLog().entries(onX.contact())).isEmpty();
    assertThat(f.crm.stores().contacts().find(onX.contact())).isEmpty();
    assertThat(report.ledgerEntries()).isGreaterThanOrEqualTo(1);
  }

}
