package io.scrm.core.model;

import io.scrm.core.internal.Require;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A sales-relevant inquiry: where it came from, its campaign, score, stage and owner. Immutable and
 * thread-safe.
 *
 * @param id the lead's id
 * @param contactId the prospect
 * @param sourceChannel the channel the inquiry came from
 * @param sourceInteraction the message that created the lead
 * @param sourceThread the thread of that message on its channel; null only for a lead stored by an
 *     earlier build whose message was gone when the store was migrated. A thread holds at most one
 *     lead of a prospect that has not {@linkplain LeadStage#ended() ended} (see {@link
 *     io.scrm.core.store.LeadStore})
 * @param campaign the campaign code it is attributed to, if any
 * @param score the lead score (sum of distinct scoring events)
 * @param stage the funnel stage
 * @param queue the sales queue it is routed to, if any
 * @param owner the sales agent or account manager who owns it, if any
 * @param interactions the messages of this lead, without duplicates
 * @param tags labels set by routing or agents
 * @param scoredEvents the ids of the events already counted in {@code score}, so a redelivered event
 *     never counts twice; oldest first
 * @param firstTouch the first campaign touch (first-touch attribution), if any
 * @param lastTouch the latest campaign touch (last-touch attribution), if any
 * @param createdAt when the lead was created
 * @param updatedAt when the lead last changed
 * @param version optimistic-locking version; 0 before the first store
 * @since 0.1.0
 */
