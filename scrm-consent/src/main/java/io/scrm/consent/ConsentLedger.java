package io.scrm.consent;

import io.scrm.core.consent.ConsentAction;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ActorType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained ledger of consent events per subject, purpose and channel.
 * Thread-safe: any number of threads may record and read at once; appends are serialised.
 *
 * <p>Granting needs a notice, a method, an actor and evidence. Withdrawing needs nothing but the
 * subject, purpose and channel: it is never harder than granting and needs no login. Once the
 * subject withdrew or objected, or consent was revoked, only the subject can grant again; an agent
 * or the system gets a {@link ConsentReversalException}.
 *
 * <p>Each entry is stamped with the clock of the ledger that recorded it; instances that share a
 * store stamp with their own clocks, which may differ a little. So within a subject, purpose and
 * channel the entry appended last (the highest sequence, the hash chain's order) is the current one,
 * and the times only answer questions "as of" a time ({@link #stateAt}).
 *
 * <p>Logs carry ids only, never evidence or other consent payload.
 *
 * @since 0.1.0
 */
public final class ConsentLedger {
  private static final Logger LOG = LoggerFactory.getLogger(ConsentLedger.class);
  private static final int MAX_ATTEMPTS = 100;

  /**
   * The channel of objections, which apply to every channel, and of the ledger's own {@link
   * ConsentState#ERASED} entries (under purpose {@code data-subject-rights}). A grant, withdrawal,
   * refusal or revocation on it is refused, as it would hide an objection.
   */
  public static final ChannelId ALL_CHANNELS = ChannelId.of("all-channels");

  private final ConsentLedgerStore store;
  private final Purposes purposes;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Object appendLock = new Object();

  private ConsentLedger(Builder b) {
    this.store = b.store;
    this.purposes = b.purposes;
    this.clock = b.clock;
  }

  /**
   * Returns a builder.
   *
   * @return a new builder with an in-memory store, the built-in purposes and the UTC system clock
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Records that the subject gave consent (or a contract, for purposes with legal basis contract).
   * If the subject's current entry already grants, the entry is {@link ConsentState#RENEWED}.
   *
   * @param subject the data subject
   * @param purpose the purpose id
   * @param channel the channel the consent is for
   * @param notice the notice the subject saw
   * @param method how consent was collected; never {@link CollectionMethod#DOUBLE_OPT_IN} (use
   *     {@link DoubleOptIn})
   * @param actor who records it
   * @param evidence what proves it; not empty
   * @param expiresAt when the consent runs out, or null if it does not
   * @return the new entry
   * @throws UnknownPurposeException if the purpose is unknown
   * @throws IllegalArgumentException if the purpose needs no recorded consent, does not allow the
   *     channel, the method is double opt-in, or the evidence is empty
   * @throws ConsentReversalException if an agent or the system tries to undo the subject's
   *     withdrawal or objection, or a revocation
   */
  public ConsentRecord grant(ContactId subject, String purpose, ChannelId channel, Notice notice,
      CollectionMethod method, Actor actor, Evidence evidence, @Nullable Instant expiresAt) {
    Objects.requireNonNull(method, "method");
    if (method == CollectionMethod.DOUBLE_OPT_IN) {
      throw new IllegalArgumentException("method must not be DOUBLE_OPT_IN: double opt-in goes through DoubleOptIn");
    }
    return grantChecked(subject, purpose, channel, notice, method, actor, evidence, expiresAt, () -> { });
  }

  /**
   * Records a grant after the checks of {@link #grant}; {@code veto} runs under the append lock just
   * before the entry is appended, and throws to stop it (an erasure of the subject meanwhile).
   */
  ConsentRecord grantChecked(ContactId subject, String purpose, ChannelId channel, Notice notice,
      CollectionMethod method, Actor actor, Evidence evidence, @Nullable Instant expiresAt, Runnable veto) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(notice, "notice");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(evidence, "evidence");
    Purpose p = checkedPurpose(purpose, channel);
    if (!p.consentRequired() && p.legalBasis() != LegalBasis.CONTRACT) {
      throw new IllegalArgumentException("purpose '" + purpose + "' rests on " + p.legalBasis()
          + " and records no consent");
    }
    if (evidence.isEmpty()) {
      throw new IllegalArgumentException("evidence must not be empty for a grant");
    }
    Instant now = clock.instant();
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw new IllegalArgumentException("expiresAt must be after now");
    }
    ConsentType type = method == CollectionMethod.DOUBLE_OPT_IN ? ConsentType.EXPLICIT
        : p.legalBasis() == LegalBasis.CONTRACT ? ConsentType.NOT_APPLICABLE : ConsentType.EXPRESSED;
    synchronized (appendLock) {
      // decided again on each attempt, after the ledger's end was read: a withdrawal another instance
      // appends meanwhile makes the append lose its race and the grant be checked against it
      return append(subject, p, channel, () -> {
        veto.run();
        ConsentRecord blocking = blockingEntry(subject, p, channel);
        if (blocking != null && !isSubjectItself(actor, subject)) {
          throw new ConsentReversalException(subject, purpose, channel, blocking.state(), actor.type());
        }
        Optional<ConsentRecord> current = store.newest(subject, purpose, channel);
        return current.isPresent() && current.get().validAt(now) ? ConsentState.RENEWED : ConsentState.GIVEN;
      }, type, method, actor, now, expiresAt, notice, evidence);
    }
  }

  /**
   * Records that the subject withdrew consent. One step, no login, always accepted.
   *
   * @param subject the data subject
   * @param purpose the purpose id
   * @param channel the channel
   * @param method how the withdrawal came in (link, keyword, agent, API)
   * @param actor who records it
   * @return the new entry
   * @throws UnknownPurposeException if the purpose is unknown
   */
  public ConsentRecord withdraw(ContactId subject, String purpose, ChannelId channel, CollectionMethod method,
      Actor actor) {
    return recordNo(subject, purpose, channel, ConsentState.WITHDRAWN, method, actor, Evidence.NONE);
  }

  /**
   * Records that the subject withdrew consent, with evidence such as the message id of an inbound
   * STOP.
   *
   * @param subject the data subject
   * @param purpose the purpose id
   * @param channel the channel
   * @param method how the withdrawal came in
   * @param actor who records it
   * @param evidence what proves it
   * @return the new entry
   */
  public ConsentRecord withdraw(ContactId subject, String purpose, ChannelId channel, CollectionMethod method,
      Actor actor, Evidence evidence) {
    return recordNo(subject, purpose, channel, ConsentState.WITHDRAWN, method, actor, evidence);
  }

  /**
   * Records an objection (GDPR Art. 21) to a purpose on every channel. An objection to {@code
   * marketing} denies every purpose that sends marketing, on every channel.
   *
   * @param subject the data subject
   * @param purpose the purpose id
   * @param method how the objection came in
   * @param actor who records it
   * @return the new entry
   */
  public ConsentRecord object(ContactId subject, String purpose, CollectionMethod method, Actor actor) {
    return recordNo(subject, purpose, ALL_CHANNELS, ConsentState.OBJECTED, method, actor, Evidence.NONE);
  }

  /**
   * Records that consent was revoked by the controller, e.g. after a hard bounce or a complaint.
   *
   * @param subject the data subject
   * @param purpose the purpose id
   * @param channel the channel
   * @param method {@link CollectionMethod#BOUNCE}, {@link CollectionMethod#COMPLAINT} or another cause
   * @param actor who records it
   * @return the new entry
   */
  public ConsentRecord revoke(ContactId subject, String purpose, ChannelId channel, CollectionMethod method,
      Actor actor) {
    return recordNo(subject, purpose, channel, ConsentState.REVOKED, method, actor, Evidence.NONE);
  }

  /**
   * Records that the subject declined when asked.
   *
   * @param subject the data subject
   * @param purpose the purpose id
   * @param channel the channel
   * @param method how the answer came in
   * @param actor who records it
   * @return the new entry
   */
  public ConsentRecord refuse(ContactId subject, String purpose, ChannelId channel, CollectionMethod method,
      Actor actor) {
    return recordNo(subject, purpose, channel, ConsentState.REFUSED, method, actor, Evidence.NONE);
  }

  private ConsentRecord recordNo(ContactId subject, String purpose, ChannelId channel, ConsentState state,
      CollectionMethod method, Actor actor, Evidence evidence) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(evidence, "evidence");
    Purpose p = purposes.require(purpose);
    Objects.requireNonNull(channel, "channel");
    if (channel.equals(ALL_CHANNELS) && state != ConsentState.OBJECTED) {
      throw new IllegalArgumentException("channel " + ALL_CHANNELS + " is reserved for objections, was " + state);
    }
    synchronized (appendLock) {
      return append(subject, p, channel, state, ConsentType.NOT_APPLICABLE, method, actor, clock.instant(), null,
          null, evidence);
    }
  }

  /** Writes a REQUESTED entry for double opt-in. */
  ConsentRecord requested(ContactId subject, Purpose p, ChannelId channel, Notice notice, Actor actor,
      Evidence evidence, Instant at) {
    synchronized (appendLock) {
      return append(subject, p, channel, ConsentState.REQUESTED, ConsentType.NOT_APPLICABLE,
          CollectionMethod.DOUBLE_OPT_IN, actor, at, null, notice, evidence);
    }
  }

  /**
   * Returns the subject's current entry for a purpose and channel: the one appended last, even if
   * another instance, whose clock is ahead of this ledger's, stamped it with a later time.
   *
   * @param subject the data subject
   * @param purpose the purpose id
   * @param channel the channel
   * @return the newest entry, or empty
   */
  public Optional<ConsentRecord> current(ContactId subject, String purpose, ChannelId channel) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(channel, "channel");
    return store.newest(subject, purpose, channel);
  }

  /**
   * Returns the subject's entry for a purpose and channel as of a time.
   *
   * @param subject the data subject
   * @param purpose the purpose id
   * @param channel the channel
   * @param at the time
   * @return of the entries at or before {@code at}, the one appended last, or empty
   */
  public Optional<ConsentRecord> stateAt(ContactId subject, String purpose, ChannelId channel, Instant at) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(at, "at");
    return store.latest(subject, purpose, channel, at);
  }

  /**
   * Returns a subject's full consent history.
   *
   * @param subject the data subject
   * @return the entries, oldest first
   */
  public List<ConsentRecord> history(ContactId subject) {
    return store.history(Objects.requireNonNull(subject, "subject"));
  }

  /**
   * Checks the whole hash chain: each entry's link to its predecessor and hash, and its personal
   * digest. An entry marked pseudonymised counts only if it carries nothing personal (no salt, no
   * evidence, no customer but the pseudonym as actor) and a later {@link ConsentState#ERASED} entry
   * under the same pseudonym names exactly the entries that erasure pseudonymised; otherwise someone
   * relabelled it, e.g. to move a grant to another subject or to hide a withdrawal. Entries
   * pseudonymised by a build that did not yet record erasures in the ledger have no such entry and
   * are reported broken the same way: the ledger cannot tell them from a relabelling.
   *
   * @return the result; an unconfirmed pseudonymised entry is found at the end of the pass, so an
   *     entry whose link, hash or digest is wrong is reported first
   */
  public LedgerVerification verify() {
    String previous = ConsentRecord.GENESIS;
    long checked = 0;
    long from = 0;
    // pseudonym -> its pseudonymised entries that no erasure entry confirmed yet
    Map<ContactId, List<ConsentRecord>> unconfirmed = new HashMap<>();
    List<ConsentRecord> page;
    while (!(page = store.entries(from, 1_000)).isEmpty()) {
      for (ConsentRecord e : page) {
        boolean ok = e.sequence() == checked && e.previousHash().equals(previous)
            && e.hash().equals(e.recomputeHash());
        if (ok && e.state() == ConsentState.ERASED) {
          List<ConsentRecord> erased = unconfirmed.remove(e.subject());
          ok = !e.pseudonymised() && carriesNothingPersonal(e) && erased != null
              && (e.personalDigest().equals(ConsentRecord.erasureDigest(e.subject(), e.actor(), erased))
                  || e.personalDigest().equals(
                      ConsentRecord.erasureDigestOfSequences(e.subject(), e.actor(), erased)));
        } else if (ok && e.pseudonymised()) {
          ok = carriesNothingPersonal(e);
          unconfirmed.computeIfAbsent(e.subject(), s -> new ArrayList<>()).add(e);
        } else if (ok) {
          String salt = e.salt();
          ok = salt != null && e.personalDigest().equals(
              ConsentRecord.personalDigest(salt, e.subject(), e.actor(), e.evidence()));
        }
        if (!ok) {
          return new LedgerVerification(false, checked + 1, e.sequence());
        }
        previous = e.hash();
        checked++;
      }
      from += page.size();
    }
    long firstUnconfirmed = -1;
    for (List<ConsentRecord> pending : unconfirmed.values()) {
      if (firstUnconfirmed < 0 || pending.get(0).sequence() < firstUnconfirmed) {
        firstUnconfirmed = pending.get(0).sequence();
      }
    }
    return new LedgerVerification(firstUnconfirmed < 0, checked, firstUnconfirmed);
  }

  /** Whether a pseudonymised or erasure entry holds no salt, no evidence and no customer but its subject. */
  private static boolean carriesNothingPersonal(ConsentRecord e) {
    return e.salt() == null && e.evidence().isEmpty()
        && (e.actor().type() != ActorType.CUSTOMER || e.actor().id().equals(e.subject().value()));
  }

  /**
   * Merges the consents of one subject into another's (e.g. two contacts found to be one person):
   * for every purpose and channel the least permissive state wins. A merge never raises a state:
   * a grant of {@code from} is not carried over to {@code into}, but a withdrawal, objection,
   * revocation, refusal or expiry is. Each side's state is its entry appended last.
   *
   * @param from the subject that goes away
   * @param into the subject that stays
   * @param actor who merges
   * @return the entries written for {@code into}
   */
  public List<ConsentRecord> merge(ContactId from, ContactId into, Actor actor) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(into, "into");
    Objects.requireNonNull(actor, "actor");
    if (from.equals(into)) {
      return List.of();
    }
    Instant now = clock.instant();
    Map<String, ConsentRecord> slots = new LinkedHashMap<>();
    for (ConsentRecord e : store.history(from)) {
      slots.put(e.purpose() + "\u0000" + e.channel().name(), e);
    }
    List<ConsentRecord> written = new ArrayList<>();
    synchronized (appendLock) {
      for (ConsentRecord e : slots.values()) {
        ConsentRecord theirs = store.newest(from, e.purpose(), e.channel()).orElse(null);
        if (theirs != null && theirs.state() == ConsentState.REQUESTED) {
          // a pending request is neither a yes nor a no: the entry before it is their state
          theirs = currentBesidesRequests(from, e.purpose(), e.channel(), Instant.MAX);
        }
        if (theirs == null || theirs.state() == ConsentState.ERASED) {
          continue;
        }
        ConsentState theirState = theirs.validAt(now) || !theirs.state().grants() ? theirs.state()
            : ConsentState.EXPIRED;
        ConsentRecord ours = store.newest(into, e.purpose(), e.channel()).orElse(null);
        ConsentState ourState = ours == null ? null
            : ours.validAt(now) || !ours.state().grants() ? ours.state() : ConsentState.EXPIRED;
        if (ConsentState.rank(theirState) < ConsentState.rank(ourState)) {
          Purpose p = purposes.get(e.purpose());
          if (p == null) {
            continue;
          }
          written.add(append(into, p, e.channel(), theirState, ConsentType.NOT_APPLICABLE, CollectionMethod.MERGE,
              actor, now, null, theirState.grants() ? theirs.notice() : null, Evidence.NONE));
        }
      }
    }
    LOG.debug("merged consents of {} into {}: {} entries", from, into, written.size());
    return List.copyOf(written);
  }

  /**
   * Records {@link ConsentState#EXPIRED} for every grant that has run out and has no entry appended
   * after it. Meant for a scheduled job; the gate does not depend on it, as it checks expiry itself.
   *
   * @return the entries written
   */
  public List<ConsentRecord> recordExpiries() {
    Instant now = clock.instant();
    Map<String, ConsentRecord> slots = new LinkedHashMap<>();
    long from = 0;
    List<ConsentRecord> page;
    while (!(page = store.entries(from, 1_000)).isEmpty()) {
      for (ConsentRecord e : page) {
        if (!e.pseudonymised() && e.expiresAt() != null) {
          slots.put(e.subject().value() + "\u0000" + e.purpose() + "\u0000" + e.channel().name(), e);
        }
      }
      from += page.size();
    }
    List<ConsentRecord> written = new ArrayList<>();
    Actor system = Actor.system("consent-expiry");
    synchronized (appendLock) {
      for (ConsentRecord e : slots.values()) {
        ConsentRecord latest = store.newest(e.subject(), e.purpose(), e.channel()).orElse(null);
        Purpose p = purposes.get(e.purpose());
        if (latest != null && p != null && latest.state().grants() && !latest.validAt(now)) {
          written.add(append(e.subject(), p, e.channel(), ConsentState.EXPIRED, ConsentType.NOT_APPLICABLE,
              CollectionMethod.EXPIRY, system, now, null, null, Evidence.NONE));
        }
      }
    }
    LOG.debug("recorded {} expiries", written.size());
    return List.copyOf(written);
  }

  /**
   * Erases a subject from the ledger in one step: replaces the subject in its entries by a new
   * pseudonym and appends the {@link ConsentState#ERASED} entry that names the entries pseudonymised,
   * with who erased (a customer as the pseudonym) and when. Appends nothing if the subject has no
   * entries. Returns the pseudonym.
   */
  ContactId pseudonymise(ContactId subject, Actor actor) {
    ContactId pseudonym = ContactId.of("erased-" + UUID.randomUUID());
    Actor by = actor.type() == ActorType.CUSTOMER ? Actor.customer(pseudonym) : actor;
    Purpose p = Purpose.DATA_SUBJECT_RIGHTS;
    synchronized (appendLock) {
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        long sequence = store.size();
        String previous = store.last().map(ConsentRecord::hash).orElse(ConsentRecord.GENESIS);
        // as the store keeps them once pseudonymised: the digest covers who recorded each
        List<ConsentRecord> erased = new ArrayList<>();
        for (ConsentRecord e : store.history(subject)) {
          if (e.sequence() < sequence && e.erasable()) {
            erased.add(e.pseudonymisedAs(pseudonym));
          }
        }
        if (erased.isEmpty()) {
          // nothing to pseudonymise, but a restriction of the erased subject goes with it all the same
          store.restrict(subject, false);
          return pseudonym;
        }
        Instant now = clock.instant();
        String id = "consent-" + sequence;
        String digest = ConsentRecord.erasureDigest(pseudonym, by, erased);
        String hash = ConsentRecord.chainHash(id, sequence, p.id(), p.version(), ALL_CHANNELS, ConsentState.ERASED,
            ConsentType.NOT_APPLICABLE, CollectionMethod.ERASURE, now, null, null, digest, previous);
        ConsentRecord entry = new ConsentRecord(id, sequence, pseudonym, p.id(), p.version(), ALL_CHANNELS,
            ConsentState.ERASED, ConsentType.NOT_APPLICABLE, CollectionMethod.ERASURE, by, now, null, null,
            Evidence.NONE, null, digest, previous, hash, false);
        try {
          int n = store.erase(subject, entry);
          LOG.debug("pseudonymised {} ledger entries as {}, recorded in {}", n, pseudonym, id);
          return pseudonym;
        } catch (IllegalStateException movedOn) {
          // another instance appended first: read the subject's entries again and chain onto it
        }
      }
    }
    throw new IllegalStateException("consent ledger: erasure kept losing races");
  }

  ConsentLedgerStore store() {
    return store;
  }

  Purposes purposes() {
    return purposes;
  }

  Clock clock() {
    return clock;
  }

  private Purpose checkedPurpose(String purpose, ChannelId channel) {
    Objects.requireNonNull(channel, "channel");
    Purpose p = purposes.require(purpose);
    if (channel.equals(ALL_CHANNELS)) {
      throw new IllegalArgumentException("channel " + ALL_CHANNELS + " is reserved for objections");
    }
    if (!p.allowsChannel(channel)) {
      throw new IllegalArgumentException("purpose '" + purpose + "' does not allow channel " + channel);
    }
    return p;
  }

  /**
   * The grant that allows processing at a time: the slot's deciding entry ({@link #decidingEntry}),
   * valid, and not overridden by an objection to the purpose (or to marketing, for purposes that send
   * marketing) appended after it; null if there is none.
   */
  @Nullable ConsentRecord effectiveGrant(ContactId subject, Purpose p, ChannelId channel, Instant at) {
    ConsentRecord r = decidingEntry(subject, p.id(), channel, at);
    if (r == null || !r.validAt(at)) {
      return null;
    }
    if (overrides(objection(subject, p.id()), r)) {
      return null;
    }
    if (p.actions().contains(ConsentAction.SEND_MARKETING)
        && overrides(objection(subject, Purpose.MARKETING.id()), r)) {
      return null;
    }
    return r;
  }

  /**
   * The slot's entry that decides at a time: the one current then ({@link ConsentLedgerStore#latest});
   * but if that one grants and a "no" (withdrawal, refusal, revocation, expiry) was appended after it,
   * the newest such "no", whatever its time. Instances stamp with their own clocks: a withdrawal
   * recorded on one whose clock is ahead must not wait for the asking instance's clock to catch up.
   */
  @Nullable ConsentRecord decidingEntry(ContactId subject, String purpose, ChannelId channel, Instant at) {
    ConsentRecord r = store.latest(subject, purpose, channel, at).orElse(null);
    if (r != null && r.state() == ConsentState.REQUESTED) {
      // a confirmation asked for is neither a yes nor a no: the entry before it still decides; with
      // none, the request is what there is (a denial that says a confirmation is pending)
      ConsentRecord before = currentBesidesRequests(subject, purpose, channel, at);
      if (before != null) {
        r = before;
      }
    }
    if (r == null || !r.state().grants()) {
      return r;
    }
    ConsentRecord newest = store.newest(subject, purpose, channel).orElse(null);
    if (newest == null || newest.sequence() <= r.sequence()) {
      return r;
    }
    if (isNo(newest.state())) {
      return newest;
    }
    // entries stamped after 'at' were appended after r and the last is no "no": one between may be
    ConsentRecord no = null;
    for (ConsentRecord e : store.history(subject)) {
      if (e.sequence() > r.sequence() && e.sequence() < newest.sequence() && e.purpose().equals(purpose)
          && e.channel().equals(channel) && isNo(e.state())) {
        no = e;
      }
    }
    return no != null ? no : r;
  }

  /** Like {@link ConsentLedgerStore#latest}, passing over {@link ConsentState#REQUESTED} entries. */
  private @Nullable ConsentRecord currentBesidesRequests(ContactId subject, String purpose, ChannelId channel,
      Instant at) {
    ConsentRecord current = null;
    for (ConsentRecord e : store.history(subject)) {
      if (e.purpose().equals(purpose) && e.channel().equals(channel) && e.state() != ConsentState.REQUESTED
          && !e.at().isAfter(at) && (current == null || e.sequence() > current.sequence())) {
        current = e;
      }
    }
    return current;
  }

  /**
   * Whether, after the entry with sequence {@code after}, the subject's own "no" (withdrawal,
   * refusal), a revocation, or an objection to the purpose (or to marketing, for a purpose that sends
   * marketing) was appended. An expiry is no "no" of the subject and does not count.
   */
  boolean saidNoAfter(ContactId subject, Purpose p, ChannelId channel, long after) {
    boolean marketing = p.actions().contains(ConsentAction.SEND_MARKETING);
    for (ConsentRecord e : store.history(subject)) {
      if (e.sequence() <= after) {
        continue;
      }
      ConsentState s = e.state();
      if (e.purpose().equals(p.id()) && e.channel().equals(channel)
          && (s == ConsentState.WITHDRAWN || s == ConsentState.REFUSED || s == ConsentState.REVOKED)) {
        return true;
      }
      if (s == ConsentState.OBJECTED && e.channel().equals(ALL_CHANNELS)
          && (e.purpose().equals(p.id()) || marketing && e.purpose().equals(Purpose.MARKETING.id()))) {
        return true;
      }
    }
    return false;
  }

  /** The newest entry of a purpose's slot on all channels if it is an objection, else null. */
  @Nullable ConsentRecord objection(ContactId subject, String purpose) {
    ConsentRecord r = store.newest(subject, purpose, ALL_CHANNELS).orElse(null);
    return r != null && r.state() == ConsentState.OBJECTED ? r : null;
  }

  /**
   * Whether an objection was appended after a grant. The ledger's order decides, not the entries'
   * times, which may come from the clocks of different instances.
   */
  static boolean overrides(@Nullable ConsentRecord objection, ConsentRecord grant) {
    return objection != null && objection.state() == ConsentState.OBJECTED
        && objection.sequence() > grant.sequence();
  }

  /** Whether a state is a "no" that ends a grant recorded before it. */
  private static boolean isNo(ConsentState state) {
    return !state.grants() && state != ConsentState.REQUESTED;
  }

  /**
   * The entry that keeps others from granting: the subject's own "no" or a revocation appended last
   * in the slot, or an objection, whatever their times.
   */
  private @Nullable ConsentRecord blockingEntry(ContactId subject, Purpose p, ChannelId channel) {
    ConsentRecord slot = store.newest(subject, p.id(), channel).orElse(null);
    if (slot != null && slot.state().blocksRegrantByOthers()) {
      return slot;
    }
    ConsentRecord objection = objection(subject, p.id());
    if (objection != null) {
      return objection;
    }
    if (p.actions().contains(ConsentAction.SEND_MARKETING)) {
      return objection(subject, Purpose.MARKETING.id());
    }
    return null;
  }

  private static boolean isSubjectItself(Actor actor, ContactId subject) {
    return actor.type() == ActorType.CUSTOMER && actor.id().equals(subject.value());
  }

  private ConsentRecord append(ContactId subject, Purpose p, ChannelId channel, ConsentState state, ConsentType type,
      CollectionMethod method, Actor actor, Instant at, @Nullable Instant expiresAt, @Nullable Notice notice,
      Evidence evidence) {
    return append(subject, p, channel, () -> state, type, method, actor, at, expiresAt, notice, evidence);
  }

  /**
   * Appends an entry whose state {@code decide} gives, asked on each attempt once the ledger's end is
   * read (it may throw to refuse the entry): an entry appended meanwhile by another instance makes
   * the attempt lose its race, and the state is decided again with that entry in the ledger.
   */
  private ConsentRecord append(ContactId subject, Purpose p, ChannelId channel, Supplier<ConsentState> decide,
      ConsentType type, CollectionMethod method, Actor actor, Instant at, @Nullable Instant expiresAt,
      @Nullable Notice notice, Evidence evidence) {
    byte[] saltBytes = new byte[16];
    random.nextBytes(saltBytes);
    String salt = Digests.hex(saltBytes);
    String personal = ConsentRecord.personalDigest(salt, subject, actor, evidence);
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      long sequence = store.size();
      String previous = store.last().map(ConsentRecord::hash).orElse(ConsentRecord.GENESIS);
      ConsentState state = decide.get();
      String id = "consent-" + sequence;
      String hash = ConsentRecord.chainHash(id, sequence, p.id(), p.version(), channel, state, type, method, at,
          expiresAt, notice, personal, previous);
      ConsentRecord entry = new ConsentRecord(id, sequence, subject, p.id(), p.version(), channel, state, type,
          method, actor, at, expiresAt, notice, evidence, salt, personal, previous, hash, false);
      try {
        store.append(entry);
        LOG.debug("consent entry {} {} subject={} purpose={} channel={} method={}", id, state, subject, p.id(),
            channel, method);
        return entry;
      } catch (IllegalStateException movedOn) {
        // another instance appended first: chain onto its entry
      }
    }
    throw new IllegalStateException("consent ledger: append kept losing races");
  }

  /**
   * Builds a {@link ConsentLedger}. Not thread-safe; each setter validates at once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private ConsentLedgerStore store = ConsentLedgerStore.inMemory();
    private Purposes purposes = Purposes.ofDefaults();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the store.
     *
     * @param value the store; default in-memory
     * @return this builder
     */
    public Builder store(ConsentLedgerStore value) {
      store = Objects.requireNonNull(value, "store");
      return this;
    }

    /**
     * Sets the known purposes.
     *
     * @param value the purposes; default the built-in ones
     * @return this builder
     */
    public Builder purposes(Purposes value) {
      purposes = Objects.requireNonNull(value, "purposes");
      return this;
    }

    /**
     * Sets the clock.
     *
     * @param value the clock; default the UTC system clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Builds the ledger.
     *
     * @return the ledger
     */
    public ConsentLedger build() {
      return new ConsentLedger(this);
    }
  }
}
