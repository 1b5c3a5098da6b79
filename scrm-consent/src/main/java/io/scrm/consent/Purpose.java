package io.scrm.consent;

import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.model.ChannelId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A processing purpose: what personal data is used for, on which legal basis, under which
 * conditions. Immutable and thread-safe.
 *
 * <p>The built-in purposes are constants of this class; host applications declare their own (e.g.
 * outage notifications) with {@link #builder(String)} and register them in {@link Purposes}.
 *
 * @param id the purpose's id, e.g. {@code marketing}
 * @param version the version of the purpose's definition, at least 1
 * @param legalBasis the legal basis after GDPR Art. 6(1)
 * @param consentRequired whether each use needs a recorded consent (otherwise a recorded contract
 *     or the legal basis itself)
 * @param doubleOptInRequired whether a consent only counts if it was confirmed by double opt-in
 * @param channels the channels the purpose may be used on; empty means every channel
 * @param actions the gate actions this purpose can justify
 * @param fields the fields a form may collect for this purpose
 * @param retention how long data collected for this purpose is kept
 * @since 0.1.0
 */
public record Purpose(
    String id,
    int version,
    LegalBasis legalBasis,
    boolean consentRequired,
    boolean doubleOptInRequired,
    Set<ChannelId> channels,
    Set<ConsentAction> actions,
    List<FormField> fields,
    Duration retention) {

  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");

  /** Advertising and newsletters on any channel: consent with double opt-in (UWG §7). */
  public static final Purpose MARKETING = builder("marketing")
      .legalBasis(LegalBasis.CONSENT).consentRequired(true).doubleOptInRequired(true)
      .actions(ConsentAction.SEND_MARKETING, ConsentAction.ENRICH_CONTACT_POINT)
      .field(FormField.optional("email")).field(FormField.optional("phone"))
      .field(FormField.optional("first-name"))
      .retention(Duration.ofDays(730)).build();

  /** Linking a social identity to a customer record. */
  public static final Purpose PROFILE_LINKING = builder("profile-linking")
      .legalBasis(LegalBasis.CONSENT).consentRequired(true)
      .actions(ConsentAction.LINK_IDENTITY, ConsentAction.ENRICH_CONTACT_POINT)
      .field(FormField.required("customer-number"))
      .retention(Duration.ofDays(1095)).build();

  /** Answering a person publicly or in their own thread. */
  public static final Purpose SERVICE_REPLY = builder(SocialCrm.SERVICE_REPLY)
      .legalBasis(LegalBasis.LEGITIMATE_INTERESTS)
      .actions(ConsentAction.PUBLIC_REPLY, ConsentAction.REPLY_IN_THREAD)
      .retention(Duration.ofDays(365)).build();

  /** Messages needed for a contract (order, delivery, invoice). Needs a recorded contract. */
  public static final Purpose TRANSACTIONAL = builder("transactional")
      .legalBasis(LegalBasis.CONTRACT)
      .actions(ConsentAction.SEND_TRANSACTIONAL, ConsentAction.ENRICH_CONTACT_POINT)
      .field(FormField.required("email")).field(FormField.optional("phone"))
      .retention(Duration.ofDays(3650)).build();

  /** Tracking of opens and clicks. */
  public static final Purpose TRACKING = builder("tracking")
      .legalBasis(LegalBasis.CONSENT).consentRequired(true)
      .actions(ConsentAction.TRACK)
      .retention(Duration.ofDays(395)).build();

  /** Building a profile of interests from interactions. */
  public static final Purpose PROFILING = builder("profiling")
      .legalBasis(LegalBasis.CONSENT).consentRequired(true)
      .actions(ConsentAction.TRACK)
      .retention(Duration.ofDays(365)).build();

  /** Aggregate, anonymous listening statistics; never an action towards a person. */
  public static final Purpose AGGREGATE_LISTENING = builder("aggregate-listening")
      .legalBasis(LegalBasis.LEGITIMATE_INTERESTS)
      .retention(Duration.ofDays(90)).build();

  /** Answering data-subject requests (access, portability, erasure, restriction); a legal obligation. */
  public static final Purpose DATA_SUBJECT_RIGHTS = builder("data-subject-rights")
      .legalBasis(LegalBasis.LEGAL_OBLIGATION)
      .retention(Duration.ofDays(1095)).build();

  /**
   * Validates the purpose and copies its collections.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public Purpose {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("id must match [a-z][a-z0-9-]{0,63}, was '" + id + "'");
    }
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, was " + version);
    }
    Objects.requireNonNull(legalBasis, "legalBasis");
    channels = Set.copyOf(channels);
    actions = actions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(actions));
    fields = List.copyOf(fields);
    Set<String> names = new LinkedHashSet<>();
    for (FormField f : fields) {
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("fields must not repeat a name, '" + f.name() + "' does");
      }
    }
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, was " + retention);
    }
    if (consentRequired && legalBasis != LegalBasis.CONSENT) {
      throw new IllegalArgumentException("consentRequired needs legalBasis CONSENT, was " + legalBasis);
    }
    if (doubleOptInRequired && !consentRequired) {
      throw new IllegalArgumentException("doubleOptInRequired needs consentRequired");
    }
  }

  /**
   * Returns a builder for a purpose.
   *
   * @param id the purpose's id
   * @return a builder; defaults: version 1, legitimate interests, no consent, every channel, no
   *     actions, no fields, one year retention
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Returns whether the purpose may be used on a channel.
   *
   * @param channel the channel
   * @return true if the channel is allowed
   */
  public boolean allowsChannel(ChannelId channel) {
    return channels.isEmpty() || channels.contains(channel);
  }

  /**
   * Keeps only the fields this purpose declares and checks that the required ones are there.
   * Undeclared fields are dropped, never stored.
   *
   * @param submitted the submitted form fields
   * @return the declared fields that were submitted, in declaration order
   * @throws MissingFormFieldException if a required field is missing or blank
   */
  public Map<String, String> collect(Map<String, String> submitted) {
    Objects.requireNonNull(submitted, "submitted");
    Map<String, String> kept = new LinkedHashMap<>();
    for (FormField f : fields) {
      String value = submitted.get(f.name());
      if (value == null || value.isBlank()) {
        if (f.required()) {
          throw new MissingFormFieldException(id, f.name());
        }
        continue;
      }
      kept.put(f.name(), value);
    }
    return Map.copyOf(kept);
  }

  /**
   * Builds a {@link Purpose}. Not thread-safe; each setter validates its argument at once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final String id;
    private int version = 1;
    private LegalBasis legalBasis = LegalBasis.LEGITIMATE_INTERESTS;
    private boolean consentRequired;
    private boolean doubleOptInRequired;
    private final Set<ChannelId> channels = new LinkedHashSet<>();
    private final Set<ConsentAction> actions = EnumSet.noneOf(ConsentAction.class);
    private final List<FormField> fields = new ArrayList<>();
    private Duration retention = Duration.ofDays(365);

    private Builder(String id) {
      Objects.requireNonNull(id, "id");
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException("id must match [a-z][a-z0-9-]{0,63}, was '" + id + "'");
      }
      this.id = id;
    }

    /**
     * Sets the version.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder version(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("version must be >= 1, was " + value);
      }
      version = value;
      return this;
    }

    /**
     * Sets the legal basis.
     *
     * @param value the legal basis
     * @return this builder
     */
    public Builder legalBasis(LegalBasis value) {
      legalBasis = Objects.requireNonNull(value, "legalBasis");
      return this;
    }

    /**
     * Sets whether each use needs a recorded consent.
     *
     * @param value true if consent is required
     * @return this builder
     */
    public Builder consentRequired(boolean value) {
      consentRequired = value;
      return this;
    }

    /**
     * Sets whether a consent only counts after double opt-in.
     *
     * @param value true if double opt-in is required
     * @return this builder
     */
    public Builder doubleOptInRequired(boolean value) {
      doubleOptInRequired = value;
      return this;
    }

    /**
     * Adds channels the purpose may be used on (none added means every channel).
     *
     * @param values the channels
     * @return this builder
     */
    public Builder channels(ChannelId... values) {
      for (ChannelId c : values) {
        channels.add(Objects.requireNonNull(c, "channel"));
      }
      return this;
    }

    /**
     * Adds actions this purpose can justify.
     *
     * @param values the actions
     * @return this builder
     */
    public Builder actions(ConsentAction... values) {
      for (ConsentAction a : values) {
        actions.add(Objects.requireNonNull(a, "action"));
      }
      return this;
    }

    /**
     * Adds a form field.
     *
     * @param value the field
     * @return this builder
     * @throws IllegalArgumentException if a field of that name was added already
     */
    public Builder field(FormField value) {
      Objects.requireNonNull(value, "field");
      for (FormField f : fields) {
        if (f.name().equals(value.name())) {
          throw new IllegalArgumentException("field '" + value.name() + "' was added already");
        }
      }
      fields.add(value);
      return this;
    }

    /**
     * Sets how long collected data is kept.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder retention(Duration value) {
      Objects.requireNonNull(value, "retention");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("retention must be positive, was " + value);
      }
      retention = value;
      return this;
    }

    /**
     * Builds the purpose.
     *
     * @return the purpose
     * @throws IllegalArgumentException if consent is required without legal basis CONSENT, or double
     *     opt-in without consent
     */
    public Purpose build() {
      return new Purpose(id, version, legalBasis, consentRequired, doubleOptInRequired, channels, actions, fields,
          retention);
    }
  }
}
