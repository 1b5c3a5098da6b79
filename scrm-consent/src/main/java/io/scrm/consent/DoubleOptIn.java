package io.scrm.consent;

import io.scrm.consent.PendingOptInStore.Pending;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Double opt-in: {@link #request} records {@link ConsentState#REQUESTED} and issues a single-use
 * token; {@link #confirm} records {@link ConsentState#GIVEN} once. Thread-safe.
 *
 * <p>Only the SHA-256 of a token is stored. A token runs out after the token validity (default 48
 * hours); a late or repeated confirmation records nothing. A request is never consent. A subject
 * who already confirmed gets no second token, so no second confirmation message. The form fields
 * of a pending request (only those the purpose declares) are kept until confirmation and purged by
 * {@link #purge()} once older than the pending retention.
 *
 * <p>Pending requests and spent tokens are kept in a {@link PendingOptInStore}, in memory by
 * default. Instances of a host that share the ledger's database share a database store too
 * ({@code PostgresPendingOptInStore}): a link is then confirmed on whichever instance it reaches, and
 * after a restart.
 *
 * @since 0.1.0
 */
public final class DoubleOptIn {
  private static final Logger LOG = LoggerFactory.getLogger(DoubleOptIn.class);
  private static final Base64.Encoder TOKEN_ENCODING = Base64.getUrlEncoder().withoutPadding();

  private final ConsentLedger ledger;
  private final Clock clock;
  private final Duration tokenValidity;
  private final Duration pendingRetention;
  private final PendingOptInStore store;
  private final SecureRandom random = new SecureRandom();
  /** Numbers the requests, so that an erasure can tell which were made before it. */
  private final AtomicLong requests = new AtomicLong();
  /** The numbers of the requests this instance made, by token hash, until taken, forgotten or purged. */
  private final ConcurrentHashMap<String, Issued> issued = new ConcurrentHashMap<>();
  /** Per erased subject: the number of the last request made before its erasure, and when. */
  private final ConcurrentHashMap<ContactId, Erased> erased = new ConcurrentHashMap<>();

  private record Issued(ContactId subject, long number, Instant at) {}

  private record Erased(long lastRequest, Instant at) {}

  /** Thrown under the ledger's lock when the subject withdrew, refused or objected after the request. */
  private static final class SaidNoMeanwhile extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SaidNoMeanwhile() {
      super(null, null, false, false);
    }
  }

  /** Thrown under the ledger's lock when the subject of a confirmation was erased meanwhile. */
  private static final class ErasedMeanwhile extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ErasedMeanwhile() {
      super(null, null, false, false);
    }
  }

  private DoubleOptIn(Builder b) {
    this.ledger = b.ledger;
    this.clock = b.ledger.clock();
    this.tokenValidity = b.tokenValidity;
    this.pendingRetention = b.pendingRetention;
    this.store = b.store;
  }

  /**
   * Returns a builder.
   *
   * @param ledger the ledger to record in
   * @return a new builder
   */
  public static Builder builder(ConsentLedger ledger) {
    return new Builder(ledger);
  }

  /**
   * Asks for consent by double opt-in. Keeps only the purpose's declared fields of the submission.
   *
   * @param subject the data subject
   * @param purpose the purpose id
   * @param channel the channel the consent is for
   * @param notice the notice shown with the form
   * @param submitted the submitted form fields
   * @param evidence the form evidence (form, page, shortened IP); the fields' hash is added here
   * @return the token to send, or {@link OptInRequest.Status#ALREADY_CONFIRMED}
   * @throws UnknownPurposeException if the purpose is unknown
   * @throws MissingFormFieldException if a required field is missing
   * @throws IllegalArgumentException if the purpose records no consent or does not allow the channel
   */
  public OptInRequest request(ContactId subject, String purpose, ChannelId channel, Notice notice,
      Map<String, String> submitted, Evidence evidence) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(notice, "notice");
    Objects.requireNonNull(evidence, "evidence");
    Purpose p = ledger.purposes().require(purpose);
    if (!p.consentRequired()) {
      throw new IllegalArgumentException("purpose '" + purpose + "' records no consent");
    }
    if (!p.allowsChannel(channel)) {
      throw new IllegalArgumentException("purpose '" + purpose + "' does not allow channel " + channel);
    }
    Map<String, String> kept = p.collect(submitted);
    Instant now = clock.instant();
    ConsentRecord current = ledger.effectiveGrant(subject, p, channel, now);
    if (current != null && current.method() == CollectionMethod.DOUBLE_OPT_IN) {
      LOG.debug("double opt-in for subject {} purpose {} on {} already confirmed", subject, p.id(), channel);
      return new OptInRequest(OptInRequest.Status.ALREADY_CONFIRMED, null, null, null);
    }
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String token = TOKEN_ENCODING.encodeToString(raw);
    String tokenHash = hash(token);
    Evidence withFields = new Evidence(evidence.formId(), evidence.page(), evidence.ipPrefix(),
        Digests.sha256(kept), tokenHash, evidence.messageId());
    // numbered before it is written: an erasure from then on covers it, even one that runs before
    // the request is pending
    long number = requests.incrementAndGet();
    ConsentRecord requested = ledger.requested(subject, p, channel, notice, Actor.customer(subject), withFields, now);
    Instant expiresAt = now.plus(tokenValidity);
    store.add(new Pending(tokenHash, subject, p.id(), channel, notice, kept, withFields, now, expiresAt,
        requested.sequence()));
    issued.put(tokenHash, new Issued(subject, number, now));
    // erased meanwhile, here or on another instance (whose erasure removed the subject's requests
    // before this one was stored): the submitted fields are not kept, and the token confirms nothing
    if (erasedSince(subject, number) || erasedInLedger(subject, requested.sequence())) {
      store.remove(tokenHash);
      issued.remove(tokenHash);
    }
    LOG.debug("double opt-in requested {} subject={} purpose={} channel={}", requested.id(), subject, p.id(), channel);
    return new OptInRequest(OptInRequest.Status.ISSUED, token, requested, expiresAt);
  }

  /**
   * Confirms a token. Records {@link ConsentState#GIVEN} on the first confirmation within the
   * token's validity, and nothing otherwise; nothing either if, after the request, the subject
   * withdrew or refused on its purpose and channel, consent there was revoked, or the subject objected
   * to the purpose (or to marketing, for a purpose that sends it): an old link does not undo a "no".
   * The token is looked up by its hash and compared in constant time. Of several instances confirming
   * one token at once, exactly one records the grant; the others answer {@link
   * OptInConfirmation.Outcome#ALREADY_USED}.
   *
   * @param token the token from the confirmation message
   * @param confirmation evidence of the confirmation (e.g. page and shortened IP of the click)
   * @return what happened
   */
  public OptInConfirmation confirm(String token, Evidence confirmation) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(confirmation, "confirmation");
    String presented = hash(token);
    Pending p = store.take(presented).orElse(null);
    if (p == null) {
      boolean used = store.isSpent(presented);
      return new OptInConfirmation(used ? OptInConfirmation.Outcome.ALREADY_USED : OptInConfirmation.Outcome.UNKNOWN,
          null, Map.of());
    }
    // null if another instance made the request, or this one before a restart
    Issued mine = issued.remove(presented);
    Instant now = clock.instant();
    if (!Digests.equal(presented, p.evidence().tokenHash() == null ? "" : p.evidence().tokenHash())
        || !now.isBefore(p.expiresAt())) {
      LOG.debug("double opt-in token for subject {} expired", p.subject());
      return new OptInConfirmation(OptInConfirmation.Outcome.EXPIRED, null, Map.of());
    }
    Evidence evidence = new Evidence(confirmation.formId() != null ? confirmation.formId() : p.evidence().formId(),
        confirmation.page() != null ? confirmation.page() : p.evidence().page(),
        confirmation.ipPrefix() != null ? confirmation.ipPrefix() : p.evidence().ipPrefix(),
        p.evidence().fieldsHash(), presented, confirmation.messageId());
    ConsentRecord given;
    try {
      Purpose purpose = ledger.purposes().require(p.purpose());
      // an erasure that began after the request was taken out of the pending ones has missed it: the
      // grant is vetoed under the ledger's lock, before or after the erasure's own step there. This
      // instance knows when it erased; an erasure on another instance has pseudonymised the request's
      // entry, or its entry makes this append lose its race and the veto run again
      given = ledger.grantChecked(p.subject(), purpose.id(), p.channel(), p.notice(),
          CollectionMethod.DOUBLE_OPT_IN, Actor.customer(p.subject()), evidence, null, () -> {
            if (mine != null && erasedSince(p.subject(), mine.number())
                || erasedInLedger(p.subject(), p.requestSequence())) {
              throw new ErasedMeanwhile();
            }
            // a withdrawal, refusal, revocation or objection appended after the request ends it: the
            // old link must not revive consent
            if (ledger.saidNoAfter(p.subject(), purpose, p.channel(), p.requestSequence())) {
              throw new SaidNoMeanwhile();
            }
          });
    } catch (SaidNoMeanwhile no) {
      LOG.debug("double opt-in for subject {} ended by a later no; not recorded", p.subject());
      return new OptInConfirmation(OptInConfirmation.Outcome.WITHDRAWN, null, Map.of());
    } catch (ErasedMeanwhile gone) {
      LOG.debug("double opt-in of an erased subject not recorded");
      return new OptInConfirmation(OptInConfirmation.Outcome.UNKNOWN, null, Map.of());
    } catch (RuntimeException notRecorded) {
      // nothing was recorded (the ledger's store failed): the token stays valid for another click
      try {
        store.putBack(p);
        if (mine != null) {
          issued.putIfAbsent(presented, mine);
        }
      } catch (RuntimeException notPutBack) {
        notRecorded.addSuppressed(notPutBack);
      }
      throw notRecorded;
    }
    LOG.debug("double opt-in confirmed {} subject={}", given.id(), p.subject());
    return new OptInConfirmation(OptInConfirmation.Outcome.CONFIRMED, given, p.submitted());
  }

  /**
   * Removes pending requests, with their form fields, and spent-token marks older than the pending
   * retention, from the store (of every instance that shares it).
   *
   * @return how many pending requests were removed
   */
  public int purge() {
    Instant cutoff = clock.instant().minus(pendingRetention);
    int removed = store.purge(cutoff);
    issued.values().removeIf(i -> !i.at().isAfter(cutoff));
    // a request older than the retention cannot be pending any more, nor be confirmed
    erased.values().removeIf(e -> !e.at().isAfter(cutoff));
    LOG.debug("purged {} pending double opt-in requests", removed);
    return removed;
  }

  /**
   * Returns how many requests are pending, in the store (of every instance that shares it).
   *
   * @return the number of pending requests
   */
  public int pendingCount() {
    return store.count();
  }

  /** Whether the subject was erased after the request with this number was made. */
  private boolean erasedSince(ContactId subject, long requestNumber) {
    Erased e = erased.get(subject);
    return e != null && e.lastRequest() >= requestNumber;
  }

  /**
   * Whether the ledger's {@link ConsentState#REQUESTED} entry of a request no longer names its
   * subject: the subject was erased (pseudonymised) since, on whichever instance. An entry that is
   * not there (a ledger other than the request's) confirms nothing either.
   */
  private boolean erasedInLedger(ContactId subject, long requestSequence) {
    List<ConsentRecord> entry = ledger.store().entries(requestSequence, 1);
    return entry.isEmpty() || entry.get(0).sequence() != requestSequence || entry.get(0).pseudonymised()
        || !entry.get(0).subject().equals(subject);
  }

  /**
   * Drops the pending requests of a subject, with their form fields, from the store (erasure), and
   * vetoes the grant of those this instance took out to be confirmed at this moment. Called before
   * the ledger is pseudonymised, and again after it: a request another instance stores meanwhile
   * finds its entry pseudonymised, or is removed by the second call.
   */
  int forget(ContactId subject) {
    erased.put(subject, new Erased(requests.get(), clock.instant()));
    issued.values().removeIf(i -> i.subject().equals(subject));
    return store.removeSubject(subject);
  }

  /** The pending requests of a subject, for an export (GDPR Art. 15). */
  List<Map<String, Object>> pendingOf(ContactId subject) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Pending p : store.ofSubject(subject)) {
      out.add(Map.of("purpose", p.purpose(), "channel", p.channel().name(), "submitted", p.submitted(),
          "requestedAt", p.requestedAt().toString(), "expiresAt", p.expiresAt().toString()));
    }
    return out;
  }

  /** Whether any pending request is the subject's (erasure checks). */
  boolean holdsAny(ContactId subject) {
    return !store.ofSubject(subject).isEmpty();
  }

  private static String hash(String token) {
    return Digests.hex(Digests.sha256().digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Builds a {@link DoubleOptIn}. Not thread-safe; each setter validates at once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final ConsentLedger ledger;
    private Duration tokenValidity = Duration.ofHours(48);
    private Duration pendingRetention = Duration.ofDays(7);
    private PendingOptInStore store = PendingOptInStore.inMemory();

    private Builder(ConsentLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * Sets how long a token can be confirmed.
     *
     * @param value a positive duration; default 48 hours
     * @return this builder
     */
    public Builder tokenValidity(Duration value) {
      tokenValidity = positive(value, "tokenValidity");
      return this;
    }

    /**
     * Sets after how long pending requests and their form fields are purged.
     *
     * @param value a positive duration; default 7 days
     * @return this builder
     */
    public Builder pendingRetention(Duration value) {
      pendingRetention = positive(value, "pendingRetention");
      return this;
    }

    /**
     * Sets where pending requests and spent tokens are kept. Instances of a host that share the
     * ledger's store share this store too, so that a link is confirmed on whichever instance it
     * reaches, and after a restart.
     *
     * @param value the store; default {@link PendingOptInStore#inMemory()}
     * @return this builder
     */
    public Builder pendingStore(PendingOptInStore value) {
      store = Objects.requireNonNull(value, "pendingStore");
      return this;
    }

    /**
     * Builds the double opt-in.
     *
     * @return the double opt-in
     * @throws IllegalArgumentException if the pending retention is shorter than the token validity
     */
    public DoubleOptIn build() {
      if (pendingRetention.compareTo(tokenValidity) < 0) {
        throw new IllegalArgumentException("pendingRetention must be >= tokenValidity");
      }
      return new DoubleOptIn(this);
    }

    private static Duration positive(Duration value, String field) {
      Objects.requireNonNull(value, field);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(field + " must be positive, was " + value);
      }
      return value;
    }
  }
}
