package io.scrm.consent;

import io.scrm.core.model.Actor;
import io.scrm.core.model.ActorType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the append-only consent ledger: a consent event of one subject for one purpose on one
 * channel. Immutable and thread-safe.
 *
 * <p>Entries are hash-chained: {@link #hash()} covers the previous entry's hash, every non-personal
 * field and {@link #personalDigest()}, a salted hash of the personal fields (subject, actor,
 * evidence). Erasure replaces the personal fields with a pseudonym and drops the salt, keeping the
 * digest, so nothing links the entry to the person any more. As neither the pseudonym nor {@link
 * #pseudonymised()} is covered by the hash, the erasure appends an entry of its own, {@link
 * ConsentState#ERASED} under the pseudonym, whose digest covers the pseudonym, the actor and the
 * sequences it pseudonymised; {@link ConsentLedger#verify()} accepts a pseudonymised entry only if
 * such a later entry names it.
 *
 * @param id the entry's id
 * @param sequence the position in the ledger, from 0
 * @param subject the data subject (a pseudonym after erasure, and of an {@link ConsentState#ERASED} entry)
 * @param purpose the purpose id
 * @param purposeVersion the purpose's version at the time
 * @param channel the channel, or {@link ConsentLedger#ALL_CHANNELS} for objections
 * @param state the recorded state
 * @param type how consent was expressed
 * @param method how the event came about
 * @param actor who recorded it (a pseudonym after erasure if it was a customer)
 * @param at when it happened
 * @param expiresAt when a grant runs out, if it does
 * @param notice the notice shown, for grants and requests
 * @param evidence what proves it (empty after erasure)
 * @param salt the random salt of the personal digest; null after erasure and for an {@link
 *     ConsentState#ERASED} entry
 * @param personalDigest the salted SHA-256 of subject, actor and evidence; for an {@link
 *     ConsentState#ERASED} entry, the SHA-256 of pseudonym, actor and the sequences it pseudonymised
 * @param previousHash the hash of the previous entry (64 zeros for the first)
 * @param hash this entry's chain hash
 * @param pseudonymised whether erasure replaced the personal fields
 * @since 0.1.0
 */
public record ConsentRecord(
    String id,
    long sequence,
    ContactId subject,
    String purpose,
    int purposeVersion,
    ChannelId channel,
    ConsentState state,
    ConsentType type,
    CollectionMethod method,
    Actor actor,
    Instant at,
    @Nullable Instant expiresAt,
    @Nullable Notice notice,
    Evidence evidence,
    @Nullable String salt,
    String personalDigest,
    String previousHash,
    String hash,
    boolean pseudonymised) {

  /** The previous hash of the first entry. */
  public static final String GENESIS = "0".repeat(64);

  /**
   * Validates the entry.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public ConsentRecord {
    Checks.text(id, "id", 100);
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0, was " + sequence);
    }
    Checks.storable(Objects.requireNonNull(subject, "subject").value(), "subject");
    Checks.text(purpose, "purpose", 64);
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(method, "method");
    Checks.storable(Objects.requireNonNull(actor, "actor").id(), "actor");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(evidence, "evidence");
    Checks.text(personalDigest, "personalDigest", 64);
    Checks.text(previousHash, "previousHash", 64);
    Checks.text(hash, "hash", 64);
    if (state.grants() && notice == null) {
      throw new IllegalArgumentException("notice must be set for " + state);
    }
  }

  /**
   * Returns whether this entry allows processing at a time: a grant that has not run out.
   *
   * @param when the time
   * @return true if the state grants and {@code when} is before the expiry
   */
  public boolean validAt(Instant when) {
    return state.grants() && (expiresAt == null || when.isBefore(expiresAt));
  }

  /** The salted digest of the personal fields. */
  static String personalDigest(String salt, ContactId subject, Actor actor, Evidence evidence) {
    MessageDigest md = Digests.sha256();
    Digests.update(md, salt);
    Digests.update(md, subject.value());
    Digests.update(md, actor.toString());
    Digests.update(md, evidence.formId());
    Digests.update(md, evidence.page());
    Digests.update(md, evidence.ipPrefix());
    Digests.update(md, evidence.fieldsHash());
    Digests.update(md, evidence.tokenHash());
    Digests.update(md, evidence.messageId());
    return Digests.hex(md.digest());
  }

  /**
   * The digest an {@link ConsentState#ERASED} entry carries as its personal digest: of the pseudonym,
   * the actor who erased, and the sequence and the recorder of each entry pseudonymised (as stored
   * after the erasure), in ascending order. Neither the chain hash nor the personal digest of a
   * pseudonymised entry covers its recorder any more, so this one does.
   */
  static String erasureDigest(ContactId pseudonym, Actor actor, List<ConsentRecord> pseudonymised) {
    return erasureDigest(pseudonym, actor, pseudonymised, true);
  }

  /**
   * The erasure digest of earlier builds, over the sequences alone: a ledger they erased in still
   * verifies, though the recorders of its pseudonymised entries are covered by nothing.
   */
  static String erasureDigestOfSequences(ContactId pseudonym, Actor actor, List<ConsentRecord> pseudonymised) {
    return erasureDigest(pseudonym, actor, pseudonymised, false);
  }

  private static String erasureDigest(ContactId pseudonym, Actor actor, List<ConsentRecord> pseudonymised,
      boolean recorders) {
    MessageDigest md = Digests.sha256();
    Digests.update(md, recorders ? "scrm-erasure/2" : "scrm-erasure/1");
    Digests.update(md, pseudonym.value());
    Digests.update(md, actor.toString());
    for (ConsentRecord e : pseudonymised) {
      Digests.update(md, Long.toString(e.sequence()));
      if (recorders) {
        Digests.update(md, e.actor().toString());
      }
    }
    return Digests.hex(md.digest());
  }

  /** The chain hash over the previous hash, the non-personal fields and the personal digest. */
  static String chainHash(String id, long sequence, String purpose, int purposeVersion, ChannelId channel,
      ConsentState state, ConsentType type, CollectionMethod method, Instant at, @Nullable Instant expiresAt,
      @Nullable Notice notice, String personalDigest, String previousHash) {
    MessageDigest md = Digests.sha256();
    Digests.update(md, previousHash);
    Digests.update(md, id);
    Digests.update(md, Long.toString(sequence));
    Digests.update(md, purpose);
    Digests.update(md, Integer.toString(purposeVersion));
    Digests.update(md, channel.name());
    Digests.update(md, state.name());
    Digests.update(md, type.name());
    Digests.update(md, method.name());
    Digests.update(md, at.toString());
    Digests.update(md, expiresAt == null ? null : expiresAt.toString());
    Digests.update(md, notice == null ? null : notice.id());
    Digests.update(md, notice == null ? null : Integer.toString(notice.version()));
    Digests.update(md, notice == null ? null : notice.language());
    Digests.update(md, notice == null ? null : notice.textHash());
    Digests.update(md, personalDigest);
    return Digests.hex(md.digest());
  }

  /** Recomputes this entry's chain hash from its fields. */
  String recomputeHash() {
    return chainHash(id, sequence, purpose, purposeVersion, channel, state, type, method, at, expiresAt, notice,
        personalDigest, previousHash);
  }

  /**
   * Returns whether an erasure of this entry's subject pseudonymises it: it is neither pseudonymised
   * already nor an {@link ConsentState#ERASED} entry, which names a pseudonym.
   *
   * @return true if the entry still names its subject
   * @since 0.1.0
   */
  public boolean erasable() {
    return !pseudonymised && state != ConsentState.ERASED;
  }

  /**
   * Returns this entry with personal fields replaced by a pseudonym: subject and a customer actor
   * become the pseudonym, evidence and salt are dropped; digest and hash unchanged. For {@link
   * ConsentLedgerStore} implementations erasing a subject; the chain verifies once the erasure's
   * {@link ConsentState#ERASED} entry follows.
   *
   * @param pseudonym the pseudonym replacing the subject
   * @return the pseudonymised entry
   */
  public ConsentRecord pseudonymisedAs(ContactId pseudonym) {
    Actor newActor = actor.type() == ActorType.CUSTOMER ? Actor.customer(pseudonym) : actor;
    return new ConsentRecord(id, sequence, pseudonym, purpose, purposeVersion, channel, state, type, method,
        newActor, at, expiresAt, notice, Evidence.NONE, null, personalDigest, previousHash, hash, true);
  }
}
