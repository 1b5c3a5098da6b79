package io.scrm.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.scrm.core.internal.Require;
import java.util.UUID;

/**
 * Typed identifier of a lead, a sales-relevant inquiry. Immutable and thread-safe.
 *
 * <p>Serialized to JSON as its plain string value.
 *
 * @param value the identifier, not blank, at most 200 characters
 * @since 0.1.0
 */
public record LeadId(@JsonValue String value) implements Comparable<LeadId> {

  /**
   * Validates the value.
   *
   * @throws IllegalArgumentException if the value is blank or too long
   */
  @JsonCreator
  public LeadId {
    Require.text(value, "value", 200);
  }

  /**
   * Returns the id with the given value.
   *
   * @param value the identifier
   * @return the id
   */
  public static LeadId of(String value) {
    return new LeadId(value);
  }

  /**
   * Returns a new random (UUID based) id.
   *
   * @return a new id
   */
  public static LeadId random() {
    return new LeadId(UUID.randomUUID().toString());
  }

  @Override
  public int compareTo(LeadId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
