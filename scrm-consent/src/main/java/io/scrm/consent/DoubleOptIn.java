package io.scrm.consent;

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
 * @since 0.1.0
 */
public final class DoubleOptIn {
  private static final Logger LOG = LoggerFactory.getLogger(DoubleOptIn.class);
  private static final Base64.Encoder TOKEN_ENCODING = Base64.getUrlEncoder().withoutPadding();

  private final ConsentLedger ledger;
  private final Clock clock;
  private final Duration tokenValidity;
  private final Duration pendingRetention;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Instant> spent = new ConcurrentHashMap<>();
  /** Numbers the requests, so that an erasure can tell which were made before it. */
  private final AtomicLong requests = new AtomicLong();
  /** Per erased subject: the number of the last request made before its erasure, and when. */
  private final ConcurrentHashMap<ContactId, Erased> erased = new ConcurrentHashMap<>();

  private record Pending(ContactId subject, Purpose purpose, ChannelId channel, Notice notice,
      Map<String, String> submitted, Evidence evidence, Instant requestedAt, Instant expiresAt, long number,
      long requestSequence) {}

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
    pending.put(tokenHash, new Pending(subject, p, channel, notice, kept, withFields, now, expiresAt, number,
        requested.sequence()));
    if (erasedSince(subject, number)) {
      // erased meanwhile: the submitted fields are not kept, and the token confirms nothing
      pending.remove(tokenHash);
    }
    LOG.debug("double opt-in requested {} subject={} purpose={} channel={}", requested.id(), subject, p.id(), channel);
    return new OptInRequest(OptInRequest.Status.ISSUED, token, requested, expiresAt);
  }

  /**
   * Confirms a token. Records {@link ConsentState#GIVEN} on the first confirmation within the
   * token's validity, and nothing otherwise; nothing either if, after the request, the subject
   * withdrew or refused on its purpose and channel, consent there was revoked, or the subject objected
   * to the purpose (or to marketing, for a purpose that sends it): an old link does not undo a "no".
   * The token is looked up by its hash and compared in constant time.
   *
   * @param token the token from the confirmation message
   * @param confirmation evidence of the confirmation (e.g. page and shortened IP of the click)
   * @return what happened
   */
  public OptInConfirmation confirm(String token, Evidence confirmation) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(confirmation, "confirmation");
    String presented = hash(token);
    Pending p = pending.remove(presented);
    if (p == null) {
      boolean used = spent.containsKey(presented);
      return new OptInConfirmation(used ? OptInConfirmation.Outcome.ALREADY_USED : OptInConfirmation.Outcome.UNKNOWN,
          null, Map.of());
    }
    Instant now = clock.instant();
    spent.put(presented, p.requestedAt());
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
      // an erasure that began after the request was taken out of the pending ones here has missed
      // it: the grant is vetoed under the ledger's lock, before or after the erasure's own step there
      given = ledger.grantChecked(p.subject(), p.purpose().id(), p.channel(), p.notice(),
          CollectionMethod.DOUBLE_OPT_IN, Actor.customer(p.subject()), evidence, null, () -> {
            if (erasedSince(p.subject(), p.number())) {
              throw new ErasedMeanwhile();
            }
            // a withdrawal, refusal, revocation or objection appended after the request ends it: the
            // old link must not revive consent
            if (ledger.saidNoAfter(p.subject(), p.purpose(), p.channel(), p.requestSequence())) {
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
      spent.remove(presented);
      pending.putIfAbsent(presented, p);
      throw notRecorded;
    }
    LOG.debug("double opt-in confirmed {} subject={}", given.id(), p.subject());
    return new OptInConfirmation(OptInConfirmation.Outcome.CONFIRMED, given, p.submitted());
  }

  /**
   * Removes pending requests and spent-token marks older than the pending retention.
   *
   * @return how many pending requests were removed
   */
  public int purge() {
    Instant cutoff = clock.instant().minus(pendingRetention);
    int[] removed = {0};
    pending.entrySet().removeIf(e -> {
      boolean old = !e.getValue().requestedAt().isAfter(cutoff);
      if (old) {
        removed[0]++;
      }
      return old;
    });
    spent.values().removeIf(at -> !at.isAfter(cutoff));
    // a request older than the retention cannot be pending any more, nor be confirmed
    erased.values().removeIf(e -> !e.at().isAfter(cutoff));
    LOG.debug("purged {} pending double opt-in requests", removed[0]);
    return removed[0];
  }

  /**
   * Returns how many requests are pending.
   *
   * @return the number of pending requests
   */
  public int pendingCount() {
    return pending.size();
  }

  /** Whether the subject was erased after the request with this number was made. */
  private boolean erasedSince(ContactId subject, long requestNumber) {
    Erased e = erased.get(subject);
    return e != null && e.lastRequest() >= requestNumber;
  }

  /**
   * Drops the pending requests of a subject (erasure), and vetoes the grant of those taken out to be
   * confirmed at this moment. Called before the ledger is pseudonymised.
   */
  int forget(ContactId subject) {
    erased.put(subject, new Erased(requests.get(), clock.instant()));
    int before = pending.size();
    pending.values().removeIf(p -> p.subject().equals(subject));
    return before - pending.size();
  }

  /** The pending requests of a subject, for an export (GDPR Art. 15). */
  List<Map<String, Object>> pendingOf(ContactId subject) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Pending p : pending.values()) {
      if (p.subject().equals(subject)) {
        out.add(Map.of("purpose", p.purpose().id(), "channel", p.channel().name(), "submitted", p.submitted(),
            "requestedAt", p.requestedAt().toString(), "expiresAt", p.expiresAt().toString()));
      }
    }
    return out;
  }

  /** Whether any pending request holds one of the given values (erasure checks). */
  boolean holdsAny(ContactId subject) {
    for (Pending p : pending.values()) {
      if (p.subject().equals(subject)) {
        return true;
      }
    }
    return false;
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
