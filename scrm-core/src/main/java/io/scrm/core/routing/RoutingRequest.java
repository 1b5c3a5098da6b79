package io.scrm.core.routing;

import io.scrm.core.model.Case;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Lead;
import io.scrm.core.model.Visibility;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The facts a routing decision is made on, extracted once from the message, its author's contact and
 * the lead or case it belongs to: the text is folded and stemmed here, so rules only compare. Immutable
 * and thread-safe.
 *
 * <p>The region is the contact's attribute {@value #REGION_ATTRIBUTE}, the product the contact's
 * attribute {@value #PRODUCT_ATTRIBUTE}; the existing owner is the lead's owner, else the case's
 * assignee, else the contact's account owner.
 *
 * @since 0.1.0
 */
public final class RoutingRequest {
  /** Contact attribute holding the sales region. */
  public static final String REGION_ATTRIBUTE = "region";
  /** Contact attribute holding the product of interest or contract. */
  public static final String PRODUCT_ATTRIBUTE = "product";

  /** Up to this many stems, a single word is found by comparing hashes one by one. */
  private static final int LINEAR_SEARCH = 32;

  private final ChannelId channel;
  private final InteractionKind kind;
  private final Visibility visibility;
  private final @Nullable String language;
  private final String[] stems;
  private final int[] stemHashes;
  private final @Nullable Set<String> stemSet;
  private final Set<String> intents;
  private final @Nullable String region;
  private final @Nullable String postalCode;
  private final @Nullable String product;
  private final @Nullable String campaign;
  private final int leadScore;
  private final Set<String> tags;
  private final @Nullable String owner;
  private final Instant at;

  private RoutingRequest(Builder b) {
    channel = Objects.requireNonNull(b.channel, "channel");
    kind = b.kind;
    visibility = b.visibility;
    language = b.language;
    stems = Terms.stems(b.text);
    stemHashes = new int[stems.length];
    for (int i = 0; i < stems.length; i++) {
      stemHashes[i] = stems[i].hashCode();
    }
    // a short message is searched by its hashes; a set pays only for a long one
    stemSet = stems.length > LINEAR_SEARCH ? new HashSet<>(Arrays.asList(stems)) : null;
    intents = Set.copyOf(b.intents);
    region = b.region;
    postalCode = b.postalCode;
    product = b.product;
    campaign = b.campaign;
    leadScore = b.leadScore;
    tags = Set.copyOf(b.tags);
    owner = b.owner;
    at = Objects.requireNonNull(b.at, "at");
  }

  /**
   * Returns a builder for a request on the given channel.
   *
   * @param channel the channel
   * @param at the time the decision is made (for business hours)
   * @return a builder with defaults: direct, private, no text
   */
  public static Builder builder(ChannelId channel, Instant at) {
    return new Builder(channel, at);
  }

  /**
   * Extracts the facts of a message.
   *
   * @param message the message
   * @param author its author's contact
   * @param lead the lead it belongs to, if any
   * @param aCase the case it belongs to, if any
   * @param intents intents a classifier found in the message
   * @param at the time the decision is made
   * @return the request
   */
  public static RoutingRequest of(Interaction message, Contact author, @Nullable Lead lead, @Nullable Case aCase,
      Set<String> intents, Instant at) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(author, "author");
    Builder b = builder(message.channel(), at)
        .kind(message.kind())
        .visibility(message.visibility())
        .language(message.language() != null ? message.language() : author.language())
        .text(message.text())
        .intents(intents)
        .region(author.attributes().get(REGION_ATTRIBUTE))
        .postalCode(author.postalCode())
        .product(author.attributes().get(PRODUCT_ATTRIBUTE))
        .campaign(message.campaignCode() != null ? message.campaignCode()
            : CampaignLinks.fromText(message.text(), message.channel(), at).map(t -> t.campaign()).orElse(null));
    Set<String> tags = new LinkedHashSet<>(message.tags());
    String owner = author.owner();
    if (aCase != null) {
      tags.addAll(aCase.tags());
      if (aCase.assignee() != null) {
        owner = aCase.assignee();
      }
    }
    if (lead != null) {
      tags.addAll(lead.tags());
      b.leadScore(lead.score());
      if (lead.owner() != null) {
        owner = lead.owner();
      }
    }
    return b.tags(tags).owner(owner).build();
  }

  ChannelId channel() {
    return channel;
  }

  InteractionKind kind() {
    return kind;
  }

  Visibility visibility() {
    return visibility;
  }

  @Nullable String language() {
    return language;
  }

  String[] stems() {
    return stems;
  }

  /** The stems' hash codes, in one flat array. */
  int[] stemHashes() {
    return stemHashes;
  }

  private boolean hasStem(String stem) {
    if (stemSet != null) {
      return stemSet.contains(stem);
    }
    int hash = stem.hashCode();
    for (int i = 0; i < stems.length; i++) {
      if (stemHashes[i] == hash && stems[i].equals(stem)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the stemmed words contain the phrase as consecutive words. */
  boolean hasPhrase(String[] phrase) {
    if (phrase.length == 1) {
      return hasStem(phrase[0]);
    }
    outer:
    for (int i = 0; i + phrase.length <= stems.length; i++) {
      for (int j = 0; j < phrase.length; j++) {
        if (!stems[i + j].equals(phrase[j])) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  Set<String> intents() {
    return intents;
  }

  @Nullable String region() {
    return region;
  }

  @Nullable String postalCode() {
    return postalCode;
  }

  @Nullable String product() {
    return product;
  }

  @Nullable String campaign() {
    return campaign;
  }

  int leadScore() {
    return leadScore;
  }

  Set<String> tags() {
    return tags;
  }

  /**
   * Returns the existing owner: the lead's owner, the case's assignee or the contact's account owner.
   *
   * @return the owner, if any
   */
  public @Nullable String owner() {
    return owner;
  }

  /**
   * Returns the time the decision is made.
   *
   * @return the time
   */
  public Instant at() {
    return at;
  }

  /** Normalises a language tag to its lower-case primary subtag: {@code de-DE} gives {@code de}. */
  static @Nullable String primaryLanguage(@Nullable String tag) {
    if (tag == null) {
      return null;
    }
    int dash = tag.indexOf('-');
    return (dash < 0 ? tag : tag.substring(0, dash)).toLowerCase(Locale.ROOT);
  }

  /**
   * Builder of {@link RoutingRequest}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final ChannelId channel;
    private final Instant at;
    private InteractionKind kind = InteractionKind.DIRECT;
    private Visibility visibility = Visibility.PRIVATE;
    private @Nullable String language;
    private String text = "";
    private Set<String> intents = Set.of();
    private @Nullable String region;
    private @Nullable String postalCode;
    private @Nullable String product;
    private @Nullable String campaign;
    private int leadScore;
    private Set<String> tags = Set.of();
    private @Nullable String owner;

    private Builder(ChannelId channel, Instant at) {
      this.channel = Objects.requireNonNull(channel, "channel");
      this.at = Objects.requireNonNull(at, "at");
    }

    /**
     * Sets the message kind.
     *
     * @param value direct, mention, comment or reply
     * @return this builder
     */
    public Builder kind(InteractionKind value) {
      kind = Objects.requireNonNull(value, "kind");
      return this;
    }

    /**
     * Sets the visibility.
     *
     * @param value public or private
     * @return this builder
     */
    public Builder visibility(Visibility value) {
      visibility = Objects.requireNonNull(value, "visibility");
      return this;
    }

    /**
     * Sets the language.
     *
     * @param value a BCP 47 tag, or null
     * @return this builder
     */
    public Builder language(@Nullable String value) {
      language = primaryLanguage(value);
      return this;
    }

    /**
     * Sets the text; it is folded and stemmed when the request is built.
     *
     * @param value the message text
     * @return this builder
     */
    public Builder text(String value) {
      text = Objects.requireNonNull(value, "text");
      return this;
    }

    /**
     * Sets the intents a classifier found.
     *
     * @param value the intents
     * @return this builder
     */
    public Builder intents(Set<String> value) {
      intents = new HashSet<>(Objects.requireNonNull(value, "intents"));
      return this;
    }

    /**
     * Sets the region.
     *
     * @param value the region, or null
     * @return this builder
     */
    public Builder region(@Nullable String value) {
      region = value;
      return this;
    }

    /**
     * Sets the postal code.
     *
     * @param value the postal code, or null
     * @return this builder
     */
    public Builder postalCode(@Nullable String value) {
      postalCode = value;
      return this;
    }

    /**
     * Sets the product.
     *
     * @param value the product, or null
     * @return this builder
     */
    public Builder product(@Nullable String value) {
      product = value;
      return this;
    }

    /**
     * Sets the campaign code.
     *
     * @param value the campaign code, or null
     * @return this builder
     */
    public Builder campaign(@Nullable String value) {
      campaign = value;
      return this;
    }

    /**
     * Sets the current lead score.
     *
     * @param value the score (0 without a lead)
     * @return this builder
     */
    public Builder leadScore(int value) {
      leadScore = value;
      return this;
    }

    /**
     * Sets the tags of the message, lead and case.
     *
     * @param value the tags
     * @return this builder
     */
    public Builder tags(Set<String> value) {
      tags = new HashSet<>(Objects.requireNonNull(value, "tags"));
      return this;
    }

    /**
     * Sets the existing owner.
     *
     * @param value the owner's agent id, or null
     * @return this builder
     */
    public Builder owner(@Nullable String value) {
      owner = value;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public RoutingRequest build() {
      return new RoutingRequest(this);
    }
  }
}
