package io.scrm.consent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.scrm.core.CaseNotFoundException;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Direction;
import io.scrm.core.model.Identity;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.Lead;
import io.scrm.core.model.LeadId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.store.StaleVersionException;
import io.scrm.core.store.Stores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-subject requests: access and portability (GDPR Art. 15, 20) as JSON with the full consent
 * history and a consent receipt per grant; erasure (Art. 17) across contacts, identities,
 * interactions, cases, leads, the engine's cache, the outbox and pending double opt-ins, leaving a
 * pseudonymous audit trail; restriction (Art. 18); and the one-month due dates. Thread-safe.
 *
 * <p>Erasure deletes the subject's rows from the stores and replaces the subject in the consent
 * ledger and the decision log by a fresh pseudonym that nothing links back to the person; the
 * ledger records the erasure as an entry of its own under the pseudonym, and its hash chain still
 * verifies. Logs carry ids and counts only.
 *
 * @since 0.1.0
 */
public final class DataSubjectRequests {
  private static final Logger LOG = LoggerFactory.getLogger(DataSubjectRequests.class);
  /** Sweeps after the contact's delete for what messages heard meanwhile opened (one is enough). */
  private static final int LATE_SWEEPS = 8;
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

  private final SocialCrm crm;
  private final ConsentGate gate;
  private final ConsentLedger ledger;
  private final @Nullable DoubleOptIn doubleOptIn;
  private final Clock clock;
  private final ConcurrentHashMap<String, DataSubjectRequest> requests = new ConcurrentHashMap<>();
  private final List<Consumer<IdentityKey>> forgetters = new CopyOnWriteArrayList<>();
  private final Map<String, Function<ContactId, ?>> exporters = new ConcurrentSkipListMap<>();
  private final List<Consumer<ContactId>> subjectForgetters = new CopyOnWriteArrayList<>();

  private DataSubjectRequests(SocialCrm crm, ConsentGate gate, @Nullable DoubleOptIn doubleOptIn) {
    this.crm = crm;
    this.gate = gate;
    this.ledger = gate.ledger();
    this.doubleOptIn = doubleOptIn;
    this.clock = crm.clock();
  }

  /**
   * Returns the data-subject request service.
   *
   * @param crm the engine whose stores, cache and outbox hold the data
   * @param gate the consent gate (with its ledger and decision log)
   * @param doubleOptIn the double opt-in whose pending requests erasure drops, or null
   * @return the service
   */
  public static DataSubjectRequests of(SocialCrm crm, ConsentGate gate, @Nullable DoubleOptIn doubleOptIn) {
    return new DataSubjectRequests(Objects.requireNonNull(crm, "crm"), Objects.requireNonNull(gate, "gate"),
        doubleOptIn);
  }

  /**
   * Registers what else must forget an erased identity: whatever keeps an account's handle outside
   * the stores, such as the channel adapters' memory of whom to answer ({@code channels::forget}).
   * {@link #erase} calls it for each identity of the subject, after the stores.
   *
   * @param forgetter called with each erased identity; a failure is logged by id, and erasure goes on
   * @return this service
   */
  public DataSubjectRequests onErasure(Consumer<IdentityKey> forgetter) {
    forgetters.add(Objects.requireNonNull(forgetter, "forgetter"));
    return this;
  }

  /**
   * Registers what else must forget an erased subject by their contact id: whatever keeps it with
   * personal data outside the stores, such as the topic subscriptions of {@code Broadcasts} (with a
   * chat or thread to inform them in: {@code broadcasts::forget}). {@link #erase} calls it with the
   * subject, then with each pseudonymous contact one of the subject's handles belonged to before it
   * was linked to them (a subscription made on a handle not yet linked is under that contact), after
   * the stores and the identity hooks of {@link #onErasure}.
   *
   * @param forgetter called with the erased subject and each of their earlier contacts; a failure is
   *     logged by id, and erasure goes on with the next hook and contact
   * @return this service
   * @since 0.1.0
   */
  public DataSubjectRequests onSubjectErasure(Consumer<ContactId> forgetter) {
    subjectForgetters.add(Objects.requireNonNull(forgetter, "forgetter"));
    return this;
  }

