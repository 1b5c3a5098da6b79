package io.scrm.consent;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The purposes a host knows: the built-in ones plus its own. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Purposes {
  private final Map<String, Purpose> byId;

  private Purposes(Map<String, Purpose> byId) {
    this.byId = Map.copyOf(byId);
  }

  /**
   * Returns the built-in purposes: marketing, profile linking, service reply, transactional,
   * tracking, profiling, aggregate listening and data-subject rights.
   *
   * @return the built-in purposes
   */
  public static Purposes ofDefaults() {
    return builder().build();
  }

  /**
   * Returns a builder that starts with the built-in purposes.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Finds a purpose.
   *
   * @param id the purpose's id
   * @return the purpose, or empty if unknown
   */
  public Optional<Purpose> find(String id) {
    return Optional.ofNullable(byId.get(Objects.requireNonNull(id, "id")));
  }

  /**
   * Returns a purpose that must exist.
   *
   * @param id the purpose's id
   * @return the purpose
   * @throws UnknownPurposeException if no purpose has that id
   */
  public Purpose require(String id) {
    Purpose p = byId.get(Objects.requireNonNull(id, "purpose"));
    if (p == null) {
      throw new UnknownPurposeException(id);
    }
    return p;
  }

  /**
   * Returns all purposes.
   *
   * @return the purposes, in no particular order
   */
  public Collection<Purpose> all() {
    return byId.values();
  }

  @org.jspecify.annotations.Nullable Purpose get(String id) {
    return byId.get(id);
  }

  /**
   * Builds {@link Purposes}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Map<String, Purpose> byId = new LinkedHashMap<>();

    private Builder() {
      for (Purpose p : new Purpose[] {Purpose.MARKETING, Purpose.PROFILE_LINKING, Purpose.SERVICE_REPLY,
          Purpose.TRANSACTIONAL, Purpose.TRACKING, Purpose.PROFILING, Purpose.AGGREGATE_LISTENING, Purpose.DATA_SUBJECT_RIGHTS}) {
        byId.put(p.id(), p);
      }
    }

    /**
     * Adds a purpose or replaces the one with the same id.
     *
     * @param value the purpose
     * @return this builder
     */
    public Builder add(Purpose value) {
      Objects.requireNonNull(value, "purpose");
      byId.put(value.id(), value);
      return this;
    }

    /**
     * Builds the registry.
     *
     * @return the purposes
     */
    public Purposes build() {
      return new Purposes(byId);
    }
  }
}
