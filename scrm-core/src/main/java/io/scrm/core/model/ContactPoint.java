package io.scrm.core.model;

import io.scrm.core.internal.Require;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A way to reach a contact outside social channels (e-mail, phone, postal address), with where it
 * came from. Immutable and thread-safe.
 *
 * @param type the kind of contact point
 * @param value the address or number as entered, not blank
 * @param provenance where it came from; never {@link Provenance#SOCIAL_MONITORING}
 * @param recordedAt when it was recorded
 * @since 0.1.0
 */
public record ContactPoint(ContactPointType type, String value, Provenance provenance, Instant recordedAt) {

  /**
   * Validates the contact point.
   *
   * @throws IllegalArgumentException if the value is blank or the provenance is social monitoring,
   *     which the law does not allow as a source of contact data
   */
  public ContactPoint {
    Objects.requireNonNull(type, "type");
    Require.text(value, "value", 500);
    Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(recordedAt, "recordedAt");
    if (provenance == Provenance.SOCIAL_MONITORING) {
      throw new IllegalArgumentException(
          "provenance must not be SOCIAL_MONITORING: contact points are never derived from monitoring");
    }
  }

  /**
   * Returns whether this is the same address as another: of one type, with values that are equal
   * once trimmed, and for e-mail regardless of case, as the stores compare them.
   *
   * @param other the other contact point
   * @return whether both reach the contact at one address
   * @since 0.1.0
   */
  public boolean sameAddress(ContactPoint other) {
    return key(type, value).equals(key(other.type, other.value));
  }

  /**
   * Returns the key a store compares contact points by: the type and the trimmed value, an e-mail
   * address in lower case.
   *
   * @param type the kind of contact point
   * @param value the address or number
   * @return the key
   * @since 0.1.0
   */
  public static String key(ContactPointType type, String value) {
    String v = type == ContactPointType.EMAIL ? value.trim().toLowerCase(Locale.ROOT) : value.trim();
    return type.name() + ":" + v;
  }
}
