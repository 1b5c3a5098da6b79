package io.scrm.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.consent.ConsentPolicy;
import io.scrm.core.consent.ConsentQuery;
import io.scrm.core.event.CaseOpened;
import io.scrm.core.event.CaseTransitioned;
import io.scrm.core.event.CaseUpdated;
import io.scrm.core.event.ContactCreated;
import io.scrm.core.event.CrmEvent;
import io.scrm.core.event.EventBus;
import io.scrm.core.event.IdentityLinked;
import io.scrm.core.event.IntakeRouted;
import io.scrm.core.event.InteractionDeleted;
import io.scrm.core.event.InteractionEdited;
import io.scrm.core.event.InteractionIngested;
import io.scrm.core.event.LeadCreated;
import io.scrm.core.event.LeadScored;
import io.scrm.core.event.LeadStageChanged;
import io.scrm.core.event.ReplyDenied;
import io.scrm.core.event.ReplyQueued;
import io.scrm.core.event.SlaBreached;
import io.scrm.core.event.SlaWarning;
import io.scrm.core.internal.Require;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.CampaignTouch;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.Direction;
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
import io.scrm.core.model.Provenance;
import io.scrm.core.model.Revision;
import io.scrm.core.model.Visibility;
import io.scrm.core.process.CaseCommand;
import io.scrm.core.process.CommandKind;
import io.scrm.core.process.CommandResult;
import io.scrm.core.process.EscalationPolicy;
import io.scrm.core.process.IllegalCommandException;
import io.scrm.core.process.ProcessDefinition;
import io.scrm.core.process.SlaMonitor;
import io.scrm.core.process.SlaPolicies;
import io.scrm.core.process.SlaScheduler;
import io.scrm.core.process.SlaStatus;
import io.scrm.core.routing.CampaignLinks;
import io.scrm.core.routing.IllegalLeadMoveException;
import io.scrm.core.routing.LeadNotFoundException;
import io.scrm.core.routing.LeadScoring;
import io.scrm.core.store.DuplicateKeyException;
import io.scrm.core.store.StaleVersionException;
import io.scrm.core.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
/**
 * The Social CRM engine: hears customers on any channel, knows who they are, keeps their matters as
 * cases, and answers them on the channel and thread they used, through the consent gate and the
 * outbox. Thread-safe: any number of threads may call any method at once.
 *
 * <p>Build one with {@link #builder()}; the defaults are in-memory stores, the system clock and the
 * strict consent policy. Events are delivered synchronously to the listeners registered with {@link
 * #events()}, on the calling thread, after the change is stored. The engine logs ids only, never
 * message text or personal data.
 *
 * <p>Correctness under concurrency and across several instances on one database rests on the
 * stores' unique keys and optimistic versions, not on locks in this process: a delivery is stored at
 * most once because its id is derived from (channel, external id); a thread has at most one open
 * case; a stale update is retried on fresh state.
 *
 * @since 0.1.0
 */