  /**
   * Registers what else holds personal data of a subject outside the stores, for the export: its
   * answer is written under {@code section} in the export's {@code extra} object, as JSON. The
   * counterpart of {@link #onSubjectErasure}, e.g. {@code onExport("subscriptions",
   * broadcasts::subscriptionsOf)}. {@link #export} asks it about the subject, and about each
   * pseudonymous contact one of the subject's handles belonged to before it was linked to them, whose
   * answers go under {@code section} in that contact's {@code extra} in {@code formerContacts}.
   *
   * @param section the name of the section, not blank, not one already registered
   * @param source gives the data of the subject or of an earlier contact of theirs (records, lists and
   *     maps serialise as JSON)
   * @return this service
   * @throws IllegalArgumentException if the section is blank or registered already
   * @since 0.1.0
   */
  public DataSubjectRequests onExport(String section, Function<ContactId, ?> source) {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(source, "source");
    if (section.isBlank()) {
      throw new IllegalArgumentException("section must not be blank");
    }
    if (exporters.putIfAbsent(section, source) != null) {
      throw new IllegalArgumentException("section '" + section + "' is registered already");
    }
    return this;
  }

  /**
   * Registers an incoming request; it is due one month later.
   *
   * @param subject the data subject
   * @param type what is asked
   * @return the request
   */
  public DataSubjectRequest receive(ContactId subject, RequestType type) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(type, "type");
    Instant now = clock.instant();
    Instant due = now.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant();
    DataSubjectRequest r = new DataSubjectRequest("dsr-" + UUID.randomUUID(), subject, type, now, due, null);
    requests.put(r.id(), r);
    LOG.debug("data-subject request {} {} for subject {} due {}", r.id(), type, subject, due);
    return r;
  }

  /**
   * Returns the requests not yet completed.
   *
   * @return open requests, by due date
   */
  public List<DataSubjectRequest> open() {
    List<DataSubjectRequest> out = new ArrayList<>();
    for (DataSubjectRequest r : requests.values()) {
      if (r.completedAt() == null) {
        out.add(r);
      }
    }
    out.sort((a, b) -> a.dueAt().compareTo(b.dueAt()));
    return List.copyOf(out);
  }

  /**
   * Returns the open requests past their due date.
   *
   * @return overdue requests, by due date
   */
  public List<DataSubjectRequest> overdue() {
    Instant now = clock.instant();
    List<DataSubjectRequest> out = new ArrayList<>();
    for (DataSubjectRequest r : open()) {
      if (r.overdueAt(now)) {
        out.add(r);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Finds a request.
   *
   * @param id the request's id
   * @return the request, or empty
   */
  public Optional<DataSubjectRequest> find(String id) {
    return Optional.ofNullable(requests.get(Objects.requireNonNull(id, "id")));
  }

  /**
   * Exports all personal data of a subject as JSON (GDPR Art. 15 and 20): contact, identities,
   * interactions (the subject's own messages and the answers sent, not another person's message in
   * one of the subject's threads), cases, leads, outbox messages, the full consent history, a consent
   * receipt per grant and the gate's decisions about the subject, pending double opt-ins, the
   * subject's requests, and under {@code extra} what the sources registered with {@link #onExport}
   * hold. Asks the gate for {@link ConsentAction#EXPORT_PERSONAL_DATA}; completes open access and
   * portability requests of the subject.
   *
   * <p>What was recorded under a pseudonymous contact one of the subject's handles belonged to before
   * it was linked to them is the subject's too: its cases, leads, outbox messages, consent history
   * and the gate's decisions about it are in the lists above (each entry names the contact it was
   * recorded under). {@code formerContacts} lists each such contact as an object with its {@code id},
   * its {@code contact} record if it is still stored, and its own {@code extra}: what the sources of
   * {@link #onExport} hold about that contact, by section, as {@code extra} holds the subject's.
   *
   * @param subject the data subject
   * @param actor who exports (the subject, a data protection officer or the system)
   * @return the JSON document
   * @throws ConsentDeniedException if the gate denies the export
   */
  public String export(ContactId subject, Actor actor) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(actor, "actor");
    Instant now = clock.instant();
    ConsentDecision decision = gate.decide(subject, Purpose.DATA_SUBJECT_RIGHTS.id(), ConsentLedger.ALL_CHANNELS,
        ConsentAction.EXPORT_PERSONAL_DATA, actor, now);
    if (!decision.allowed()) {
      throw new ConsentDeniedException(subject, ConsentAction.EXPORT_PERSONAL_DATA, decision.reason());
    }
    Stores stores = crm.stores();
    Footprint f = footprint(subject);
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "scrm-export/1");
    root.put("subject", subject.value());
    root.put("exportedAt", now.toString());
    root.put("auditId", decision.auditId());
    stores.contacts().find(subject).ifPresent(c -> root.set("contact", JSON.valueToTree(c)));
    ArrayNode identities = root.putArray("identities");
    for (IdentityKey key : f.identities) {
      stores.identities().find(key).ifPresent(i -> identities.add(JSON.valueToTree(i)));
    }
    ArrayNode interactions = root.putArray("interactions");
    for (InteractionId id : f.interactions) {
      // a message another person wrote into the subject's case or thread is that person's data
      stores.interactions().find(id)
          .filter(i -> i.direction() == Direction.OUTBOUND || f.identities.contains(i.author()))
          .ifPresent(i -> interactions.add(JSON.valueToTree(i)));
    }
    ArrayNode cases = root.putArray("cases");
    f.cases.forEach(c -> cases.add(JSON.valueToTree(c)));
    ArrayNode leads = root.putArray("leads");
    f.leads.forEach(l -> leads.add(JSON.valueToTree(l)));
    ArrayNode outbox = root.putArray("outbox");
    f.outbound.forEach(m -> outbox.add(JSON.valueToTree(m)));
    List<ConsentRecord> history = new ArrayList<>(ledger.history(subject));
    f.former.forEach(c -> history.addAll(ledger.history(c)));
    ArrayNode consent = root.putArray("consentHistory");
    ArrayNode receipts = root.putArray("consentReceipts");
    for (ConsentRecord e : history) {
      consent.add(JSON.valueToTree(e));
      if (e.state().grants()) {
        receipts.add(receipt(e));
      }
    }
    ArrayNode pendingOptIns = root.putArray("pendingOptIns");
    if (doubleOptIn != null) {
      doubleOptIn.pendingOf(subject).forEach(m -> pendingOptIns.add(JSON.valueToTree(m)));
    }
    ArrayNode decisions = root.putArray("consentDecisions");
    gate.decisionLog().entries(subject).forEach(d -> decisions.add(JSON.valueToTree(d)));
    f.former.forEach(c -> gate.decisionLog().entries(c).forEach(d -> decisions.add(JSON.valueToTree(d))));
    ArrayNode reqs = root.putArray("requests");
    for (DataSubjectRequest r : requests.values()) {
      if (r.subject().equals(subject)) {
        reqs.add(JSON.valueToTree(r));
      }
    }
    // a failing source fails the export: an export that leaves data out silently is no answer
    root.set("extra", extra(subject));
    ArrayNode formerContacts = root.putArray("formerContacts");
    for (ContactId earlier : f.former) {
      ObjectNode entry = formerContacts.addObject();
      entry.put("id", earlier.value());
      stores.contacts().find(earlier).ifPresent(c -> entry.set("contact", JSON.valueToTree(c)));
      entry.set("extra", extra(earlier));
    }
    complete(subject, RequestType.ACCESS, now, null);
    complete(subject, RequestType.PORTABILITY, now, null);
    LOG.debug("exported subject {}: {} interactions, {} consent entries", subject, f.interactions.size(),
        history.size());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("export of subject " + subject + " could not be written", e);
    }
  }

  /** What the sources registered with {@link #onExport} hold about a contact, by section. */
  private ObjectNode extra(ContactId contact) {
    ObjectNode extra = JSON.createObjectNode();
    exporters.forEach((section, source) -> extra.set(section, JSON.valueToTree(source.apply(contact))));
    return extra;
  }

  private ObjectNode receipt(ConsentRecord e) {
    ObjectNode r = JSON.createObjectNode();
    r.put("receiptVersion", "scrm-consent-receipt/1");
    r.put("receiptId", "receipt-" + e.id());
    r.put("subject", e.subject().value());
    r.put("purpose", e.purpose());
    r.put("purposeVersion", e.purposeVersion());
    ledger.purposes().find(e.purpose()).ifPresent(p -> r.put("legalBasis", p.legalBasis().citation()));
    r.put("channel", e.channel().name());
    r.put("state", e.state().name());
    r.put("consentType", e.type().name());
    r.put("method", e.method().name());
    r.put("givenAt", e.at().toString());
    if (e.expiresAt() != null) {
      r.put("expiresAt", String.valueOf(e.expiresAt()));
    }
    Notice n = e.notice();
    if (n != null) {
      r.set("notice", JSON.valueToTree(n));
    }
    r.put("ledgerEntry", e.id());
    r.put("ledgerHash", e.hash());
    return r;
  }

  /**
   * Erases a subject (GDPR Art. 17): deletes the contact, its identities, every interaction the
   * subject wrote or that belongs to the subject's cases and leads, those cases and leads, the
   * outbox messages to the subject and pending double opt-ins; drops the interactions from the
   * engine's cache, the identities from whatever registered with {@link #onErasure} and the subject
   * from whatever registered with {@link #onSubjectErasure}; replaces the subject in the consent
   * ledger and the decision log by a pseudonym. A pseudonymous contact one of the subject's handles
   * belonged to before it was linked to them is erased with the subject: its outbox messages, its
   * consent entries and the gate's decisions about it (under a pseudonym of its own), the hooks of
   * {@link #onSubjectErasure} and the contact itself. Another person's case that one of the
   * subject's messages joined stays, without that message, and with the subject and such an earlier
   * contact replaced in its trail by their pseudonyms.
   * Completes open requests of the subject, which keep the pseudonym only.
   *
   * @param subject the data subject
   * @param actor who erases
   * @return the pseudonymous report
   */
  public ErasureReport erase(ContactId subject, Actor actor) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(actor, "actor");
    Stores stores = crm.stores();
    Footprint f = footprint(subject);
    // other people's cases that one of the subject's messages joined (a reply in their public thread):
    // they stay, but lose the message and the subject's id in their trail
    Set<CaseId> own = new HashSet<>();
    f.cases.forEach(c -> own.add(c.id()));
    Set<CaseId> joined = new LinkedHashSet<>();
    for (InteractionId id : f.interactions) {
      stores.cases().findByInteraction(id).map(Case::id).filter(c -> !own.contains(c)).ifPresent(joined::add);
    }
    int interactions = 0;
    // newest first: the in-memory store chains an author's and a thread's messages newest first, so
    // each delete finds its row at or near the head of its chains, not at their far end
    for (int k = f.interactions.size() - 1; k >= 0; k--) {
      interactions += stores.interactions().delete(f.interactions.get(k)) ? 1 : 0;
    }
    int cases = 0;
    Set<InteractionId> listed = new HashSet<>(f.interactions);
    int[] added = new int[1];
    for (Case c : f.cases) {
      cases += eraseCase(c.id(), listed, added);
    }
    int leads = 0;
    for (Lead l : f.leads) {
      Optional<Lead> current = stores.leads().find(l.id());
      if (stores.leads().delete(l.id())) {
        leads++;
        // the capacity its owner held goes back to routing
        current.ifPresent(crm::releaseErased);
      }
    }
    int outbound = 0;
    // read again after the cases: a reply an agent queued on a case meanwhile goes too (one queued
    // later finds no case, and takes its message out of the outbox itself)
    Set<OutboundId> gone = new HashSet<>();
    // the subject, then the contacts their handles had before a link
    List<ContactId> theirs = new ArrayList<>(f.former.size() + 1);
    theirs.add(subject);
    theirs.addAll(f.former);
    for (ContactId contact : theirs) {
      for (OutboundMessage m : stores.outbox().findByRecipient(contact)) {
        outbound += gone.add(m.id()) && stores.outbox().delete(m.id()) ? 1 : 0;
      }
    }
    for (OutboundMessage m : f.outbound) {
      outbound += gone.add(m.id()) && stores.outbox().delete(m.id()) ? 1 : 0;
    }
    int identities = 0;
    for (IdentityKey key : f.identities) {
      identities += stores.identities().delete(key) ? 1 : 0;
    }
    int contacts = stores.contacts().delete(subject) ? 1 : 0;
    // a message heard meanwhile may have found the subject before the identities went and opened a
    // case or lead after the sweeps above; one that opens them from now on finds the contact gone
    // and takes them away itself, so a last sweep after the contact's delete leaves nothing behind
    for (int round = 0; round < LATE_SWEEPS; round++) {
      List<Case> lateCases = stores.cases().findByContact(subject);
      List<Lead> lateLeads = stores.leads().findByContact(subject);
      List<OutboundMessage> lateOutbound = stores.outbox().findByRecipient(subject);
      if (lateCases.isEmpty() && lateLeads.isEmpty() && lateOutbound.isEmpty()) {
        break;
      }
      for (Case c : lateCases) {
        cases += eraseCase(c.id(), listed, added);
      }
      for (Lead l : lateLeads) {
        for (InteractionId recorded : l.interactions()) {
          if (listed.add(recorded) && stores.interactions().delete(recorded)) {
            added[0]++;
          }
        }
        if (stores.leads().delete(l.id())) {
          leads++;
          crm.releaseErased(l);
        }
      }
      for (OutboundMessage m : lateOutbound) {
        outbound += gone.add(m.id()) && stores.outbox().delete(m.id()) ? 1 : 0;
      }
    }
    interactions += added[0];
    crm.forgetCached(f.interactions);
    for (IdentityKey key : f.identities) {
      for (Consumer<IdentityKey> forgetter : forgetters) {
        try {
          forgetter.accept(key);
        } catch (RuntimeException e) {
          LOG.warn("an erasure hook failed for an identity of subject {} on {}", subject, key.channel(), e);
        }
      }
    }
    for (ContactId contact : theirs) {
      for (Consumer<ContactId> forgetter : subjectForgetters) {
        try {
          forgetter.accept(contact);
        } catch (RuntimeException e) {
          LOG.warn("an erasure hook failed for contact {} of subject {}", contact, subject, e);
        }
      }
    }
    int pending = doubleOptIn == null ? 0 : doubleOptIn.forget(subject);
    int ledgerEntries = ledger.history(subject).size();
    ContactId pseudonym = ledger.pseudonymise(subject, actor);
    // again: a request another instance stored after the first call, its entry not yet pseudonymised
    pending += doubleOptIn == null ? 0 : doubleOptIn.forget(subject);
    int decisions = gate.decisionLog().pseudonymise(subject, pseudonym);
    Map<Actor, Actor> aliases = new HashMap<>();
    aliases.put(Actor.customer(subject), Actor.customer(pseudonym));
    for (ContactId earlier : f.former) {
      if (doubleOptIn != null) {
        pending += doubleOptIn.forget(earlier);
      }
      ledgerEntries += ledger.history(earlier).size();
      ContactId alias = ledger.pseudonymise(earlier, actor);
      if (doubleOptIn != null) {
        pending += doubleOptIn.forget(earlier);
      }
      decisions += gate.decisionLog().pseudonymise(earlier, alias);
      aliases.put(Actor.customer(earlier), Actor.customer(alias));
      contacts += stores.contacts().delete(earlier) ? 1 : 0;
    }
    Set<String> erasedIds = new HashSet<>();
    f.interactions.forEach(id -> erasedIds.add(id.value()));
    for (CaseId id : joined) {
      try {
        crm.updateCase(id, c -> withoutSubject(c, aliases, erasedIds));
      } catch (CaseNotFoundException erasedMeanwhile) {
        // erased or deleted meanwhile: nothing of the subject is left in it
      }
    }
    Instant now = clock.instant();
    String requestId = complete(subject, RequestType.ERASURE, now, pseudonym);
    for (DataSubjectRequest r : List.copyOf(requests.values())) {
      if (r.subject().equals(subject)) {
        requests.put(r.id(), new DataSubjectRequest(r.id(), pseudonym, r.type(), r.receivedAt(), r.dueAt(),
            r.completedAt()));
      }
    }
    ErasureReport report = new ErasureReport(requestId, pseudonym, contacts, identities, interactions, cases, leads,
        outbound, ledgerEntries, decisions, pending);
    LOG.info("erasure {} by {} done as {}: {} interactions, {} cases, {} leads, {} outbound, {} ledger entries",
        requestId, actor.type(), pseudonym, interactions, cases, leads, outbound, ledgerEntries);
    return report;
  }

  /**
   * Restricts processing of a subject's data (GDPR Art. 18): the gate then denies everything but
   * the subject's access to their own data; the data stays stored.
   *
   * @param subject the data subject
   * @param actor who restricts
   */
  public void restrict(ContactId subject, Actor actor) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(actor, "actor");
    ledger.store().restrict(subject, true);
    complete(subject, RequestType.RESTRICTION, clock.instant(), null);
    LOG.debug("processing of subject {} restricted by {}", subject, actor.type());
  }

  /**
   * Lifts a restriction of processing.
   *
   * @param subject the data subject
   * @param actor who lifts it
   */
  public void liftRestriction(ContactId subject, Actor actor) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(actor, "actor");
    ledger.store().restrict(subject, false);
    LOG.debug("restriction of subject {} lifted by {}", subject, actor.type());
  }

  /**
   * Another person's case without the subject's messages, and with the subject and their earlier
   * contacts replaced by their pseudonyms as actors of its trail (and a note naming an erased message
   * dropped).
   */
  private static Case withoutSubject(Case c, Map<Actor, Actor> aliases, Set<String> erasedIds) {
    List<InteractionId> kept = new ArrayList<>();
    for (InteractionId id : c.interactions()) {
      if (!erasedIds.contains(id.value())) {
        kept.add(id);
      }
    }
    List<AuditEntry> audit = new ArrayList<>();
    for (AuditEntry e : c.audit()) {
      Actor alias = aliases.get(e.actor());
      boolean namesThem = e.note() != null && erasedIds.contains(e.note());
      audit.add(alias != null || namesThem ? new AuditEntry(e.at(), alias != null ? alias : e.actor(), e.action(),
          e.from(), e.to(), e.channel(), namesThem ? null : e.note(), e.commandId()) : e);
    }
    return new Case(c.id(), c.contactId(), c.type(), c.originChannel(), c.originThread(), c.state(), c.open(),
        c.priority(), c.queue(), c.assignee(), c.escalationLevel(), kept, c.tags(), audit, c.openedAt(),
        c.updatedAt(), c.version());
  }

  /** Completes the subject's open requests of a type, or records a completed one; returns its id. */
  private String complete(ContactId subject, RequestType type, Instant now, @Nullable ContactId pseudonym) {
    String id = null;
    for (DataSubjectRequest r : List.copyOf(requests.values())) {
      if (r.subject().equals(subject) && r.type() == type && r.completedAt() == null) {
        requests.put(r.id(), new DataSubjectRequest(r.id(), pseudonym != null ? pseudonym : subject, type,
            r.receivedAt(), r.dueAt(), now));
        id = r.id();
      }
    }
    if (id == null) {
      DataSubjectRequest done = new DataSubjectRequest("dsr-" + UUID.randomUUID(),
          pseudonym != null ? pseudonym : subject, type, now, now.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant(),
          now);
      requests.put(done.id(), done);
      id = done.id();
    }
    return id;
  }

  /**
   * Deletes a case as it is now, with the interactions recorded on it since the erasure read it (a
   * reply a dispatcher recorded meanwhile): the case is read again and deleted at the version read,
   * and read once more if it changed in between. A recording that comes after the delete finds no
   * case, and takes its reply away itself. Returns 1 if the case was deleted here; counts the added
   * interactions it deleted in {@code added}.
   */
  private int eraseCase(CaseId id, Set<InteractionId> deleted, int[] added) {
    Stores stores = crm.stores();
    for (int attempt = 0; attempt < 100; attempt++) {
      Optional<Case> current = stores.cases().find(id);
      if (current.isEmpty()) {
        return 0;
      }
      for (InteractionId recorded : current.get().interactions()) {
        if (deleted.add(recorded) && stores.interactions().delete(recorded)) {
          added[0]++;
        }
      }
      try {
        if (!stores.cases().delete(id, current.get().version())) {
          return 0;
        }
        // the capacity its agent held goes back to routing
        crm.releaseErased(current.get());
        return 1;
      } catch (StaleVersionException changed) {
        // written meanwhile: read it again, with what was added
      }
    }
    throw new IllegalStateException("case " + id + ": erasing it kept losing races");
  }

  /** Everything in the stores that belongs to a subject. */
  private Footprint footprint(ContactId subject) {
    Stores stores = crm.stores();
    Set<IdentityKey> identities = new LinkedHashSet<>();
    Optional<Contact> contact = stores.contacts().find(subject);
    // a key the contact still lists but that belongs to another contact now (a link that was written
    // in part) is the other contact's
    contact.ifPresent(c -> c.identities().stream()
        .filter(k -> stores.identities().findContactId(k).map(subject::equals).orElse(true))
        .forEach(identities::add));
    for (Identity i : stores.identities().findByContact(subject)) {
      identities.add(i.key());
    }
    Map<InteractionId, Boolean> interactions = new LinkedHashMap<>();
    for (IdentityKey key : identities) {
      for (Interaction i : stores.interactions().findByAuthor(key)) {
        interactions.put(i.id(), Boolean.TRUE);
      }
    }
    Map<CaseId, Case> caseById = new LinkedHashMap<>();
    stores.cases().findByContact(subject).forEach(c -> caseById.put(c.id(), c));
    Map<LeadId, Lead> leadById = new LinkedHashMap<>();
    stores.leads().findByContact(subject).forEach(l -> leadById.put(l.id(), l));
    // cases and leads opened by the subject's own message under a contact the identity belonged to
    // before a link; a case or lead of another person that one of the subject's messages joined (a
    // reply in someone else's public thread) is not the subject's
    Set<InteractionId> authored = Set.copyOf(interactions.keySet());
    for (InteractionId id : authored) {
      stores.cases().findByInteraction(id).filter(c -> authored.contains(c.interactions().get(0)))
          .ifPresent(c -> caseById.putIfAbsent(c.id(), c));
      stores.leads().findByInteraction(id).filter(l -> authored.contains(l.sourceInteraction()))
          .ifPresent(l -> leadById.putIfAbsent(l.id(), l));
    }
    List<Case> cases = List.copyOf(caseById.values());
    for (Case c : cases) {
      c.interactions().forEach(id -> interactions.put(id, Boolean.TRUE));
    }
    List<Lead> leads = List.copyOf(leadById.values());
    for (Lead l : leads) {
      l.interactions().forEach(id -> interactions.put(id, Boolean.TRUE));
    }
    Set<ContactId> recipients = new LinkedHashSet<>();
    recipients.add(subject);
    cases.forEach(c -> recipients.add(c.contactId()));
    leads.forEach(l -> recipients.add(l.contactId()));
    // the pseudonymous contacts the subject's handles belonged to before a link: what was recorded
    // under them (consent entries, the gate's decisions, messages queued to them) is the subject's,
    // once no other handle is theirs
    List<ContactId> former = new ArrayList<>();
    for (ContactId r : recipients) {
      if (!r.equals(subject) && stores.contacts().find(r).map(Contact::pseudonymous).orElse(true)
          && stores.identities().findByContact(r).stream().allMatch(i -> identities.contains(i.key()))) {
        former.add(r);
      }
    }
    Set<CaseId> caseIds = caseById.keySet();
    List<OutboundMessage> outbound = new ArrayList<>();
    for (ContactId r : recipients) {
      boolean theirs = r.equals(subject) || former.contains(r);
      for (OutboundMessage m : stores.outbox().findByRecipient(r)) {
        if (theirs || m.caseId() != null && caseIds.contains(m.caseId())) {
          outbound.add(m);
        }
      }
    }
    return new Footprint(List.copyOf(identities), List.copyOf(interactions.keySet()), cases, leads, outbound,
        List.copyOf(former));
  }

  private record Footprint(List<IdentityKey> identities, List<InteractionId> interactions, List<Case> cases,
      List<Lead> leads, List<OutboundMessage> outbound, List<ContactId> former) {}
}
