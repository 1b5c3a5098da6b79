package io.scrm.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.scrm.core.internal.Require;
import java.util.UUID;

/**
 * Typed identifier of a outbound message in the outbox. Immutable and thread-safe.
 *
 * <p>Serialized to JSON as its plain string value.
 *
 * @param value the identifier, not blank, at most 200 characters
 * @since 0.1.0
 */
public record OutboundId(@JsonValue String value) implements Comparable<OutboundId> {

  /**
   * Validates the value.
   *
   * @throws IllegalArgumentException if the value is blank or too long
   */
  @JsonCreator
  public OutboundId {
    Require.text(value, "value", 200);
  }

  /**
   * Returns the id with the given value.
   *
   * @param value the identifier
   * @return the id
   */
  public static OutboundId of(String value) {
    return new OutboundId(value);
  }

  /**
   * Returns a new random (UUID based) id.
   *
   * @return a new id
   */
  public static OutboundId random() {
    return new OutboundId(UUID.randomUUID().toString());
  }

  @Override
  public int compareTo(OutboundId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
