package io.scrm.core.store;

/**
 * A create found the key already taken (the same id, the same (channel, external id), or a second
 * open case for one thread). Nothing was written.
 *
 * <p>The message names the kind of entity only: a key may be personal data (a handle, an e-mail
 * address that is a thread's id), and messages end up in logs. The key is in {@link #key()}.
 *
 * @since 0.1.0
 */
public final class DuplicateKeyException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final String entity;
  private final String key;

  /**
   * Creates the exception.
   *
   * @param entity the kind of entity, e.g. {@code interaction}
   * @param key the key that is taken
   */
  public DuplicateKeyException(String entity, String key) {
    super(entity + " already exists (the key is not named here; it may be personal data)");
    this.entity = entity;
    this.key = key;
  }

  /**
   * Returns the kind of entity.
   *
   * @return e.g. {@code interaction}
   */
  public String entity() {
    return entity;
  }

  /**
   * Returns the key that is taken.
   *
   * @return the key
   */
  public String key() {
    return key;
  }
}
