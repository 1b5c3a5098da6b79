package io.scrm.core.store;

/**
 * An update was based on a version that is no longer current: somebody else changed the entity in
 * between. Nothing was written; reload the entity and apply the change again. The message names
 * the entity's id unless it is an identity, whose id is a handle (personal data); {@link #id()}
 * has it.
 *
 * @since 0.1.0
 */
public final class StaleVersionException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final String entity;
  private final String id;
  private final long expectedVersion;
  private final long actualVersion;

  /**
   * Creates the exception.
   *
   * @param entity the kind of entity, e.g. {@code case}
   * @param id the entity's id
   * @param expectedVersion the version the update was based on
   * @param actualVersion the current version, or -1 if the entity does not exist
   */
  public StaleVersionException(String entity, String id, long expectedVersion, long actualVersion) {
    // an identity's id is its handle, personal data: messages end up in logs
    super(entity + ("identity".equals(entity) ? "" : " " + id) + ": update based on version " + expectedVersion
        + " but current version is "
        + (actualVersion < 0 ? "none (not found)" : Long.toString(actualVersion)));
    this.entity = entity;
    this.id = id;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }

  /**
   * Returns the kind of entity.
   *
   * @return e.g. {@code case}
   */
  public String entity() {
    return entity;
  }

  /**
   * Returns the entity's id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Returns the version the update was based on.
   *
   * @return the expected version
   */
  public long expectedVersion() {
    return expectedVersion;
  }

  /**
   * Returns the current version.
   *
   * @return the current version, or -1 if the entity does not exist
   */
  public long actualVersion() {
    return actualVersion;
  }
}
