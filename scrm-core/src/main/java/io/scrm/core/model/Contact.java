package io.scrm.core.model;

import io.scrm.core.internal.Require;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The single source of truth for a person or organisation: master data, contact points with
 * provenance, linked identities, owner and version. Immutable and thread-safe; changes produce new
 * instances ({@code with...} methods or {@link #toBuilder()}).
 *
 * <p>A contact created for a handle seen on a social channel is {@code pseudonymous}: it carries no
 * master data until the person is linked to a customer record through the consent gate.
 *
 * @param id the contact's id
 * @param kind person or organisation
 * @param displayName the name to show to agents, if known
 * @param organisation the organisation a person belongs to, if known
 * @param language preferred language as a BCP 47 tag (e.g. {@code de}), if known
 * @param postalCode postal code used for regional routing, if known
 * @param contactPoints e-mail addresses, phone numbers and postal addresses with provenance
 * @param identities the channel handles linked to this contact, without duplicates
 * @param owner the account owner (an agent id), if any
 * @param provenance where the contact came from
 * @param pseudonymous whether the contact is known only by a social handle
 * @param attributes further master data of the host application
 * @param createdAt when the contact was created
 * @param version optimistic-locking version; 0 before the first store
 * @since 0.1.0
 */
public record Contact(
    ContactId id,
    ContactKind kind,
    @Nullable String displayName,
    @Nullable String organisation,
    @Nullable String language,
    @Nullable String postalCode,
    List<ContactPoint> contactPoints,
    List<IdentityKey> identities,
    @Nullable String owner,
    Provenance provenance,
    boolean pseudonymous,
    Map<String, String> attributes,
    Instant createdAt,
    long version) {

  /**
   * Validates the contact and copies its collections.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public Contact {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Require.optionalText(displayName, "displayName");
    Require.optionalText(organisation, "organisation");
    Require.optionalText(language, "language");
    Require.optionalText(postalCode, "postalCode");
    contactPoints = List.copyOf(Require.noNulls(contactPoints, "contactPoints"));
    Require.noNulls(identities, "identities");
    identities = List.copyOf(identities);
    if (Require.hasDuplicates(identities)) {
      throw new IllegalArgumentException("identities must not contain duplicates");
    }
    Require.optionalText(owner, "owner");
    Objects.requireNonNull(provenance, "provenance");
    attributes = Map.copyOf(Require.noNulls(attributes, "attributes"));
    Objects.requireNonNull(createdAt, "createdAt");
    Require.nonNegative(version, "version");
  }

  /**
   * Returns a new builder.
   *
   * @param id the contact's id
   * @param createdAt when the contact is created
   * @return a builder with defaults: person, provenance {@link Provenance#AGENT}, not pseudonymous
   */
  public static Builder builder(ContactId id, Instant createdAt) {
    return new Builder(id, createdAt);
  }

  /**
   * Returns a pseudonymous contact for a handle seen on a social channel.
   *
   * @param id the new contact's id
   * @param identity the handle
   * @param createdAt the time of creation
   * @return a contact with no master data and provenance {@link Provenance#SOCIAL}
   */
  public static Contact pseudonymous(ContactId id, IdentityKey identity, Instant createdAt) {
    return builder(id, createdAt)
        .provenance(Provenance.SOCIAL)
        .pseudonymous(true)
        .addIdentity(identity)
        .build();
  }

  /**
   * Returns a builder initialised with this contact's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Returns this contact with the given version.
   *
   * @param newVersion the version
   * @return a copy with the new version
   */
  public Contact withVersion(long newVersion) {
    return new Contact(id, kind, displayName, organisation, language, postalCode, contactPoints, identities, owner,
        provenance, pseudonymous, attributes, createdAt, newVersion);
  }

  /**
   * Returns this contact with one more identity (no change if already linked).
   *
   * @param identity the identity to add
   * @return a copy with the identity
   */
  public Contact withIdentity(IdentityKey identity) {
    if (identities.contains(identity)) {
      return this;
    }
    return toBuilder().addIdentity(identity).build();
  }

  /**
   * Builder of {@link Contact}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final ContactId id;
    private ContactKind kind = ContactKind.PERSON;
    private @Nullable String displayName;
    private @Nullable String organisation;
    private @Nullable String language;
    private @Nullable String postalCode;
    private final List<ContactPoint> contactPoints = new ArrayList<>();
    private final List<IdentityKey> identities = new ArrayList<>();
    private @Nullable String owner;
    private Provenance provenance = Provenance.AGENT;
    private boolean pseudonymous;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final Instant createdAt;
    private long version;

    private Builder(ContactId id, Instant createdAt) {
      this.id = Objects.requireNonNull(id, "id");
      this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    private Builder(Contact c) {
      this(c.id, c.createdAt);
      kind = c.kind;
      displayName = c.displayName;
      organisation = c.organisation;
      language = c.language;
      postalCode = c.postalCode;
      contactPoints.addAll(c.contactPoints);
      identities.addAll(c.identities);
      owner = c.owner;
      provenance = c.provenance;
      pseudonymous = c.pseudonymous;
      attributes.putAll(c.attributes);
      version = c.version;
    }

    /**
     * Sets the kind.
     *
     * @param value person or organisation
     * @return this builder
     */
    public Builder kind(ContactKind value) {
      kind = Objects.requireNonNull(value, "kind");
      return this;
    }

    /**
     * Sets the display name.
     *
     * @param value the name, or null
     * @return this builder
     */
    public Builder displayName(@Nullable String value) {
      displayName = Require.optionalText(value, "displayName");
      return this;
    }

    /**
     * Sets the organisation.
     *
     * @param value the organisation, or null
     * @return this builder
     */
    public Builder organisation(@Nullable String value) {
      organisation = Require.optionalText(value, "organisation");
      return this;
    }

    /**
     * Sets the preferred language.
     *
     * @param value a BCP 47 language tag, or null
     * @return this builder
     */
    public Builder language(@Nullable String value) {
      language = Require.optionalText(value, "language");
      return this;
    }

    /**
     * Sets the postal code.
     *
     * @param value the postal code, or null
     * @return this builder
     */
    public Builder postalCode(@Nullable String value) {
      postalCode = Require.optionalText(value, "postalCode");
      return this;
    }

    /**
     * Adds a contact point.
     *
     * @param value the contact point
     * @return this builder
     */
    public Builder addContactPoint(ContactPoint value) {
      contactPoints.add(Objects.requireNonNull(value, "contactPoint"));
      return this;
    }

    /**
     * Removes all contact points.
     *
     * @return this builder
     */
    public Builder clearContactPoints() {
      contactPoints.clear();
      return this;
    }

    /**
     * Links an identity (ignored if already linked).
     *
     * @param value the identity
     * @return this builder
     */
    public Builder addIdentity(IdentityKey value) {
      Objects.requireNonNull(value, "identity");
      if (!identities.contains(value)) {
        identities.add(value);
      }
      return this;
    }

    /**
     * Unlinks an identity.
     *
     * @param value the identity
     * @return this builder
     */
    public Builder removeIdentity(IdentityKey value) {
      identities.remove(value);
      return this;
    }

    /**
     * Sets the account owner.
     *
     * @param value an agent id, or null
     * @return this builder
     */
    public Builder owner(@Nullable String value) {
      owner = Require.optionalText(value, "owner");
      return this;
    }

    /**
     * Sets the provenance.
     *
     * @param value where the contact came from
     * @return this builder
     */
    public Builder provenance(Provenance value) {
      provenance = Objects.requireNonNull(value, "provenance");
      return this;
    }

    /**
     * Sets whether the contact is pseudonymous.
     *
     * @param value true if known only by a social handle
     * @return this builder
     */
    public Builder pseudonymous(boolean value) {
      pseudonymous = value;
      return this;
    }

    /**
     * Sets a host attribute.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder attribute(String key, String value) {
      attributes.put(Require.text(key, "attribute key"), Objects.requireNonNull(value, "attribute value"));
      return this;
    }

    /**
     * Sets the version.
     *
     * @param value the optimistic-locking version
     * @return this builder
     */
    public Builder version(long value) {
      version = Require.nonNegative(value, "version");
      return this;
    }

    /**
     * Builds the contact.
     *
     * @return the contact
     */
    public Contact build() {
      return new Contact(id, kind, displayName, organisation, language, postalCode, contactPoints,
          identities, owner, provenance, pseudonymous, attributes, createdAt, version);
    }
  }
}
