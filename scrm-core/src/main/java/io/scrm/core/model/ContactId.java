package io.scrm.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.scrm.core.internal.Require;
import java.util.UUID;

/**
 * Typed identifier of a contact, a person or organisation. Immutable and thread-safe.
 *
 * <p>Serialized to JSON as its plain string value.
 *
 * @param value the identifier, not blank, at most 200 characters
 * @since 0.1.0
 */
public record ContactId(@JsonValue String value) implements Comparable<ContactId> {

  /**
   * Validates the value.
   *
   * @throws IllegalArgumentException if the value is blank or too long
   */
  @JsonCreator
  public ContactId {
    Require.text(value, "value", 200);
  }

  /**
   * Returns the id with the given value.
   *
   * @param value the identifier
   * @return the id
   */
  public static ContactId of(String value) {
    return new ContactId(value);
  }

  /**
   * Returns a new random (UUID based) id.
   *
   * @return a new id
   */
  public static ContactId random() {
    return new ContactId(UUID.randomUUID().toString());
  }

  @Override
  public int compareTo(ContactId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