public record Lead(
    LeadId id,
    ContactId contactId,
    ChannelId sourceChannel,
    InteractionId sourceInteraction,
    @Nullable String sourceThread,
    @Nullable String campaign,
    int score,
    LeadStage stage,
    @Nullable String queue,
    @Nullable String owner,
    List<InteractionId> interactions,
    List<String> tags,
    List<String> scoredEvents,
    @Nullable CampaignTouch firstTouch,
    @Nullable CampaignTouch lastTouch,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  /**
   * Validates the lead.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public Lead {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(contactId, "contactId");
    Objects.requireNonNull(sourceChannel, "sourceChannel");
    Objects.requireNonNull(sourceInteraction, "sourceInteraction");
    Require.optionalText(sourceThread, "sourceThread", Interaction.MAX_THREAD_LENGTH);
    Require.optionalText(campaign, "campaign");
    Objects.requireNonNull(stage, "stage");
    Require.optionalText(queue, "queue");
    Require.optionalText(owner, "owner");
    Require.noNulls(interactions, "interactions");
    if (Require.hasDuplicates(interactions)) {
      throw new IllegalArgumentException("interactions must not contain duplicates");
    }
    interactions = List.copyOf(interactions);
    tags = List.copyOf(Require.noNulls(tags, "tags"));
    // documents stored before scoring existed have no scoredEvents
    scoredEvents = scoredEvents == null ? List.of() : List.copyOf(Require.noNulls(scoredEvents, "scoredEvents"));
    if (Require.hasDuplicates(scoredEvents)) {
      throw new IllegalArgumentException("scoredEvents must not contain duplicates");
    }
    if (firstTouch == null && lastTouch != null) {
      throw new IllegalArgumentException("firstTouch must be set when lastTouch is");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Require.nonNegative(version, "version");
  }

  /**
   * Creates a lead without scored events and campaign touches (the shape before scoring and
   * attribution).
   *
   * @param id the lead's id
   * @param contactId the prospect
   * @param sourceChannel the channel the inquiry came from
   * @param sourceInteraction the message that created the lead
   * @param sourceThread the thread of that message, or null if unknown
   * @param campaign the campaign code, if any
   * @param score the lead score
   * @param stage the funnel stage
   * @param queue the sales queue, if any
   * @param owner the owner, if any
   * @param interactions the messages of this lead
   * @param tags labels
   * @param createdAt when the lead was created
   * @param updatedAt when the lead last changed
   * @param version optimistic-locking version
   */
  public Lead(LeadId id, ContactId contactId, ChannelId sourceChannel, InteractionId sourceInteraction,
      @Nullable String sourceThread, @Nullable String campaign, int score, LeadStage stage, @Nullable String queue,
      @Nullable String owner, List<InteractionId> interactions, List<String> tags, Instant createdAt,
      Instant updatedAt, long version) {
    this(id, contactId, sourceChannel, sourceInteraction, sourceThread, campaign, score, stage, queue, owner,
        interactions, tags, List.of(), null, null, createdAt, updatedAt, version);
  }

  /**
   * Creates a new lead in stage {@link LeadStage#NEW} from its first message.
   *
   * @param id the new lead's id
   * @param contactId the prospect
   * @param source the message
   * @param at the engine's time
   * @return the lead with score 0 and version 0
   */
  public static Lead from(LeadId id, ContactId contactId, Interaction source, Instant at) {
    return new Lead(id, contactId, source.channel(), source.id(), source.threadId(), source.campaignCode(), 0,
        LeadStage.NEW, null, null, List.of(source.id()), List.of(), at, at, 0);
  }

  /**
   * Returns whether this lead is still open: it has not {@linkplain LeadStage#ended() ended}.
   *
   * @return true before {@link LeadStage#WON} or {@link LeadStage#LOST}
   * @since 0.1.0
   */
  public boolean open() {
    return !stage.ended();
  }

  /**
   * Returns a builder initialised with this lead's values, for changing several fields at once.
   *
   * @return a new builder
   * @since 0.1.0
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Returns this lead with the given version.
   *
   * @param newVersion the version
   * @return a copy
   */
  public Lead withVersion(long newVersion) {
    return new Lead(id, contactId, sourceChannel, sourceInteraction, sourceThread, campaign, score, stage, queue,
        owner, interactions, tags, scoredEvents, firstTouch, lastTouch, createdAt, updatedAt, newVersion);
  }

  /**
   * Copying builder of {@link Lead}; validation happens in {@link #build()}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Lead base;
    private @Nullable String campaign;
    private int score;
    private LeadStage stage;
    private @Nullable String queue;
    private @Nullable String owner;
    private List<InteractionId> interactions;
    private List<String> tags;
    private List<String> scoredEvents;
    private @Nullable CampaignTouch firstTouch;
    private @Nullable CampaignTouch lastTouch;
    private Instant updatedAt;
    private long version;

    private Builder(Lead l) {
      base = l;
      campaign = l.campaign;
      score = l.score;
      stage = l.stage;
      queue = l.queue;
      owner = l.owner;
      interactions = l.interactions;
      tags = l.tags;
      scoredEvents = l.scoredEvents;
      firstTouch = l.firstTouch;
      lastTouch = l.lastTouch;
      updatedAt = l.updatedAt;
      version = l.version;
    }

    /**
     * Sets the campaign code.
     *
     * @param value the code, or null
     * @return this builder
     */
    public Builder campaign(@Nullable String value) {
      campaign = value;
      return this;
    }

    /**
     * Sets the score.
     *
     * @param value the score
     * @return this builder
     */
    public Builder score(int value) {
      score = value;
      return this;
    }

    /**
     * Sets the stage.
     *
     * @param value the stage
     * @return this builder
     */
    public Builder stage(LeadStage value) {
      stage = Objects.requireNonNull(value, "stage");
      return this;
    }

    /**
     * Sets the queue.
     *
     * @param value the queue, or null
     * @return this builder
     */
    public Builder queue(@Nullable String value) {
      queue = value;
      return this;
    }

    /**
     * Sets the owner.
     *
     * @param value the owner, or null
     * @return this builder
     */
    public Builder owner(@Nullable String value) {
      owner = value;
      return this;
    }

    /**
     * Sets the interactions.
     *
     * @param value the interactions
     * @return this builder
     */
    public Builder interactions(List<InteractionId> value) {
      interactions = Objects.requireNonNull(value, "interactions");
      return this;
    }

    /**
     * Sets the tags.
     *
     * @param value the tags
     * @return this builder
     */
    public Builder tags(List<String> value) {
      tags = Objects.requireNonNull(value, "tags");
      return this;
    }

    /**
     * Sets the scored events.
     *
     * @param value the ids of the events counted in the score
     * @return this builder
     */
    public Builder scoredEvents(List<String> value) {
      scoredEvents = Objects.requireNonNull(value, "scoredEvents");
      return this;
    }

    /**
     * Sets the first touch.
     *
     * @param value the touch, or null
     * @return this builder
     */
    public Builder firstTouch(@Nullable CampaignTouch value) {
      firstTouch = value;
      return this;
    }

    /**
     * Sets the last touch.
     *
     * @param value the touch, or null
     * @return this builder
     */
    public Builder lastTouch(@Nullable CampaignTouch value) {
      lastTouch = value;
      return this;
    }

    /**
     * Sets when the lead last changed.
     *
     * @param value the time
     * @return this builder
     */
    public Builder updatedAt(Instant value) {
      updatedAt = Objects.requireNonNull(value, "updatedAt");
      return this;
    }

    /**
     * Sets the version.
     *
     * @param value the version
     * @return this builder
     */
    public Builder version(long value) {
      version = value;
      return this;
    }

    /**
     * Builds the lead.
     *
     * @return the lead
     * @throws IllegalArgumentException naming the field that is invalid
     */
    public Lead build() {
      return new Lead(base.id, base.contactId, base.sourceChannel, base.sourceInteraction, base.sourceThread,
          campaign, score, stage, queue, owner, interactions, tags, scoredEvents, firstTouch, lastTouch,
          base.createdAt, updatedAt, version);
    }
  }
}
