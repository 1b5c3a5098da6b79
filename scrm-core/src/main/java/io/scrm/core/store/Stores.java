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
    return new InMemoryStores();
  }
}
