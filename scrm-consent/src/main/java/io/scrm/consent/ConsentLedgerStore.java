package io.scrm.consent;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of the consent ledger (an SPI). Append-only: entries are never changed or removed, with one
 * exception, erasure, which replaces the personal fields of a subject's entries with a pseudonym
 * (see {@link ConsentRecord}) and appends the entry that records it, in one step. Also keeps the
 * processing restrictions of GDPR Art. 18.
 *
 * <p>Implementations must be thread-safe. {@link #inMemory()} is the embedded default; a database
 * implementation serves hosts with several instances.
 *
 * @since 0.1.0
 */
public interface ConsentLedgerStore {

  /**
   * Appends an entry whose sequence is the current {@link #size()} and whose previous hash is the
   * last entry's hash.
   *
   * @param entry the entry
   * @throws IllegalStateException if another entry was appended in between (sequence or previous
   *     hash do not fit); nothing is written
   */
  void append(ConsentRecord entry);

  /**
   * Returns the last entry.
   *
   * @return the last entry, or empty if the ledger is empty
   */
  Optional<ConsentRecord> last();

  /**
   * Returns the number of entries.
   *
   * @return the size
   */
  long size();

  /**
   * Returns the entry for a subject, purpose and channel that was current at a time: of the entries
   * whose {@link ConsentRecord#at()} is at or before {@code at}, the one appended last (the highest
   * {@link ConsentRecord#sequence()}). Arrival decides, not the time: each instance stamps its entries
   * with its own clock, so a later entry may carry an earlier time than the one before it. Called
   * twice per outbound message: implementations keep it fast.
   *
   * @param subject the subject
   * @param purpose the purpose id
   * @param channel the channel
   * @param at the time
   * @return the entry, or empty
   */
  Optional<ConsentRecord> latest(ContactId subject, String purpose, ChannelId channel, Instant at);

  /**
   * Returns the entry for a subject, purpose and channel that was appended last (the highest
   * {@link ConsentRecord#sequence()}), whatever its time: the slot's current entry. The gate asks it
   * for every consent-based decision, so that a withdrawal recorded by an instance whose clock is
   * ahead counts at once. This default reads the subject's {@link #history(ContactId)}; a store that
   * can answer it from an index overrides it.
   *
   * @param subject the subject
   * @param purpose the purpose id
   * @param channel the channel
   * @return the entry, or empty if the slot has none
   * @since 0.1.0
   */
  default Optional<ConsentRecord> newest(ContactId subject, String purpose, ChannelId channel) {
    ConsentRecord newest = null;
    for (ConsentRecord e : history(subject)) {
      if (e.purpose().equals(purpose) && e.channel().equals(channel)
          && (newest == null || e.sequence() > newest.sequence())) {
        newest = e;
      }
    }
    return Optional.ofNullable(newest);
  }

  /**
   * Returns a subject's entries.
   *
   * @param subject the subject
   * @return the entries, in sequence order
   */
  List<ConsentRecord> history(ContactId subject);

  /**
   * Returns entries in sequence order.
   *
   * @param fromSequence the first sequence
   * @param limit the most entries
   * @return the entries
   */
  List<ConsentRecord> entries(long fromSequence, int limit);

  /**
   * Erases a subject (GDPR Art. 17), all or nothing: replaces each of the subject's entries that is
   * {@link ConsentRecord#erasable()} with {@link ConsentRecord#pseudonymisedAs} the pseudonym
   * {@code erasure.subject()}, appends {@code erasure}
   * as {@link #append} does, and lifts the subject's restriction.
   *
   * @param subject the subject
   * @param erasure the {@link ConsentState#ERASED} entry the ledger built for these entries, whose
   *     sequence is the current {@link #size()} and whose previous hash is the last entry's hash
   * @return how many entries were pseudonymised
   * @throws IllegalStateException if another entry was appended in between (sequence or previous
   *     hash do not fit); nothing is written
   */
  int erase(ContactId subject, ConsentRecord erasure);

  /**
   * Sets or lifts a processing restriction (GDPR Art. 18).
   *
   * @param subject the subject
   * @param restricted true to restrict, false to lift
   */
  void restrict(ContactId subject, boolean restricted);

  /**
   * Returns whether processing of a subject's data is restricted.
   *
   * @param subject the subject
   * @return true if restricted
   */
  boolean isRestricted(ContactId subject);

  /**
   * Returns a new, empty, thread-safe in-memory store.
   *
   * @return the store
   */
  static ConsentLedgerStore inMemory() {
    return new InMemoryConsentLedgerStore();
  }
}