public final class SocialCrm implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SocialCrm.class);
  private static final Actor ROUTER = Actor.system("router");
  private static final int MAX_ATTEMPTS = 1_000;
  /** How often a message is heard again because its author was erased while it was heard. */
  private static final int MAX_ERASED_AUTHORS = 10;
  /** The audit action of a message deleted on its platform; the entry's note is the message's id. */
  private static final String MESSAGE_DELETED = "MESSAGE_DELETED";
  /** Purpose of service replies in the customer's thread or in public. */
  public static final String SERVICE_REPLY = "service-reply";

  private final Clock clock;
  private final Stores stores;
  private final ConsentPolicy consent;
  private final EventBus events;
  /** Recent deliveries, in front of stores that leave the process; null for in-process stores. */
  private final @Nullable Cache<InteractionId, IngestResult> seen;
  private final Outbox outbox;
  private final String senderHandle;
  private final IntakeRouter router;
  private final SendCheck sendCheck;
  private final LeadScoring leadScoring;

  private SocialCrm(Builder b) {
    this.clock = b.clock;
    this.stores = b.stores;
    this.consent = b.consent;
    this.events = b.events;
    // maintenance on the calling thread: handing every write to the common pool costs a thread
    // wake-up per ingest, which was half of the ingest time in the pipeline benchmark
    // an in-memory store answers as fast as the cache would, and the cache would hold a second copy
    this.seen = b.stores.inProcess() || b.dedupCacheSize == 0 ? null
        : Caffeine.newBuilder().maximumSize(b.dedupCacheSize).executor(Runnable::run).build();
    this.senderHandle = b.senderHandle;
    this.router = b.router;
    this.sendCheck = b.sendCheck;
    this.leadScoring = b.leadScoring;
    this.outbox = new Outbox(this);
    this.caseProcess = new CaseProcessSetup(b.process, new SlaMonitor(b.process, b.slaPolicies),
        b.escalationPolicy);
  }

  /**
   * Returns a builder with the embedded defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns an engine with the embedded defaults: in-memory stores, the system clock (UTC) and the
   * strict consent policy.
   *
   * @return a new engine
   */
  public static SocialCrm ofDefaults() {
    return builder().build();
  }

  /**
   * Takes in one inbound message from any channel.
   *
   * <p>Idempotent by (channel, external id): a repeated delivery creates nothing and returns the
   * first result with outcome {@link IngestResult.Outcome#DUPLICATE}; an edit (same id, {@code
   * edited} set, other text or files) replaces the text, keeping the earlier one as a revision, and
   * the files. The author's
   * handle is resolved to its contact; an unknown handle gets a new pseudonymous contact and is never
   * matched to an existing contact by name or address. The message joins the open case of its
   * thread, or opens a new case.
   *
   * @param interaction the inbound message as the channel adapter normalised it (version 0)
   * @return what was done
   * @throws IllegalArgumentException if the interaction is not inbound, or is marked deleted
   */
  public IngestResult ingest(Interaction interaction) {
    Objects.requireNonNull(interaction, "interaction");
    if (interaction.direction() != Direction.INBOUND) {
      throw new IllegalArgumentException("interaction must be INBOUND, was " + interaction.direction());
    }
    if (interaction.deletedAt() != null) {
      // a platform's message is heard undeleted; a deletion is recorded by markDeleted, with its audit
      throw new IllegalArgumentException("interaction must not be marked deleted when it is heard; "
          + "record a deletion with markDeleted");
    }
    IngestResult known = seen == null ? null : seen.getIfPresent(interaction.id());
    if (known != null && !interaction.edited()) {
      LOG.debug("duplicate delivery {} (cached)", interaction.id());
      return known.as(IngestResult.Outcome.DUPLICATE);
    }
    Optional<Interaction> existing = stores.interactions().find(interaction.id());
    if (existing.isPresent()) {
      return redelivered(existing.get(), interaction);
    }
    Instant now = clock.instant();
    Author author = resolveAuthor(interaction, now);
    Optional<Case> open = stores.cases().findOpenByThread(interaction.channel(), interaction.threadId());
    Interaction stored;
    try {
      stored = stores.interactions().create(interaction.version() == 0 ? interaction : interaction.withVersion(0));
    } catch (DuplicateKeyException raced) {
      return redelivered(stores.interactions().find(interaction.id()).orElseThrow(), interaction);
    }
    IngestResult result = attach(stored, author, now, open);
    LOG.debug("ingested {} contact={} case={}", stored.id(), result.contact(), result.caseId());
    announce(stored, result, now);
    result = result.as(IngestResult.Outcome.CREATED);
    if (recordEarlyDeletion(stored.id(), now)) {
      remember(stored.id(), result);
    }
    return result;
  }

  /** Publishes that a message was ingested, if this call attached it (not a racing delivery). */
  private void announce(Interaction message, IngestResult attached, Instant now) {
    if (attached.outcome() == IngestResult.Outcome.CREATED) {
      publish(new InteractionIngested(now, message.id(), message.channel(), attached.contact(),
          attached.caseId(), attached.leadId()));
    }
  }

  /**
   * Records a deletion heard before its message (kept in {@link Stores#earlyDeletions()}), now that
   * the message and its case are there. It is forgotten only once recorded: a failure leaves it for
   * the message's next delivery, and does not fail the delivery that stored the message.
   *
   * @return true if nothing is left to record; false if a deletion is left for the next delivery,
   *     which must then not be answered from the cache of results
   */
  private boolean recordEarlyDeletion(InteractionId id, Instant now) {
    try {
      Optional<Instant> deletedAt = stores.earlyDeletions().find(id, now);
      if (deletedAt.isEmpty()) {
        return true;
      }
      // recorded, it is forgotten there
      return recordDeletion(id, deletedAt.get()).complete();
    } catch (RuntimeException e) {
      LOG.warn("the deletion of {} heard before its message is not completely recorded ({}); "
          + "the message's next delivery completes it", id, e.getClass().getName());
      return false;
    }
  }

  private void remember(InteractionId id, IngestResult result) {
    if (seen != null) {
      seen.put(id, result);
    }
  }

  /** A delivery whose interaction is already stored: apply an edit, repair a missing attachment. */
  private IngestResult redelivered(Interaction existing, Interaction incoming) {
    IngestResult.Outcome outcome = IngestResult.Outcome.DUPLICATE;
    if (incoming.edited() && !sameContent(incoming, existing)) {
      Interaction edited = applyEdit(existing.id(), incoming);
      if (edited != null) {
        outcome = IngestResult.Outcome.EDITED;
        publish(new InteractionEdited(clock.instant(), edited.id(), edited.revisions().size()));
        LOG.debug("edited {} revisions={}", edited.id(), edited.revisions().size());
      }
    }
    IngestResult result = attachment(existing);
    if (result == null) {
      // stored before a crash or by a racing delivery that has not attached it yet: attach now
      Instant now = clock.instant();
      result = attach(existing, resolveAuthor(existing, now), now,
          stores.cases().findOpenByThread(existing.channel(), existing.threadId()));
      announce(existing, result, now);
    }
    // after the attachment: a deletion heard before the case was there is recorded with the case
    if (recordEarlyDeletion(existing.id(), clock.instant())) {
      remember(existing.id(), result);
    }
    return result.as(outcome);
  }

  /**
   * Notes that a message was deleted on its platform (by its author, or by a moderator where the
   * platform does not say which: a comment removed, a status deleted). The stored message is kept for
   * its case's record and marked with the time ({@link Interaction#deletedAt()}); its case gets a
   * {@code MESSAGE_DELETED} audit entry naming it, and once that is written an {@link
   * InteractionDeleted} event follows, once per message.
   * Removing the message is what an erasure does.
   *
   * <p>Idempotent, and safe to repeat after a failure: a message already marked keeps its first time,
   * and a repeat adds the audit entry (and publishes the event) if an earlier call marked the message
   * but could not write its case. A deletion of a message not stored (yet), or stored but not yet in
   * its case, is kept in the stores' {@link Stores#earlyDeletions() early deletions} for 48 hours and
   * completed when {@link #ingest} has stored the message and its case, by this engine or another on
   * the same stores, after a restart too where the stores outlive the process: a platform's retries
   * can bring a deletion before the message it deletes.
   *
   * @param id the message
   * @param deletedAt when it was deleted, as the platform says (else when it was heard)
   * @return true if this call recorded the deletion (marked the message, or completed its case's
   *     record); false if scrm holds no such message, or none attached to its case or lead yet (the
   *     deletion is then remembered for it), or the deletion was recorded before
   */
  public boolean markDeleted(InteractionId id, Instant deletedAt) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(deletedAt, "deletedAt");
    return recordDeletion(id, deletedAt).recordedNow();
  }

  /**
   * What a call recording a deletion did: whether it recorded anything, and whether the record is
   * complete (the message marked, and its case's audit entry written where a case holds it).
   */
  private record DeletionRecord(boolean recordedNow, boolean complete) {}

  private DeletionRecord recordDeletion(InteractionId id, Instant deletedAt) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Interaction> found = stores.interactions().find(id);
      if (found.isEmpty()) {
        stores.earlyDeletions().remember(id, deletedAt, clock.instant());
        // ingest looks at the remembered deletions after it stored a message: one stored meanwhile
        // (here or on another instance) may have looked before this one was there, so look again
        if (stores.interactions().find(id).isEmpty()) {
          LOG.debug("deletion of {}: not stored, remembered for its message", id);
          return new DeletionRecord(false, false);
        }
        // stored meanwhile: record it now (the kept deletion, with the first time heard, goes with it)
        continue;
      }
      Interaction message = found.get();
      Optional<Case> holder = stores.cases().findByInteraction(id);
      boolean keeps = false;
      if (holder.isEmpty() && waitsForItsCase(message)) {
        // stored, its case not yet: the delivery attaching it records the deletion, mark and case's
        // entry together. It looks at the kept deletions after attaching, so look again for the case
        stores.earlyDeletions().remember(id, deletedAt, clock.instant());
        keeps = true;
        holder = stores.cases().findByInteraction(id);
        if (holder.isEmpty() && waitsForItsCase(message)) {
          LOG.debug("deletion of {}: stored, not yet attached, kept for its case", id);
          return new DeletionRecord(false, false);
        }
      }
      // a deletion kept for the message: heard before it came, or while it waited for its case
      Optional<Instant> kept = stores.earlyDeletions().find(id, clock.instant());
      keeps |= kept.isPresent();
      Instant at = message.deletedAt();
      boolean markedNow = at == null;
      if (markedNow) {
        // the deletion heard first, if it is still kept, gives the time: a platform's repeat comes later
        Instant first = kept.filter(deletedAt::isAfter).orElse(deletedAt);
        try {
          stores.interactions().update(message.toBuilder().deletedAt(first).build());
        } catch (StaleVersionException retry) {
          // edited or marked meanwhile: look again
          continue;
        }
        at = first;
      }
      // the case's record comes after the mark: a failure in between is completed by the repeat
      boolean auditedNow = holder.isPresent() && auditDeletion(message, holder.get());
      if (keeps) {
        stores.earlyDeletions().forget(id);
      }
      // the event goes with the case's entry, which one call adds; for a message no case holds (a
      // lead's, a reply whose case could not be written), with the mark, which one call makes
      boolean publishes = holder.isPresent() ? auditedNow : markedNow;
      if (!publishes) {
        // recorded before; or the case got its entry from a concurrent call, which published the event
        LOG.debug("deletion of {}: recorded before", id);
        return new DeletionRecord(markedNow, true);
      }
      publish(new InteractionDeleted(clock.instant(), id, at));
      LOG.debug("deletion of {} recorded", id);
      return new DeletionRecord(true, true);
    }
    throw new IllegalStateException("interaction " + id + ": marking its deletion kept losing races");
  }

  /**
   * Whether a stored message no case holds is waiting for its delivery to attach it: an inbound
   * message no lead holds. A reply is recorded on its case by the outbox, not by a delivery.
   */
  private boolean waitsForItsCase(Interaction message) {
    return message.direction() == Direction.INBOUND && stores.leads().findByInteraction(message.id()).isEmpty();
  }

  /** Adds the {@code MESSAGE_DELETED} entry naming the message to its case unless there is one; true if added. */
  private boolean auditDeletion(Interaction message, Case holder) {
    if (isAuditedDeleted(holder, message.id())) {
      return false;
    }
    Instant now = clock.instant();
    // whether the change that was stored is this call's: the last application of it decides
    boolean[] added = new boolean[1];
    updateCase(holder.id(), current -> {
      added[0] = !isAuditedDeleted(current, message.id());
      return added[0] ? current.withAudit(new AuditEntry(now, Actor.SYSTEM, MESSAGE_DELETED, null, null,
          message.channel(), message.id().value(), null)) : current;
    });
    return added[0];
  }

  private static boolean isAuditedDeleted(Case c, InteractionId message) {
    for (AuditEntry entry : c.audit()) {
      if (entry.action().equals(MESSAGE_DELETED) && message.value().equals(entry.note())) {
        return true;
      }
    }
    return false;
  }

  /** Whether an edit left a message as it was: its text, and its files with their descriptions. */
  private static boolean sameContent(Interaction incoming, Interaction stored) {
    return incoming.text().equals(stored.text()) && incoming.attachments().equals(stored.attachments());
  }

  /**
   * Applies an edit: the new text, with the old one kept as a revision, and the files as the edited
   * message carries them (one added, one taken away, a description changed); null if the stored
   * message already reads so.
   */
  private @Nullable Interaction applyEdit(InteractionId id, Interaction incoming) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Interaction current = stores.interactions().find(id).orElseThrow();
      if (sameContent(incoming, current)) {
        return null;
      }
      Interaction.Builder edit = current.toBuilder().edited(true).attachments(incoming.attachments());
      if (!current.text().equals(incoming.text())) {
        edit.text(incoming.text()).addRevision(new Revision(current.text(), clock.instant()));
      }
      Interaction next = edit.build();
      try {
        return stores.interactions().update(next);
      } catch (StaleVersionException retry) {
        // somebody else edited it; apply ours on the fresh state
      }
    }
    throw new IllegalStateException("interaction " + id + ": edit kept losing races");
  }

  private @Nullable IngestResult attachment(Interaction interaction) {
    Optional<Case> owner = stores.cases().findByInteraction(interaction.id());
    if (owner.isPresent()) {
      return new IngestResult(interaction.id(), IngestResult.Outcome.DUPLICATE, owner.get().contactId(),
          owner.get().id(), null);
    }
    return stores.leads().findByInteraction(interaction.id())
        .map(l -> new IngestResult(interaction.id(), IngestResult.Outcome.DUPLICATE, l.contactId(), null, l.id()))
        .orElse(null);
  }

  /**
   * Finds or creates the author's identity, and for a new one its contact. An identity stored without
   * its contact (a crash between the two writes) is repaired where the contact is needed, in {@link
   * #start}: a message joining an existing case or lead does not look the contact up.
   */
  private Author resolveAuthor(Interaction interaction, Instant now) {
    IdentityKey key = interaction.author();
    Optional<ContactId> found = stores.identities().findContactId(key);
    if (found.isEmpty()) {
      Identity fresh = Identity.of(key, interaction.authorName(), ContactId.random(), now);
      try {
        Identity created = stores.identities().create(fresh);
        return new Author(created.contactId(), createContact(created, now));
      } catch (DuplicateKeyException raced) {
        found = stores.identities().findContactId(key);
      }
    }
    return new Author(found.orElseThrow(), null);
  }

  /** A message's author: the identity's contact id, and the contact if this message created it (else null). */
  private record Author(ContactId contactId, @Nullable Contact created) {}

  /**
   * The author's contact; creates it if the identity lost it (see {@link #resolveAuthor}).
   *
   * @throws AuthorErased if the author was erased (or the handle moved to another contact) since
   *     the message found them
   */
  private Contact contactOf(Interaction interaction, ContactId author, Instant now) {
    Optional<Contact> contact = stores.contacts().find(author);
    if (contact.isPresent()) {
      return contact.get();
    }
    Optional<Identity> identity = stores.identities().find(interaction.author())
        .filter(i -> i.contactId().equals(author));
    identity.ifPresent(i -> ensureContact(i, now));
    return stores.contacts().find(author).orElseThrow(AuthorErased::new);
  }

  /**
   * The contact a message found for its author is gone: erased meanwhile. Thrown where the message
   * would otherwise open a case or lead of the erased contact; the message is heard again.
   */
  private static final class AuthorErased extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AuthorErased() {
      super(null, null, false, false);
    }
  }

  /**
   * Whether a contact that existed when its message was routed is still there after its case or lead
   * was created; if it is not (erased meanwhile), the erasure may have swept before the new case or
   * lead existed, so the message takes it away again.
   */
  private boolean erasedMeanwhile(ContactId author, @Nullable Contact newContact) {
    // a contact this message just created is known to no erasure yet
    return newContact == null && stores.contacts().find(author).isEmpty();
  }

  private void ensureContact(Identity identity, Instant now) {
    if (stores.contacts().find(identity.contactId()).isEmpty()) {
      createContact(identity, now);
    }
  }

  /** Creates the pseudonymous contact of an identity; null if a concurrent delivery did. */
  private @Nullable Contact createContact(Identity identity, Instant now) {
    try {
      Contact created = stores.contacts().create(
          Contact.pseudonymous(identity.contactId(), identity.key(), identity.firstSeen()));
      publish(new ContactCreated(now, identity.contactId(), true));
      if (stores.identities().findContactId(identity.key()).filter(identity.contactId()::equals).isEmpty()) {
        // linked to another contact between the identity's write and this one: as after a link, the
        // new contact does not list the handle it no longer owns
        IdentityKey key = identity.key();
        updateContact(identity.contactId(), c -> c.identities().contains(key)
            && stores.identities().findContactId(key).filter(c.id()::equals).isEmpty()
            ? c.toBuilder().removeIdentity(key).build() : c);
      }
      return created;
    } catch (DuplicateKeyException raced) {
      // created by a concurrent delivery of the same author
      return null;
    }
  }

  /**
   * Attaches a stored message to its case or lead as {@link #attach(Interaction, ContactId, Instant,
   * Optional, Contact)} does; if its author was erased meanwhile, it is heard as after the erasure,
   * from a new identity and contact.
   */
  private IngestResult attach(Interaction message, Author author, Instant now, Optional<Case> firstLook) {
    Author current = author;
    Optional<Case> look = firstLook;
    for (int attempt = 0; ; attempt++) {
      try {
        return attach(message, current.contactId(), now, look, current.created());
      } catch (AuthorErased erased) {
        if (attempt == MAX_ERASED_AUTHORS) {
          throw new IllegalStateException("interaction " + message.id() + ": its author kept being erased");
        }
        LOG.debug("contact {} erased while {} was heard; heard again", current.contactId(), message.id());
        current = resolveAuthor(message, now);
        look = stores.cases().findOpenByThread(message.channel(), message.threadId());
      }
    }
  }

  /**
   * Adds the interaction to the open case of its thread, or opens one, starting from a look-up of
   * that case already made; later attempts (after losing a race) look again. A contact this message
   * just created is routed as created, without reading it back.
   */
  private IngestResult attach(Interaction interaction, ContactId author, Instant now, Optional<Case> firstLook,
      @Nullable Contact newContact) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Case> open = attempt == 0 ? firstLook
          : stores.cases().findOpenByThread(interaction.channel(), interaction.threadId());
      if (open.isEmpty()) {
        open = handOverCase(interaction, author, attempt == 0 && newContact != null);
      }
      if (open.isEmpty()) {
        open = caseOfRepliedTo(interaction, author);
      }
      if (open.isEmpty()) {
        open = reopenedBy(interaction, author);
      }
      if (open.isPresent()) {
        Case current = open.get();
        // the case's customer writing under the contact their handle was linked to is still its
        // customer; decided once here, for the trail and for the customer's reply below
        boolean byCustomer = isCustomerOf(current, interaction, author);
        ContactId writer = byCustomer && interaction.direction() == Direction.INBOUND ? current.contactId() : author;
        AuditEntry entry = new AuditEntry(now, Actor.customer(writer), "MESSAGE", null, null,
            interaction.channel(), interaction.kindAndVisibility(), null);
        Case next = current.withInteraction(interaction.id(), entry);
        if (next == current) {
          // already attached (a redelivery after a crash between the two writes, or a racing
          // delivery), and announced by whoever attached it
          customerWrote(current, interaction, byCustomer);
          return new IngestResult(interaction.id(), IngestResult.Outcome.DUPLICATE, author, current.id(), null);
        }
        try {
          Case updated = stores.cases().update(next);
          publish(new CaseUpdated(entry.at(), updated.id(), entry.action(), updated.version()));
          customerWrote(updated, interaction, byCustomer);
          return new IngestResult(interaction.id(), IngestResult.Outcome.CREATED, author, updated.id(), null);
        } catch (StaleVersionException | DuplicateKeyException retry) {
          continue;
        }
      }
      // a contact this message created has no lead of its own, unless another message of its chat
      // started one while this one was routed (a lost race)
      Optional<Lead> lead = openLeadOfThread(interaction, author, attempt == 0 && newContact != null);
      if (lead.isPresent()) {
        IngestResult joined = joinLead(lead.get(), interaction, now);
        if (joined != null) {
          return joined;
        }
        continue;
      }
      IngestResult started = start(interaction, author, now, newContact);
      if (started != null) {
        return started;
      }
    }
    throw new IllegalStateException("interaction " + interaction.id() + ": attaching kept losing races");
  }

  /**
   * The closed case of this author in the message's thread, reopened by the message where the
   * process lets the customer reopen it (the standard process: within its reopen window). The
   * command id derives from the message, so a redelivery reopens it once.
   */
  private Optional<Case> reopenedBy(Interaction interaction, ContactId author) {
    if (interaction.direction() != Direction.INBOUND) {
      return Optional.empty();
    }
    ProcessDefinition process = caseProcess.definition();
    Optional<Case> closed = stores.cases().findLatestByThread(interaction.channel(), interaction.threadId())
        .filter(c -> !c.open() && isCustomerOf(c, interaction, author)
            && process.declares(c.state(), CommandKind.CUSTOMER_REPLIED));
    if (closed.isEmpty()) {
      return closed;
    }
    try {
      // the case's customer, as the message's own line names them (isCustomerOf lets a linked author in)
      Case reopened = apply(closed.get().id(), CaseCommand.customerReplied("customer-replied:"
          + interaction.id().value(), Actor.customer(closed.get().contactId()), interaction.channel())).stored();
      return reopened.open() ? Optional.of(reopened) : Optional.empty();
    } catch (IllegalCommandException | CaseNotFoundException notReopened) {
      // outside the window, or another case of the thread opened meanwhile: a new case, or that one
      LOG.debug("case {}: message {} does not reopen it: {}", closed.get().id(), interaction.id(),
          notReopened.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The open case of this author that holds the message this one answers: on platforms whose thread
   * is the answered message (a Mastodon status replying to the brand's reply), the conversation stays
   * in one case. Another author answering the same message starts their own.
   */
  private Optional<Case> caseOfRepliedTo(Interaction interaction, ContactId author) {
    return InteractionId.ofReference(interaction.channel(), interaction.inReplyTo())
        .flatMap(stores.cases()::findByInteraction)
        .filter(c -> c.open() && isCustomerOf(c, interaction, author));
  }

  /**
   * Whether a message is the case's customer's: its author is the case's contact, or the identity
   * whose message opened the case while it belonged to another contact (before a link moved it).
   */
  private boolean isCustomerOf(Case c, Interaction message, ContactId author) {
    return c.contactId().equals(author) || openedBy(c.interactions().get(0), message);
  }

  /** Whether the message that opened a case or lead has the same author as {@code message}. */
  private boolean openedBy(InteractionId opening, Interaction message) {
    return stores.interactions().find(opening).filter(m -> m.author().equals(message.author())).isPresent();
  }

  /**
   * The open case of this author that asked for details privately in exactly this channel and thread
   * (its latest ASK_CUSTOMER names them): the private answer stays in that case. A contact this
   * message just created has no case; a case the author's handle opened before it was linked to
   * their contact stays under the contact it had then, and is found through the author's messages.
   */
  private Optional<Case> handOverCase(Interaction interaction, ContactId author, boolean newContact) {
    if (interaction.direction() != Direction.INBOUND || interaction.visibility() != Visibility.PRIVATE
        || newContact) {
      return Optional.empty();
    }
    String marker = "thread " + interaction.threadId();
    for (Case c : stores.cases().findByContact(author)) {
      if (asksFor(c, interaction.channel(), marker)) {
        return Optional.of(c);
      }
    }
    if (!linked(interaction.author(), author)) {
      return Optional.empty();
    }
    // each case once: the author's other messages in a case found are not looked up again
    Set<InteractionId> covered = new HashSet<>();
    for (Interaction earlier : stores.interactions().findByAuthor(interaction.author())) {
      if (earlier.id().equals(interaction.id()) || !covered.add(earlier.id())) {
        continue;
      }
      Optional<Case> c = stores.cases().findByInteraction(earlier.id());
      if (c.isEmpty()) {
        continue;
      }
      covered.addAll(c.get().interactions());
      if (!c.get().contactId().equals(author) && asksFor(c.get(), interaction.channel(), marker)
          && openedBy(c.get().interactions().get(0), interaction)) {
        return c;
      }
    }
    return Optional.empty();
  }

  /** Whether an open case's latest ASK_CUSTOMER asked for an answer in this channel and thread. */
  private static boolean asksFor(Case c, ChannelId channel, String marker) {
    if (!c.open()) {
      return false;
    }
    List<AuditEntry> audit = c.audit();
    for (int i = audit.size() - 1; i >= 0; i--) {
      AuditEntry e = audit.get(i);
      if (CommandKind.ASK_CUSTOMER.name().equals(e.action())) {
        return channel.equals(e.channel()) && e.note() != null
            && (e.note().equals(marker) || e.note().startsWith(marker + ": "));
      }
    }
    return false;
  }

  /**
   * Whether an identity may have opened cases or leads under another contact than its own: its
   * contact is not the pseudonymous one created for it alone, so it was linked to a customer record
   * or to another handle's contact.
   */
  private boolean linked(IdentityKey identity, ContactId contact) {
    return stores.contacts().find(contact)
        .filter(c -> !c.pseudonymous() || !c.identities().equals(List.of(identity))).isPresent();
  }

  /**
   * The customer wrote into a case whose clocks are paused (waiting on the customer) or stopped
   * (resolved): applies CUSTOMER_REPLIED, so the clocks resume or the case reopens. The command id
   * derives from the message, so a redelivery applies it once.
   */
  private void customerWrote(Case c, Interaction interaction, boolean byCustomer) {
    ProcessDefinition process = caseProcess.definition();
    // another person's post in the thread is not the customer's answer: it neither reopens the case
    // nor resumes its clocks
    if (interaction.direction() != Direction.INBOUND
        || !(process.pausesClocks(c.state()) || process.stopsClocks(c.state()))
        || !process.declares(c.state(), CommandKind.CUSTOMER_REPLIED) || !byCustomer) {
      return;
    }
    try {
      apply(c.id(), CaseCommand.customerReplied("customer-replied:" + interaction.id().value(),
          Actor.customer(c.contactId()), interaction.channel()));
    } catch (IllegalCommandException refused) {
      LOG.debug("case {}: customer message {} not applied as a reply: {}", c.id(), interaction.id(),
          refused.getMessage());
    }
  }

  /** Opens a case or creates a lead for a message that starts something new; null if it lost a race. */
  private @Nullable IngestResult start(Interaction interaction, ContactId author, Instant now,
      @Nullable Contact newContact) {
    Contact contact = newContact != null ? newContact : contactOf(interaction, author, now);
    IntakeDecision decision = routeSafely(interaction, contact);
    if (decision.target() == IntakeDecision.Target.LEAD) {
      Lead created;
      try {
        created = stores.leads().create(newLead(interaction, author, decision, now));
      } catch (DuplicateKeyException raced) {
        // another message of the same chat started the author's lead first: join it, and give back
        // the capacity routing took for this one
        if (decision.assignee() != null) {
          releaseSafely(decision.assignee());
        }
        return null;
      }
      if (erasedMeanwhile(author, newContact)) {
        if (stores.leads().delete(created.id())) {
          releaseErased(created);
        }
        throw new AuthorErased();
      }
      if (stores.cases().findOpenByThread(interaction.channel(), interaction.threadId()).isPresent()
          && yieldLead(created)) {
        // another message of the chat opened a case meanwhile: this message joins it, as it would
        // have, had it come second
        return null;
      }
      publish(new LeadCreated(created.createdAt(), created.id(), author, created.sourceChannel(), created.campaign()));
      publish(new IntakeRouted(created.createdAt(), interaction.id(), null, created.id(), created.queue(),
          created.owner(), decision.explanation()));
      publishScoring(created, LeadStage.NEW, scoreEventOf(interaction), decision.scorePoints());
      return new IngestResult(interaction.id(), IngestResult.Outcome.CREATED, author, null, created.id());
    }
    Case fresh = Case.open(CaseId.random(), author, interaction, decision.type(), decision.priority(),
        caseProcess.definition().initial(), now);
    if (decision.queue() != null || decision.assignee() != null || !decision.tags().isEmpty()) {
      fresh = fresh.withRouting(decision.queue(), decision.assignee(), decision.priority(), decision.type(),
          new AuditEntry(now, ROUTER, "ROUTE", null, null, interaction.channel(),
              decision.explanation(), null)).withTags(decision.tags());
    }
    try {
      Case created = stores.cases().create(fresh);
      if (erasedMeanwhile(author, newContact)) {
        deleteOpened(created);
        throw new AuthorErased();
      }
      if (openLeadOfThread(interaction, author, false).isPresent() && yieldCase(created)) {
        // another message of the author's chat started a lead meanwhile: this message joins it, as it
        // would have, had it come second (where both see the other, both give way and try again)
        return null;
      }
      publish(new CaseOpened(created.openedAt(), created.id(), author, created.originChannel(),
          created.originThread()));
      publish(new IntakeRouted(created.openedAt(), interaction.id(), created.id(), null, created.queue(),
          created.assignee(), decision.explanation()));
      return new IngestResult(interaction.id(), IngestResult.Outcome.CREATED, author, created.id(), null);
    } catch (DuplicateKeyException raced) {
      // another message of the same thread opened the case first: join it, and give back the
      // capacity routing took for this one
      if (fresh.assignee() != null) {
        releaseSafely(fresh.assignee());
      }
      return null;
    }
  }

  /**
   * Takes back a lead this message just started, as long as no other message joined it; true if it
   * is gone, and its owner's capacity given back.
   */
  private boolean yieldLead(Lead created) {
    Optional<Lead> current = stores.leads().find(created.id());
    if (current.isEmpty() || current.get().version() != created.version() || !stores.leads().delete(created.id())) {
      return false;
    }
    releaseErased(created);
    return true;
  }

  /**
   * Takes back a case this message just opened, as long as nothing was added to it; true if it is
   * gone, and its agent's capacity given back.
   */
  private boolean yieldCase(Case created) {
    try {
      if (!stores.cases().delete(created.id(), created.version())) {
        return false;
      }
    } catch (StaleVersionException changed) {
      return false;
    }
    releaseErased(created);
    return true;
  }

  /** Deletes a case this message opened for a contact erased meanwhile, with what others added to it. */
  private void deleteOpened(Case opened) {
    Case c = opened;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        if (stores.cases().delete(c.id(), c.version())) {
          releaseErased(c);
        }
        return;
      } catch (StaleVersionException changed) {
        Optional<Case> fresh = stores.cases().find(c.id());
        if (fresh.isEmpty()) {
          return;
        }
        c = fresh.get();
      }
    }
    LOG.warn("case {} of an erased contact could not be deleted; kept losing races", opened.id());
  }

  /**
   * Tells the router who holds an open case after a command changed it: the agent who held it
   * before and no longer does (closed, or assigned to another) is released, and one who holds it
   * now and did not before (assigned, or reopened) is counted.
   */
  private void heldBy(Case before, Case after) {
    String was = before.open() ? before.assignee() : null;
    String is = after.open() ? after.assignee() : null;
    if (Objects.equals(was, is)) {
      return;
    }
    if (was != null) {
      releaseSafely(was);
    }
    if (is != null) {
      try {
        router.taken(is);
      } catch (RuntimeException e) {
        LOG.warn("intake router failed to count capacity of agent {}", is, e);
      }
    }
  }

  private void releaseSafely(String assignee) {
    try {
      router.released(assignee);
    } catch (RuntimeException e) {
      LOG.warn("intake router failed to release capacity of agent {}", assignee, e);
    }
  }

  private IntakeDecision routeSafely(Interaction interaction, Contact contact) {
    try {
      return Objects.requireNonNull(router.route(interaction, contact), "router returned null");
    } catch (RuntimeException e) {
      LOG.warn("intake router failed on {}; opening an unrouted case", interaction.id(), e);
      return IntakeDecision.defaultCase();
    }
  }

  /**
   * The open lead a follow-up message belongs to: the lead of the message it answers, or else the
   * open lead its author started in the same thread (a private chat carries no reply references),
   * also under the contact the author's identity belonged to before a link. Another person's message
   * in a public thread does not join someone's lead, and a contact this message just created has
   * none.
   */
  private Optional<Lead> openLeadOfThread(Interaction interaction, ContactId author, boolean newContact) {
    Optional<Lead> answered = InteractionId.ofReference(interaction.channel(), interaction.inReplyTo())
        .flatMap(stores.interactions()::find)
        .flatMap(p -> stores.leads().findByInteraction(p.id()))
        .filter(l -> l.open() && (l.contactId().equals(author) || openedBy(l.sourceInteraction(), interaction)));
    if (answered.isPresent() || newContact) {
      return answered;
    }
    List<Lead> open = stores.leads().findOpenByThread(interaction.channel(), interaction.threadId());
    for (Lead l : open) {
      if (l.contactId().equals(author)) {
        return Optional.of(l);
      }
    }
    // by the contact the author's handle had before a link: in a public thread only for a linked
    // author, as this reads the first message of every other prospect's lead there
    boolean lookFurther = !open.isEmpty()
        && (interaction.visibility() == Visibility.PRIVATE || linked(interaction.author(), author));
    for (Lead l : lookFurther ? open : List.<Lead>of()) {
      if (openedBy(l.sourceInteraction(), interaction)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  private @Nullable IngestResult joinLead(Lead lead, Interaction interaction, Instant now) {
    if (lead.interactions().contains(interaction.id())) {
      return new IngestResult(interaction.id(), IngestResult.Outcome.DUPLICATE, lead.contactId(), null, lead.id());
    }
    List<InteractionId> more = new ArrayList<>(lead.interactions());
    more.add(interaction.id());
    // the builder keeps the attribution and the events already counted; a campaign link in the
    // message is a later touch
    Lead next = attributed(lead.toBuilder().interactions(more).updatedAt(now).build(), interaction, now);
    try {
      Lead stored = stores.leads().update(next);
      return new IngestResult(interaction.id(), IngestResult.Outcome.CREATED, stored.contactId(), null, stored.id());
    } catch (StaleVersionException retry) {
      return null;
    }
  }

  /**
   * Answers a case on its origin channel and thread: asks the consent gate, then stores the message
   * in the outbox. Nothing is sent here; the outbox dispatcher sends it, asking the gate again.
   *
   * <p>A reply to a case that came from a public post is a public reply; otherwise it is a reply in
   * the customer's own private thread. It answers the customer's latest message there, or a later one
   * of the same visibility that continued the conversation by answering a message of the case.
   *
   * @param caseId the case
   * @param actor who answers
   * @param text the answer
   * @return the queued message's id and the gate's decision, or the denial
   * @throws CaseNotFoundException if the case does not exist
   * @throws SendRefusedException if the origin channel cannot perform the reply (e.g. outside its
   *     reply window); nothing is queued
   * @throws io.scrm.core.store.StoreException if a store failed. A reply whose case could not be
   *     written after its message was queued takes the message out of the outbox again, so that
   *     answering again does not send it twice; if a dispatcher has taken the message by then, it is
   *     on its way and the reply returns as queued, its case without the {@code REPLY_QUEUED} entry
   */
  public ReplyResult reply(CaseId caseId, Actor actor, String text) {
    return reply(caseId, actor, text, List.of());
  }

  /**
   * Like {@link #reply(CaseId, Actor, String)}, with files: a photo, a document such as a return label
   * or an invoice. Each attachment is a reference (a URL, or a file id the platform gave), and the
   * channel decides what it takes: a channel that sends no attachments, or not these, refuses the
   * reply before it is queued.
   *
   * @param caseId the case
   * @param actor who answers
   * @param text the answer; may be empty if there are attachments
   * @param attachments the files, at most {@value OutboundMessage#MAX_ATTACHMENTS}
   * @return the queued message's id and the gate's decision, or the denial
   * @throws CaseNotFoundException if the case does not exist
   * @throws IllegalArgumentException if the text is blank and there are no attachments, there are
   *     more than {@value OutboundMessage#MAX_ATTACHMENTS}, or one is of a type outside {@link
   *     Attachment#SENDABLE_TYPES}
   * @throws SendRefusedException if the origin channel cannot perform the reply; nothing is queued
   * @since 0.1.0
   */
  public ReplyResult reply(CaseId caseId, Actor actor, String text, List<Attachment> attachments) {
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(text, "text");
    Require.sendable(text, attachments);
    Case target = stores.cases().find(caseId).orElseThrow(() -> new CaseNotFoundException(caseId));
    Instant now = clock.instant();
    Interaction origin = lastInboundInOrigin(target);
    Visibility visibility = origin == null ? Visibility.PRIVATE : origin.visibility();
    ConsentAction action = visibility == Visibility.PUBLIC ? ConsentAction.PUBLIC_REPLY : ConsentAction.REPLY_IN_THREAD;
    ConsentDecision decision = decide(new ConsentQuery(target.contactId(), SERVICE_REPLY, target.originChannel(),
        action, actor, now));
    if (!decision.allowed()) {
      LOG.debug("reply to case {} denied by consent gate", caseId);
      publish(new ReplyDenied(now, caseId, target.contactId(), target.originChannel(), SERVICE_REPLY,
          decision.reason()));
      return new ReplyResult(null, decision);
    }
    OutboundMessage message = OutboundMessage.pending(OutboundId.next(), caseId, target.contactId(),
        target.originChannel(), target.originThread(), origin == null ? null : origin.externalId(), visibility,
        text, attachments, SERVICE_REPLY, now);
    sendCheck.check(message, origin == null ? null : origin.occurredAt());
    OutboundMessage stored = stores.outbox().create(message);
    try {
      updateCase(caseId, c -> c.withAudit(new AuditEntry(now, actor, "REPLY_QUEUED", null, null,
          c.originChannel(), null, stored.id().value())));
    } catch (RuntimeException e) {
      // the caller sees a failure and will answer again: a message left queued would go out twice
      if (withdraw(stored, e)) {
        throw e;
      }
      LOG.warn("reply {} to case {}: the case could not be written ({}), but a dispatcher had taken the "
          + "message already; it stands", stored.id(), caseId, e.getClass().getName());
    }
    LOG.debug("reply {} queued for case {}", stored.id(), caseId);
    publish(new ReplyQueued(now, stored.id(), caseId, stored.channel(), SERVICE_REPLY));
    return new ReplyResult(stored.id(), decision);
  }

  /**
   * Takes a queued reply out of the outbox again after its case could not be written: cancels it
   * at the version it was queued with, so no dispatcher claims it, then removes it. False if a
   * dispatcher claimed it first: it is on its way, and the reply stands. True if it is gone (erased).
   */
  private boolean withdraw(OutboundMessage queued, RuntimeException failure) {
    if (failure instanceof CaseNotFoundException) {
      // erased meanwhile: nothing of the reply stays, whether or not a dispatcher took it (one that
      // has not sent it yet finds it gone and skips it)
      try {
        stores.outbox().delete(queued.id());
      } catch (RuntimeException alsoFailed) {
        failure.addSuppressed(alsoFailed);
      }
      return true;
    }
    try {
      stores.outbox().update(queued.ended(OutboxStatus.CANCELLED, "withdrawn: its case could not be written"));
    } catch (StaleVersionException changed) {
      // claimed by a dispatcher, which sends it; or erased with its case, and there is nothing to send
      return stores.outbox().find(queued.id()).isEmpty();
    } catch (RuntimeException alsoFailed) {
      failure.addSuppressed(alsoFailed);
      return true;
    }
    try {
      stores.outbox().delete(queued.id());
    } catch (RuntimeException alsoFailed) {
      // cancelled, it is not sent: only the record of it stays
      failure.addSuppressed(alsoFailed);
    }
    return true;
  }

  /**
   * The message a reply answers: the latest inbound message in the case's origin channel and thread,
   * or a later inbound message on that channel with the same visibility that answers a message the
   * case holds (a conversation that moved on from its first thread, as on Mastodon).
   */
  private @Nullable Interaction lastInboundInOrigin(Case target) {
    List<InteractionId> ids = target.interactions();
    for (int i = ids.size() - 1; i >= 0; i--) {
      Interaction m = stores.interactions().find(ids.get(i)).orElse(null);
      if (m != null && m.direction() == Direction.INBOUND && m.channel().equals(target.originChannel())
          && m.threadId().equals(target.originThread())) {
        Interaction answer = latestAnswerAfter(target, i, m);
        return answer != null ? answer : m;
      }
    }
    return null;
  }

  /** The latest inbound message after index {@code from} that answers one of the case's messages. */
  private @Nullable Interaction latestAnswerAfter(Case target, int from, Interaction origin) {
    List<InteractionId> ids = target.interactions();
    for (int i = ids.size() - 1; i > from; i--) {
      Interaction m = stores.interactions().find(ids.get(i)).orElse(null);
      if (m != null && m.direction() == Direction.INBOUND && m.channel().equals(origin.channel())
          && m.visibility() == origin.visibility() && m.inReplyTo() != null
          && InteractionId.ofReference(m.channel(), m.inReplyTo()).filter(ids::contains).isPresent()) {
        return m;
      }
    }
    return null;
  }

  /**
   * Applies a change to a case with optimistic concurrency, retrying on a stale version with the
   * change applied to the fresh case.
   *
   * <p>The case's process is not asked: its state and open flag change only through {@link
   * #apply(CaseId, CaseCommand)}, and a change of either (or of the case's id) is refused.
   *
   * @param caseId the case
   * @param change computes the new case from the current one
   * @return the stored case
   * @throws CaseNotFoundException if the case does not exist
   * @throws IllegalArgumentException if the change moves the case to another state, opens or closes
   *     it, or returns another case; nothing is stored
   */
  public Case updateCase(CaseId caseId, UnaryOperator<Case> change) {
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(change, "change");
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Case current = stores.cases().find(caseId).orElseThrow(() -> new CaseNotFoundException(caseId));
      Case next = change.apply(current);
      if (next.equals(current)) {
        return current;
      }
      if (!next.id().equals(caseId)) {
        throw new IllegalArgumentException("case " + caseId + ": change returned another case, " + next.id());
      }
      if (!next.state().equals(current.state()) || next.open() != current.open()) {
        throw new IllegalArgumentException("case " + caseId + ": change must not move the state or the open flag ("
            + current.state() + " open=" + current.open() + " to " + next.state() + " open=" + next.open()
            + "); apply a CaseCommand");
      }
      try {
        Case stored = stores.cases().update(next);
        AuditEntry last = stored.audit().isEmpty() ? null : stored.audit().get(stored.audit().size() - 1);
        publish(new CaseUpdated(clock.instant(), caseId, last == null ? "UPDATE" : last.action(), stored.version()));
        return stored;
      } catch (StaleVersionException retry) {
        // another agent changed the case: apply the change again on the fresh state
      }
    }
    throw new IllegalStateException("case " + caseId + ": update kept losing races");
  }

  /**
   * Asks the consent gate; a policy that throws is treated as a denial.
   *
   * @param query the question
   * @return the decision
   */
  public ConsentDecision decide(ConsentQuery query) {
    return decide(query, null);
  }

  /** The policy's decision; a denial if it failed or gave none, which also sets {@code failed[0]}. */
  private ConsentDecision decide(ConsentQuery query, boolean @Nullable [] failed) {
    Objects.requireNonNull(query, "query");
    ConsentDecision decision;
    try {
      decision = consent.decide(query);
      if (decision != null) {
        return decision;
      }
      decision = ConsentDecision.deny("consent policy returned no decision");
    } catch (RuntimeException e) {
      LOG.warn("consent policy failed for subject {} action {}; denying", query.subject(), query.action(), e);
      decision = ConsentDecision.deny("consent policy failed: " + e.getClass().getSimpleName());
    }
    if (failed != null) {
      failed[0] = true;
    }
    return decision;
  }

  /**
   * Returns the case with the given id.
   *
   * @param caseId the id
   * @return the case, or empty
   */
  public Optional<Case> findCase(CaseId caseId) {
    return stores.cases().find(caseId);
  }

  /**
   * Returns the interactions of a case, in the order they joined it.
   *
   * @param caseId the case
   * @return its interactions (erased ones are left out)
   * @throws CaseNotFoundException if the case does not exist
   */
  public List<Interaction> interactionsOf(CaseId caseId) {
    Case c = stores.cases().find(caseId).orElseThrow(() -> new CaseNotFoundException(caseId));
    List<Interaction> out = new ArrayList<>(c.interactions().size());
    for (InteractionId id : c.interactions()) {
      stores.interactions().find(id).ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  /**
   * Drops interactions from the de-duplication cache, e.g. after erasure. The stores stay the truth.
   *
   * @param ids the interactions to forget
   */
  public void forgetCached(Collection<InteractionId> ids) {
    if (seen != null) {
      seen.invalidateAll(ids);
    }
  }

  /**
   * Gives back the routing capacity an erased case held, and forgets its SLA reports: call once the
   * case is deleted from the stores (data-subject erasure does). A closed or unassigned case held no
   * capacity.
   *
   * @param erased the case as it was when deleted
   */
  public void releaseErased(Case erased) {
    Objects.requireNonNull(erased, "erased");
    caseProcess.sla().forget(erased.id());
    if (erased.open() && erased.assignee() != null) {
      releaseSafely(erased.assignee());
    }
  }

  /**
   * Gives back the routing capacity an erased lead held: call once the lead is deleted from the
   * stores (data-subject erasure does). A won, lost or unowned lead held none.
   *
   * @param erased the lead as it was when deleted
   */
  public void releaseErased(Lead erased) {
    Objects.requireNonNull(erased, "erased");
    if (erased.open() && erased.owner() != null) {
      releaseSafely(erased.owner());
    }
  }

  /**
   * Returns the stores the engine works on.
   *
   * @return the stores
   */
  public Stores stores() {
    return stores;
  }

  /**
   * Returns the event bus to subscribe listeners to.
   *
   * @return the event bus
   */
  public EventBus events() {
    return events;
  }

  /**
   * Returns the outbox: pending messages, send results and the dead-letter list.
   *
   * @return the outbox
   */
  public Outbox outbox() {
    return outbox;
  }

  /**
   * Returns the engine's clock.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns the consent policy the engine asks.
   *
   * @return the policy
   */
  public ConsentPolicy consentPolicy() {
    return consent;
  }

  String senderHandle() {
    return senderHandle;
  }

  void publish(CrmEvent event) {
    events.publish(event);
  }

  /** Releases caches. The stores are the host's and stay open. */
  @Override
  public void close() {
    if (seen != null) {
      seen.invalidateAll();
    }
  }

  // ---- routing and leads ----

  /** The source event id under which a message's routing points are counted. */
  private static String scoreEventOf(Interaction interaction) {
    return "interaction:" + interaction.id();
  }

  /** A new lead from its first message, routed, scored once and attributed to its campaign touch. */
  private Lead newLead(Interaction interaction, ContactId author, IntakeDecision decision, Instant now) {
    Lead lead = Lead.from(LeadId.random(), author, interaction, now).toBuilder()
        .queue(decision.queue()).owner(decision.assignee()).tags(decision.tags()).build();
    lead = leadScoring.score(lead, scoreEventOf(interaction), decision.scorePoints(), now);
    return attributed(lead, interaction, now);
  }

  /**
   * A lead with the campaign touch of one of its messages, if it has one: a UTM link in its text,
   * with the campaign code the host gave the message (e.g. from a referral) taking the place of the
   * link's campaign.
   */
  private static Lead attributed(Lead lead, Interaction interaction, Instant now) {
    Optional<CampaignTouch> touch = CampaignLinks.fromText(interaction.text(), interaction.channel(),
        interaction.occurredAt());
    if (interaction.campaignCode() != null) {
      CampaignTouch t = touch.orElse(null);
      touch = Optional.of(t == null
          ? new CampaignTouch(interaction.campaignCode(), null, null, null, null, interaction.channel(),
              interaction.occurredAt())
          : new CampaignTouch(interaction.campaignCode(), t.source(), t.medium(), t.content(), t.term(), t.channel(),
              t.at()));
    }
    return touch.isPresent() ? LeadScoring.attribute(lead, touch.get(), now) : lead;
  }

  private void publishScoring(Lead lead, LeadStage before, String sourceEvent, int points) {
    publish(new LeadScored(lead.updatedAt(), lead.id(), sourceEvent, points, lead.score()));
    if (lead.stage() != before) {
      publish(new LeadStageChanged(lead.updatedAt(), lead.id(), before, lead.stage(), lead.score()));
    }
  }

  /**
   * Finds a lead.
   *
   * @param leadId the lead's id
   * @return the lead, if it exists
   * @since 0.1.0
   */
  public Optional<Lead> findLead(LeadId leadId) {
    return stores.leads().find(Objects.requireNonNull(leadId, "leadId"));
  }

  /**
   * Adds a source event's points to a lead's score, once: a redelivered event changes nothing and
   * publishes nothing. Crossing a threshold of the {@link LeadScoring} moves the lead forward and
   * publishes {@link LeadStageChanged} after {@link LeadScored}. A won or lost lead keeps the score it
   * ended with: scoring it changes nothing and publishes nothing.
   *
   * @param leadId the lead
   * @param sourceEvent the id of the behaviour or event (e.g. a web visit, a download, a message)
   * @param points the points (may be negative)
   * @return the lead after the change
   * @throws LeadNotFoundException if the lead does not exist
   * @throws IllegalArgumentException if the score would leave the range of {@code int}; nothing changes
   * @since 0.1.0
   */
  public Lead scoreLead(LeadId leadId, String sourceEvent, int points) {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(sourceEvent, "sourceEvent");
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Lead current = findLead(leadId).orElseThrow(() -> new LeadNotFoundException(leadId));
      Lead next = leadScoring.score(current, sourceEvent, points, clock.instant());
      if (next == current) {
        LOG.debug("lead {}: {}", leadId, current.open() ? "event already counted" : "ended, not scored");
        return current;
      }
      try {
        Lead stored = stores.leads().update(next);
        publishScoring(stored, current.stage(), sourceEvent, points);
        return stored;
      } catch (StaleVersionException retry) {
        // changed meanwhile: count on the fresh state, where the event may already be counted
      }
    }
    throw new IllegalStateException("lead " + leadId + ": scoring kept losing races");
  }

  /**
   * Records a campaign touch of a lead, e.g. the UTM parameters the host's landing page received
   * (see {@link CampaignLinks#fromParameters}): first-touch and last-touch attribution.
   *
   * @param leadId the lead
   * @param touch the touch
   * @return the lead after the change
   * @throws LeadNotFoundException if the lead does not exist
   * @since 0.1.0
   */
  public Lead attributeLead(LeadId leadId, CampaignTouch touch) {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(touch, "touch");
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Lead current = findLead(leadId).orElseThrow(() -> new LeadNotFoundException(leadId));
      Lead next = LeadScoring.attribute(current, touch, clock.instant());
      if (next == current) {
        return current;
      }
      try {
        return stores.leads().update(next);
      } catch (StaleVersionException retry) {
        // changed meanwhile: attribute on the fresh state
      }
    }
    throw new IllegalStateException("lead " + leadId + ": attribution kept losing races");
  }

  /**
   * Moves a lead to a later stage of the funnel, or to {@link LeadStage#LOST}: sales accepting it
   * ({@link LeadStage#HANDED_TO_SALES}), winning or losing it. A lead that ends (won or lost) takes
   * no more messages and frees the capacity its owner held for it ({@link IntakeRouter#released}).
   * Publishes {@link LeadStageChanged}; moving a lead to the stage it is in changes nothing and
   * publishes nothing.
   *
   * @param leadId the lead
   * @param stage the stage to move it to
   * @return the lead after the change
   * @throws LeadNotFoundException if the lead does not exist
   * @throws IllegalLeadMoveException if the lead has ended, or {@code stage} lies before its own
   * @since 0.1.0
   */
  public Lead moveLead(LeadId leadId, LeadStage stage) {
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(stage, "stage");
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Lead current = findLead(leadId).orElseThrow(() -> new LeadNotFoundException(leadId));
      if (current.stage() == stage) {
        return current;
      }
      if (current.stage().ended() || stage != LeadStage.LOST && stage.compareTo(current.stage()) < 0) {
        throw new IllegalLeadMoveException(leadId, current.stage(), stage);
      }
      Instant now = clock.instant();
      try {
        Lead stored = stores.leads().update(current.toBuilder().stage(stage).updatedAt(now).build());
        publish(new LeadStageChanged(now, leadId, current.stage(), stage, stored.score()));
        if (stage.ended() && stored.owner() != null) {
          releaseSafely(stored.owner());
        }
        return stored;
      } catch (StaleVersionException retry) {
        // changed meanwhile: move the fresh state
      }
    }
    throw new IllegalStateException("lead " + leadId + ": moving it kept losing races");
  }

  /**
   * Returns the lead scoring in use.
   *
   * @return the scoring
   * @since 0.1.0
   */
  public LeadScoring leadScoring() {
    return leadScoring;
  }

  /** Purpose of linking a social identity to a customer record. */
  public static final String PROFILE_LINKING = "profile-linking";

  /**
   * Links a social identity to a customer record, through the consent gate: the gate is asked for
   * {@link ConsentAction#LINK_IDENTITY} with purpose {@value #PROFILE_LINKING} on the identity's
   * channel, first for the identity's current (usually pseudonymous) contact, then for the target
   * contact. A "no" of either (a withdrawal, refusal or objection on record, a restriction of
   * processing) or a failing policy denies the link; where one of them has no consent recorded at
   * all, the other's consent decides. Only if the link is allowed is the identity moved and {@link
   * IdentityLinked} published. Consent states are not carried between the two contacts. If the
   * identity moves to another contact while the gate is asked, the gate is asked again about that
   * contact. Called again after a store failure, it completes a link that was written in part; called
   * for an identity linked to the target already, it publishes nothing.
   *
   * @param identity the identity to link
   * @param target the customer record to link it to
   * @param actor who links
   * @return the gate's decision; the identity was linked if and only if it allows
   * @throws IllegalArgumentException if the identity or the target contact does not exist
   */
  public ConsentDecision linkIdentity(IdentityKey identity, ContactId target, Actor actor) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(actor, "actor");
    if (stores.identities().find(identity).isEmpty()) {
      throw new IllegalArgumentException("identity not found");
    }
    if (stores.contacts().find(target).isEmpty()) {
      throw new IllegalArgumentException("contact " + target + " not found");
    }
    Instant now = clock.instant();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // the gate is asked about the contact the identity belongs to in the version the move is
      // conditioned on: if it moves meanwhile, the gate is asked again about its new contact
      Identity current = stores.identities().find(identity)
          .orElseThrow(() -> new IllegalStateException("an identity on " + identity.channel()
              + " was deleted while it was linked"));
      ContactId from = current.contactId();
      if (from.equals(target)) {
        // linked already (concurrently, or by a call that failed part-way): only the listing may be missing
        updateContact(target, c -> c.withIdentity(identity));
      }
      ConsentDecision decision = linkDecision(from, target, identity, actor, now);
      if (!decision.allowed()) {
        LOG.debug("link of an identity of contact {} to {} denied by consent gate", from, target);
        return decision;
      }
      if (from.equals(target)) {
        // nothing moved: the link was made before, and is not announced again
        LOG.debug("identity of contact {} linked already", target);
        return decision;
      }
      // the old contact lets go first, so that no contact lists an identity it does not own
      updateContact(from,
          c -> c.identities().contains(identity) ? c.toBuilder().removeIdentity(identity).build() : c);
      try {
        stores.identities().update(current.withContact(target));
      } catch (StaleVersionException moved) {
        // moved or changed meanwhile: the old contact lists it again if it still owns it, and the
        // gate is asked anew
        updateContact(from, c -> stores.identities().findContactId(identity).filter(from::equals).isPresent()
            ? c.withIdentity(identity) : c);
        continue;
      }
      // announced once the identity moved: a call that repairs a listing after a failure moves nothing
      LOG.debug("identity of contact {} linked to {}", from, target);
      publish(new IdentityLinked(now, identity, from, target, decision.evidenceId()));
      updateContact(target, c -> c.withIdentity(identity));
      return decision;
    }
    throw new IllegalStateException("an identity on " + identity.channel() + ": linking kept losing races");
  }

  /**
   * The gate's decision on linking an identity of {@code from} to {@code target}. Either side's "no"
   * ends it: a denial that rests on evidence (a withdrawal, refusal, objection) or on a legal basis (a
   * restriction of processing, GDPR Art. 18), or a policy that failed and so decided nothing. Where
   * one side has no consent recorded at all, the other side's consent stands.
   */
  private ConsentDecision linkDecision(ContactId from, ContactId target, IdentityKey identity, Actor actor,
      Instant now) {
    boolean[] failed = {false};
    ConsentDecision decision = decide(new ConsentQuery(from, PROFILE_LINKING, identity.channel(),
        ConsentAction.LINK_IDENTITY, actor, now), failed);
    if (from.equals(target) || isNo(decision, failed[0])) {
      return decision;
    }
    boolean[] targetFailed = {false};
    ConsentDecision onTarget = decide(new ConsentQuery(target, PROFILE_LINKING, identity.channel(),
        ConsentAction.LINK_IDENTITY, actor, now), targetFailed);
    if (decision.allowed()) {
      return isNo(onTarget, targetFailed[0]) ? onTarget : decision;
    }
    return onTarget.allowed() ? onTarget : decision;
  }

  /** Whether a denial is a person's "no" or a failed policy, not merely the absence of consent. */
  private static boolean isNo(ConsentDecision d, boolean failed) {
    return !d.allowed() && (failed || d.evidenceId() != null || d.legalBasis() != null);
  }

  /**
   * Adds a contact point (e-mail, phone, postal address) to a contact, through the consent gate:
   * asked for {@link ConsentAction#ENRICH_CONTACT_POINT} with the given purpose on the contact
   * point's channel ({@code email}, {@code sms} or {@code postal}). Contact points from social
   * monitoring are refused outright.
   *
   * @param contact the contact
   * @param point the contact point
   * @param purpose the purpose it is collected for, e.g. {@code marketing} or {@code transactional}
   * @param actor who adds it
   * @return the gate's decision; the contact point was added if and only if it allows
   * @throws IllegalArgumentException if the contact does not exist or the contact point comes from
   *     social monitoring
   */
  public ConsentDecision addContactPoint(ContactId contact, ContactPoint point, String purpose,
      Actor actor) {
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(point, "point");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(actor, "actor");
    if (point.provenance() == Provenance.SOCIAL_MONITORING) {
      throw new IllegalArgumentException("point must not come from social monitoring");
    }
    if (stores.contacts().find(contact).isEmpty()) {
      throw new IllegalArgumentException("contact " + contact + " not found");
    }
    ChannelId channel = switch (point.type()) {
      case EMAIL -> ChannelId.EMAIL;
      case PHONE -> ChannelId.of("sms");
      case POSTAL -> ChannelId.of("postal");
    };
    ConsentDecision decision = decide(new ConsentQuery(contact, purpose, channel, ConsentAction.ENRICH_CONTACT_POINT,
        actor, clock.instant()));
    if (!decision.allowed()) {
      LOG.debug("contact point for contact {} denied by consent gate", contact);
      return decision;
    }
    updateContact(contact, c -> {
      for (ContactPoint existing : c.contactPoints()) {
        // the same address written in another case or with spaces around it is the same point
        if (existing.sameAddress(point)) {
          return c;
        }
      }
      return c.toBuilder().addContactPoint(point).build();
    });
    LOG.debug("contact point {} added to contact {}", point.type(), contact);
    return decision;
  }

  /**
   * Sends a message that is not an answer in the person's own thread (marketing, a newsletter, a
   * broadcast, proactive outreach, a transactional message): asks the consent gate, then stores the
   * message in the outbox to start a new conversation. The dispatcher asks the gate again at send
   * time.
   *
   * <p>Purpose {@code transactional} is asked as {@link ConsentAction#SEND_TRANSACTIONAL}; every other
   * purpose as {@link ConsentAction#SEND_MARKETING}.
   *
   * @param recipient the contact
   * @param channel the channel to send on
   * @param text the text
   * @param purpose the purpose; not {@value #SERVICE_REPLY} (use {@link #reply})
   * @param actor who sends
   * @return the queued message's id and the gate's decision, or the denial
   * @throws IllegalArgumentException if the text is blank or the purpose is {@value #SERVICE_REPLY}
   */
  public ReplyResult send(ContactId recipient, ChannelId channel, String text, String purpose,
      Actor actor) {
    return send(recipient, channel, null, text, purpose, actor);
  }

  /**
   * Like {@link #send(ContactId, ChannelId, String, String, Actor)}, in a known
   * conversation with the person on that channel (e.g. the Telegram chat of a subscriber), or a new
   * one if {@code threadId} is null.
   *
   * @param recipient the contact
   * @param channel the channel to send on
   * @param threadId the conversation to send in, at most 512 characters, or null to start one
   * @param text the text
   * @param purpose the purpose; not {@value #SERVICE_REPLY} (use {@link #reply})
   * @param actor who sends
   * @return the queued message's id and the gate's decision, or the denial
   * @throws IllegalArgumentException if the text is blank, the thread id blank or longer than 512
   *     characters, or the purpose is {@value #SERVICE_REPLY}
   * @throws SendRefusedException if the channel cannot perform the send; nothing is queued
   */
  public ReplyResult send(ContactId recipient, ChannelId channel, @Nullable String threadId,
      String text, String purpose, Actor actor) {
    return send(recipient, channel, threadId, text, List.of(), purpose, actor);
  }

  /**
   * Like {@link #send(ContactId, ChannelId, String, String, String, Actor)}, with files sent by
   * reference; see {@link #reply(CaseId, Actor, String, List)}.
   *
   * @param recipient the contact
   * @param channel the channel to send on
   * @param threadId the conversation to send in, at most 512 characters, or null to start one
   * @param text the text; may be empty if there are attachments
   * @param attachments the files, at most {@value OutboundMessage#MAX_ATTACHMENTS}
   * @param purpose the purpose; not {@value #SERVICE_REPLY} (use {@link #reply})
   * @param actor who sends
   * @return the queued message's id and the gate's decision, or the denial
   * @throws IllegalArgumentException if the text is blank without attachments, there are more than
   *     {@value OutboundMessage#MAX_ATTACHMENTS} or one of a type outside {@link
   *     Attachment#SENDABLE_TYPES}, the thread id is blank or longer than 512 characters, or the
   *     purpose is {@value #SERVICE_REPLY}
   * @throws SendRefusedException if the channel cannot perform the send; nothing is queued
   * @since 0.1.0
   */
  public ReplyResult send(ContactId recipient, ChannelId channel, @Nullable String threadId,
      String text, List<Attachment> attachments, String purpose, Actor actor) {
    return queue(recipient, channel, threadId, text, attachments, purpose, actor, null);
  }

  /**
   * Like {@link #send(ContactId, ChannelId, String, String, List, String, Actor)}, at most once per
   * idempotency key: if the outbox holds a message with this key already (queued by an earlier call
   * that the caller repeats, say after a failure part-way through a broadcast), nothing new is queued
   * and that message's id is returned with the gate's decision, whatever became of it since (sent,
   * waiting, dead-lettered or cancelled: {@code stores().outbox().find(id)} tells; a dead letter is
   * sent again by re-driving it, not by a new call with its key). The gate is asked every time: a
   * denial now queues nothing, and the message queued before is asked again when it is sent. The key
   * is also the one platforms that support it receive.
   *
   * @param recipient the contact
   * @param channel the channel to send on
   * @param threadId the conversation to send in, at most 512 characters, or null to start one
   * @param text the text; may be empty if there are attachments
   * @param attachments the files, at most {@value OutboundMessage#MAX_ATTACHMENTS}
   * @param purpose the purpose; not {@value #SERVICE_REPLY} (use {@link #reply})
   * @param actor who sends
   * @param idempotencyKey unique per intended message, at most 200 characters
   * @return the queued message's id (new, or the one queued under the key before) and the gate's
   *     decision, or the denial
   * @throws IllegalArgumentException as the other {@code send} methods, and if the key is blank, longer
   *     than 200 characters, or the key of a message to another recipient or on another channel
   * @throws SendRefusedException if the channel cannot perform the send; nothing is queued
   * @since 0.1.0
   */
  public ReplyResult send(ContactId recipient, ChannelId channel, @Nullable String threadId,
      String text, List<Attachment> attachments, String purpose, Actor actor, String idempotencyKey) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    return queue(recipient, channel, threadId, text, attachments, purpose, actor, idempotencyKey);
  }

  private ReplyResult queue(ContactId recipient, ChannelId channel, @Nullable String threadId,
      String text, List<Attachment> attachments, String purpose, Actor actor, @Nullable String idempotencyKey) {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(actor, "actor");
    Require.sendable(text, attachments);
    if (SERVICE_REPLY.equals(purpose)) {
      throw new IllegalArgumentException("purpose must not be " + SERVICE_REPLY + ": answer with reply(...)");
    }
    Instant now = clock.instant();
    OutboundMessage message = OutboundMessage.pending(OutboundId.next(), null, recipient, channel, threadId, null,
        Visibility.PRIVATE, text, attachments, purpose, now);
    if (idempotencyKey != null) {
      message = message.withIdempotencyKey(idempotencyKey);
    }
    ConsentDecision decision = decide(new ConsentQuery(recipient, purpose, channel, Outbox.actionOf(message), actor,
        now));
    if (!decision.allowed()) {
      LOG.debug("send to contact {} on {} denied by consent gate", recipient, channel);
      publish(new ReplyDenied(now, null, recipient, channel, purpose, decision.reason()));
      return new ReplyResult(null, decision);
    }
    sendCheck.check(message, threadId == null ? null : lastCustomerMessageAt(channel, threadId));
    OutboundMessage stored;
    try {
      stored = stores.outbox().create(message);
    } catch (DuplicateKeyException queuedBefore) {
      if (idempotencyKey == null) {
        throw queuedBefore;
      }
      OutboundMessage earlier = queuedUnder(recipient, channel, idempotencyKey);
      LOG.debug("outbound {} queued before for contact {} on {}", earlier.id(), recipient, channel);
      return new ReplyResult(earlier.id(), decision);
    }
    LOG.debug("outbound {} queued for contact {} on {}", stored.id(), recipient, channel);
    publish(new ReplyQueued(now, stored.id(), null, channel, purpose));
    return new ReplyResult(stored.id(), decision);
  }

  /** The message the outbox holds under an idempotency key; refuses a key another send holds. */
  private OutboundMessage queuedUnder(ContactId recipient, ChannelId channel, String idempotencyKey) {
    for (OutboundMessage m : stores.outbox().findByRecipient(recipient)) {
      if (m.idempotencyKey().equals(idempotencyKey) && m.channel().equals(channel)) {
        return m;
      }
    }
    throw new IllegalArgumentException("idempotencyKey is the key of a message to another recipient or channel");
  }

  private java.time.@Nullable Instant lastCustomerMessageAt(ChannelId channel, String threadId) {
    Instant last = null;
    for (Interaction m : stores.interactions().findByThread(channel, threadId)) {
      if (m.direction() == Direction.INBOUND && (last == null || m.occurredAt().isAfter(last))) {
        last = m.occurredAt();
      }
    }
    return last;
  }

  private void updateContact(ContactId id, UnaryOperator<Contact> change) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Contact> current = stores.contacts().find(id);
      if (current.isEmpty()) {
        return;
      }
      Contact next = change.apply(current.get());
      if (next.equals(current.get())) {
        return;
      }
      try {
        stores.contacts().update(next);
        return;
      } catch (StaleVersionException retry) {
        // changed concurrently: apply the change on the fresh state
      }
    }
    throw new IllegalStateException("contact " + id + ": update kept losing races");
  }

  // ---- case process ----

  /** The case process, its SLA monitor and the escalation policy, as configured on the builder. */
  private record CaseProcessSetup(ProcessDefinition definition,
      SlaMonitor sla, EscalationPolicy escalation) {}

  private final CaseProcessSetup caseProcess;
  /** SLA events published whose reactions failed: tried again on the next tick. */
  private final Set<CrmEvent> failedEscalations = ConcurrentHashMap.newKeySet();

  /**
   * Applies a command to a case through its process: checks it against the process's table and
   * guards, then atomically replaces the case with the next version carrying one more audit entry,
   * and publishes {@link CaseUpdated} and {@link
   * CaseTransitioned}.
   *
   * <p>Idempotent per command id: a command whose id is already in the case's audit trail changes
   * nothing and returns the first outcome with {@code duplicate} set. Optimistic concurrency: if
   * another agent changed the case meanwhile, the command is checked and applied again on the fresh
   * case, so neither change is lost; if it is no longer allowed there, it is refused.
   *
   * @param caseId the case
   * @param command the command
   * @return the stored case and the command's audit entry
   * @throws CaseNotFoundException if the case does not exist
   * @throws IllegalCommandException if the process does not allow the command
   *     in the case's state (nothing was changed)
   */
  public CommandResult apply(CaseId caseId, CaseCommand command) {
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(command, "command");
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Case current = stores.cases().find(caseId).orElseThrow(() -> new CaseNotFoundException(caseId));
      AuditEntry done = ProcessDefinition.appliedEntry(current, command.id());
      if (done != null) {
        LOG.debug("command {} on case {} applied before", command.id(), caseId);
        return new CommandResult(current, done, true);
      }
      Case next = caseProcess.definition().apply(current, command, clock.instant());
      AuditEntry entry = next.audit().get(next.audit().size() - 1);
      Case stored;
      try {
        stored = stores.cases().update(next);
      } catch (StaleVersionException retry) {
        continue;
      } catch (DuplicateKeyException threadTaken) {
        throw new IllegalCommandException(caseId, current.state(), command.kind(),
            "another case of the thread is open");
      }
      LOG.debug("case {} {} -{}-> {} by command {} version {}", caseId, current.state(), command.kind(),
          stored.state(), command.id(), stored.version());
      publish(new CaseUpdated(entry.at(), caseId, entry.action(), stored.version()));
      publish(new CaseTransitioned(entry.at(), caseId, command.id(), command.kind().name(),
          current.state(), stored.state(), stored.version()));
      heldBy(current, stored);
      if (caseProcess.definition().terminal().contains(stored.state())) {
        // its clocks have stopped for good: what was reported of them is not needed any more
        caseProcess.sla().forget(caseId);
      }
      return new CommandResult(stored, entry, false);
    }
    throw new IllegalStateException("case " + caseId + ": command " + command.id() + " kept losing races");
  }

  /**
   * Returns the SLA clocks of a case now: a pure function of its audit trail, its policy and the
   * engine's clock.
   *
   * @param caseId the case
   * @return the clocks
   * @throws CaseNotFoundException if the case does not exist
   */
  public SlaStatus slaStatus(CaseId caseId) {
    Objects.requireNonNull(caseId, "caseId");
    Case c = stores.cases().find(caseId).orElseThrow(() -> new CaseNotFoundException(caseId));
    return caseProcess.sla().status(c, clock.instant());
  }

  /**
   * Advances SLA time without a scheduler: looks at the open cases at the engine's clock, publishes
   * each new {@link SlaWarning} and {@link SlaBreached} once, and applies the escalation policy's
   * commands (with ids derived from the breach, so several instances apply them once). Commands that
   * fail (e.g. the store is unavailable) are tried again on the next tick; their event is not
   * published again. Call it as often as you like, or let {@link SlaScheduler} call it.
   *
   * @return the warnings and breaches published by this call
   */
  public List<CrmEvent> tick() {
    Instant now = clock.instant();
    // reactions that failed on an earlier tick first; their events were published then
    for (CrmEvent event : List.copyOf(failedEscalations)) {
      failedEscalations.remove(event);
      escalateOrKeep(event);
    }
    List<CrmEvent> due = caseProcess.sla().due(stores.cases().findOpen(), now);
    List<CrmEvent> published = new ArrayList<>(due.size());
    Map<CaseId, Boolean> stillOpen = new HashMap<>();
    for (CrmEvent event : due) {
      CaseId target = caseOf(event);
      // the list of open cases may be older than a close: a case closed since then reports nothing,
      // and the monitor forgets it again (it remembered the case from that older copy)
      if (!stillOpen.computeIfAbsent(target, id -> stores.cases().find(id).map(Case::open).orElse(false))) {
        caseProcess.sla().forget(target);
        continue;
      }
      publish(event);
      published.add(event);
      escalateOrKeep(event);
    }
    return List.copyOf(published);
  }

  private static CaseId caseOf(CrmEvent slaEvent) {
    return slaEvent instanceof SlaBreached b ? b.caseId() : ((SlaWarning) slaEvent).caseId();
  }

  /** Applies an SLA event's reactions; keeps the event for the next tick if they fail. */
  private void escalateOrKeep(CrmEvent event) {
    CaseId target = caseOf(event);
    try {
      escalate(target, event);
    } catch (RuntimeException failed) {
      // e.g. the store is unavailable: the other cases' events go on, and this one's reactions (their
      // command ids derive from the breach) are tried again on the next tick, without publishing it again
      LOG.warn("escalation of case {} failed; tried again on the next tick", target, failed);
      failedEscalations.add(event);
    }
  }

  /** Applies the escalation policy's reactions to an SLA event of a case. */
  private void escalate(CaseId target, CrmEvent event) {
    Optional<Case> c = stores.cases().find(target);
    if (c.isEmpty()) {
      return;
    }
    List<CaseCommand> reactions;
    try {
      reactions = caseProcess.escalation().onSla(c.get(), event);
    } catch (RuntimeException e) {
      LOG.warn("escalation policy failed on case {}", target, e);
      return;
    }
    for (CaseCommand command : reactions) {
      try {
        apply(target, command);
      } catch (CaseException refused) {
        LOG.warn("escalation command {} on case {} refused", command.id(), target, refused);
      }
    }
  }

  /**
   * Returns the case process the engine applies commands with.
   *
   * @return the definition
   */
  public ProcessDefinition process() {
    return caseProcess.definition();
  }

  /**
   * Returns the SLA monitor (policies and pure status computation).
   *
   * @return the monitor
   */
  public SlaMonitor sla() {
    return caseProcess.sla();
  }

  /**
   * Builds a {@link SocialCrm}. Not thread-safe; each setter validates its argument at once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Stores stores = Stores.inMemory();
    private ConsentPolicy consent = ConsentPolicy.strict();
    private EventBus events = new EventBus();
    private long dedupCacheSize = 100_000;
    private String senderHandle = "company";
    private IntakeRouter router = IntakeRouter.casesOnly();
    private SendCheck sendCheck = SendCheck.acceptAll();
    private LeadScoring leadScoring = LeadScoring.ofDefaults();

    private Builder() {}

    /**
     * Sets the check that refuses, before queueing, a send its channel cannot perform. The channel
     * layer builds one from the adapters' capabilities.
     *
     * @param value the check; default {@link SendCheck#acceptAll()}
     * @return this builder
     */
    public Builder sendCheck(SendCheck value) {
      sendCheck = Objects.requireNonNull(value, "sendCheck");
      return this;
    }

    /**
     * Sets the lead scoring: the score thresholds that move leads through the stages.
     *
     * @param value the scoring; default {@link LeadScoring#ofDefaults()}
     * @return this builder
     * @since 0.1.0
     */
    public Builder leadScoring(LeadScoring value) {
      leadScoring = Objects.requireNonNull(value, "leadScoring");
      return this;
    }

    /**
     * Sets the router that decides whether a new thread becomes a case or a lead and where it goes.
     *
     * @param value the router; default {@link IntakeRouter#casesOnly()}
     * @return this builder
     */
    public Builder intakeRouter(IntakeRouter value) {
      router = Objects.requireNonNull(value, "intakeRouter");
      return this;
    }

    /**
     * Sets the clock all engine times come from.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Sets the stores.
     *
     * @param value the stores; default {@link Stores#inMemory()}
     * @return this builder
     */
    public Builder stores(Stores value) {
      stores = Objects.requireNonNull(value, "stores");
      return this;
    }

    /**
     * Sets the consent policy.
     *
     * @param value the policy; default {@link ConsentPolicy#strict()}
     * @return this builder
     */
    public Builder consentPolicy(ConsentPolicy value) {
      consent = Objects.requireNonNull(value, "consentPolicy");
      return this;
    }

    /**
     * Sets the event bus, e.g. to share one between components.
     *
     * @param value the event bus
     * @return this builder
     */
    public Builder events(EventBus value) {
      events = Objects.requireNonNull(value, "events");
      return this;
    }

    /**
     * Sets how many recent deliveries the de-duplication cache remembers. The interaction store stays
     * the truth; the cache only saves reads, so there is none in front of stores that are {@link
     * Stores#inProcess() in process} (the in-memory default), and none with size 0.
     *
     * @param value at least 0
     * @return this builder
     */
    public Builder dedupCacheSize(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("dedupCacheSize must be >= 0, was " + value);
      }
      dedupCacheSize = value;
      return this;
    }

    /**
     * Sets the handle recorded as author of the company's outbound messages.
     *
     * @param value the handle; default {@code company}
     * @return this builder
     */
    public Builder senderHandle(String value) {
      Objects.requireNonNull(value, "senderHandle");
      if (value.isBlank()) {
        throw new IllegalArgumentException("senderHandle must not be blank");
      }
      senderHandle = value;
      return this;
    }

    private ProcessDefinition process =
        ProcessDefinition.standard(Duration.ofDays(7));
    private SlaPolicies slaPolicies = SlaPolicies.ofDefaults();
    private EscalationPolicy escalationPolicy = EscalationPolicy.none();

    /**
     * Sets the case process.
     *
     * @param value the process; default {@link ProcessDefinition#standard} with a
     *     reopen window of 7 days
     * @return this builder
     */
    public Builder process(ProcessDefinition value) {
      process = Objects.requireNonNull(value, "process");
      return this;
    }

    /**
     * Sets the SLA policies per queue and priority.
     *
     * @param value the policies; default {@link SlaPolicies#ofDefaults()}
     * @return this builder
     */
    public Builder slaPolicies(SlaPolicies value) {
      slaPolicies = Objects.requireNonNull(value, "slaPolicies");
      return this;
    }

    /**
     * Sets what {@link SocialCrm#tick()} does on SLA warnings and breaches.
     *
     * @param value the policy; default {@link EscalationPolicy#none()}
     * @return this builder
     */
    public Builder escalationPolicy(EscalationPolicy value) {
      escalationPolicy = Objects.requireNonNull(value, "escalationPolicy");
      return this;
    }

    /**
     * Builds the engine.
     *
     * @return a new engine
     */
    public SocialCrm build() {
      return new SocialCrm(this);
    }
  }
}
