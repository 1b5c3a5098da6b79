package io.scrm.consent;

import io.scrm.core.model.ContactId;
import java.util.List;

/**
 * Where the consent gate writes one {@link DecisionRecord} per decision (an SPI). Implementations
 * must be thread-safe and fast: the gate writes twice per outbound message.
 *
 * @since 0.1.0
 */
public interface DecisionLog {

  /**
   * Appends an entry.
   *
   * @param entry the entry
   */
  void append(DecisionRecord entry);

  /**
   * Returns the entries of a subject.
   *
   * @param subject the data subject
   * @return the entries, oldest first
   */
  List<DecisionRecord> entries(ContactId subject);

  /**
   * Counts all entries.
   *
   * @return the number of entries
   */
  long count();

  /**
   * Replaces a subject's id (and the subject as actor) with a pseudonym (erasure).
   *
   * @param subject the data subject
   * @param pseudonym the pseudonym
   * @return how many entries were changed
   */
  int pseudonymise(ContactId subject, ContactId pseudonym);

  /**
   * Returns a new, empty, thread-safe in-memory log. It keeps every entry; hosts that run long use a
   * persistent log.
   *
   * @return the log
   */
  static DecisionLog inMemory() {
    return new InMemoryDecisionLog();
  }
}
