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
 * @param campaign the campaign code it is attributed to, if any
 * @param score the lead score (sum of distinct scoring events)
 * @param stage the funnel stage
 * @param queue the sales queue it is routed to, if any
 * @param owner the sales agent or account manager who owns it, if any
 * @param interactions the messages of this lead, without duplicates
 * @param tags labels set by routing or agents
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
    @Nullable String campaign,
    int score,
    LeadStage stage,
    @Nullable String queue,
    @Nullable String owner,
    List<InteractionId> interactions,
    List<String> tags,
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
    Require.optionalText(campaign, "campaign");
    Objects.requireNonNull(stage, "stage");
    Require.optionalText(queue, "queue");
    Require.optionalText(owner, "owner");
    Require.noNulls(interactions, "interactions");
    if (interactions.stream().distinct().count() != interactions.size()) {
      throw new IllegalArgumentException("interactions must not contain duplicates");
    }
    interactions = List.copyOf(interactions);
    tags = List.copyOf(Require.noNulls(tags, "tags"));
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Require.nonNegative(version, "version");
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
    return new Lead(id, contactId, source.channel(), source.id(), source.campaignCode(), 0, LeadStage.NEW,
        null, null, List.of(source.id()), List.of(), at, at, 0);
  }

  /**
   * Returns this lead with the given version.
   *
   * @param newVersion the version
   * @return a copy
   */
  public Lead withVersion(long newVersion) {
    return new Lead(id, contactId, sourceChannel, sourceInteraction, campaign, score, stage, queue, owner,
        interactions, tags, createdAt, updatedAt, newVersion);
  }
}
