package io.scrm.core.store;

/**
 * The set of stores an engine works on. Implementations are thread-safe.
 *
 * <p>{@link #inMemory()} is the embedded default; hosts with several instances use a shared
 * database implementation.
 *
 * @since 0.1.0
 */
public interface Stores {

  /**
   * Returns the contact store.
   *
   * @return contacts
   */
  ContactStore contacts();

  /**
   * Returns the identity store.
   *
   * @return identities
   */
  IdentityStore identities();

  /**
   * Returns the interaction store.
   *
   * @return interactions
   */
  InteractionStore interactions();

  /**
   * Returns the case store.
   *
   * @return cases
   */
  CaseStore cases();

  /**
   * Returns the lead store.
   *
   * @return leads
   */
  LeadStore leads();

  /**
   * Returns the outbox.
   *
   * @return outbound messages
   */
  OutboxStore outbox();

  /**
   * Returns where deletions heard before their messages are kept until the messages arrive. Stores
   * shared by several instances keep them shared too, so that a deletion heard by one instance is
   * recorded when another stores the message, or after a restart.
   *
   * @return early deletions
   * @since 0.1.0
   */
  EarlyDeletionStore earlyDeletions();

  /**
   * Whether reads are served from this process's memory, as fast as a cache would serve them. The
   * engine keeps no de-duplication cache in front of such stores. Database stores keep the default.
   *
   * @return {@code false} unless every read is an in-process lookup
   * @since 0.1.0
   */
  default boolean inProcess() {
    return false;
  }

  /**
   * Returns new, empty, thread-safe in-memory stores.
   *
   * @return in-memory stores
   */
  static Stores inMemory() {
    return new InMemoryStores(InMemoryStores.DEFAULT_CAPACITY);
  }

  /**
   * Returns in-memory stores sized for about {@code expectedSize} entries per store (use the number
   * of interactions you expect to hold). Each store's rows and unique keys are sized for that many
   * entries, each secondary index for half as many attributes (a thread, an author or a contact
   * usually has several rows), so that no table grows before then: a hash table that grows is
   * rebuilt on the writing thread, and at a few hundred thousand entries that one write takes
   * milliseconds. A sized table allocates its slots with its first entry, 12 bytes a slot, 17 to 34
   * bytes per expected entry; a table that stays empty costs nothing. The case store keeps its
   * tables by thread per channel: the first channel's are sized so, those of later channels start
   * small and grow.
   *
   * @param expectedSize entries each store is expected to hold, at least 0
   * @return new, empty stores
   * @throws IllegalArgumentException if {@code expectedSize} is negative
   * @since 0.1.0
   */
  static Stores inMemory(int expectedSize) {
    return new InMemoryStores(expectedSize);
  }
}
