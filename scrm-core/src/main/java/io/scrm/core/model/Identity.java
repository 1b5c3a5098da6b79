package io.scrm.core.model;

import io.scrm.core.internal.Require;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One handle on one channel and the contact it belongs to. Immutable and thread-safe.
 *
 * <p>Every identity belongs to exactly one contact. An identity seen for the first time gets a new
 * pseudonymous contact; it is moved to an existing customer record only through the consent gate
 * (profile-linking consent), never by matching names or addresses.
 *
 * @param key channel and handle
 * @param displayName the name the platform shows, if any
 * @param contactId the contact this identity belongs to
 * @param firstSeen when scrm first saw the handle
 * @param signals reach and engagement figures reported by the channel (e.g. {@code followers}),
 *     used by listening and routing
 * @param version optimistic-locking version; 0 before the first store
 * @since 0.1.0
 */
public record Identity(
    IdentityKey key,
    @Nullable String displayName,
    ContactId contactId,
    Instant firstSeen,
    Map<String, Long> signals,
    long version) {

  /**
   * Validates the identity.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public Identity {
    Objects.requireNonNull(key, "key");
    Require.optionalText(displayName, "displayName");
    Objects.requireNonNull(contactId, "contactId");
    Objects.requireNonNull(firstSeen, "firstSeen");
    signals = Map.copyOf(Require.noNulls(signals, "signals"));
    Require.nonNegative(version, "version");
  }

  /**
   * Returns a new, not yet stored identity.
   *
   * @param key channel and handle
   * @param displayName the platform's display name, or null
   * @param contactId the owning contact
   * @param firstSeen when it was first seen
   * @return the identity with version 0 and no signals
   */
  public static Identity of(IdentityKey key, @Nullable String displayName, ContactId contactId, Instant firstSeen) {
    return new Identity(key, displayName, contactId, firstSeen, Map.of(), 0);
  }

  /**
   * Returns this identity belonging to another contact.
   *
   * @param newContact the contact
   * @return a copy
   */
  public Identity withContact(ContactId newContact) {
    return new Identity(key, displayName, newContact, firstSeen, signals, version);
  }

  /**
   * Returns this identity with another display name.
   *
   * @param newName the name, or null
   * @return a copy
   */
  public Identity withDisplayName(@Nullable String newName) {
    return new Identity(key, newName, contactId, firstSeen, signals, version);
  }

  /**
   * Returns this identity with other signals.
   *
   * @param newSignals reach and engagement figures
   * @return a copy
   */
  public Identity withSignals(Map<String, Long> newSignals) {
    return new Identity(key, displayName, contactId, firstSeen, newSignals, version);
  }

  /**
   * Returns this identity with the given version.
   *
   * @param newVersion the version
   * @return a copy
   */
  public Identity withVersion(long newVersion) {
    return new Identity(key, displayName, contactId, firstSeen, signals, newVersion);
  }
}
