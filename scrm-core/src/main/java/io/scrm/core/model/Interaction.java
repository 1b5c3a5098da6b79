package io.scrm.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.scrm.core.internal.Require;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message in or out on a channel: the unit of the interaction history. Immutable and
 * thread-safe.
 *
 * <p>The {@link #id()} is derived from the channel and the external id, so the same delivery always
 * has the same id. An edited message keeps its id; its earlier texts are kept in {@link
 * #revisions()}.
 *
 * @param id derived from {@code channel} and {@code externalId}
 * @param channel the channel
 * @param externalId the platform's id of the message, as a string
 * @param threadId the platform's conversation (chat, status thread, e-mail thread) as a string
 * @param authorHandle the author's handle on the channel
 * @param authorName the author's display name, if the platform gives one
 * @param text the plain text (may be empty, e.g. for a photo without caption)
 * @param occurredAt when the platform says the message was written
 * @param direction inbound or outbound
 * @param visibility public or private
 * @param kind direct, mention, comment or reply
 * @param inReplyTo the external id of the message this one answers, if any
 * @param campaignCode a campaign code carried by the message, if any
 * @param edited whether this delivery is an edit of an earlier one
 * @param language the message's language as a BCP 47 tag, if known
 * @param tags labels set by monitors or routing
 * @param attachments attached files, by reference
 * @param revisions earlier texts of an edited message, oldest first
 * @param deletedAt when the message was deleted on the platform (by its author or a moderator), if
 *     it was: the message is kept for its case's record, marked (an erasure removes it); left out of
 *     JSON while null, so that documents read as before
 * @param version optimistic-locking version; 0 before the first store
 * @since 0.1.0
 */
public record Interaction(
    InteractionId id,
    ChannelId channel,
    String externalId,
    String threadId,
    String authorHandle,
    @Nullable String authorName,
    String text,
    Instant occurredAt,
    Direction direction,
    Visibility visibility,
    InteractionKind kind,
    @Nullable String inReplyTo,
    @Nullable String campaignCode,
    boolean edited,
    @Nullable String language,
    List<String> tags,
    List<Attachment> attachments,
    List<Revision> revisions,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Instant deletedAt,
    long version) {

  /** Longest text accepted, in UTF-16 code units (longer than any platform allows). */
  public static final int MAX_TEXT_LENGTH = 100_000;

  /**
   * Longest thread id accepted, in UTF-16 code units; a case's thread and an outbound message's are
   * bounded alike.
   *
   * @since 0.1.0
   */
  public static final int MAX_THREAD_LENGTH = 512;

  /**
   * Validates the interaction.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public Interaction {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(channel, "channel");
    Require.text(externalId, "externalId", 512);
    if (!id.isOf(channel, externalId)) {
      throw new IllegalArgumentException("id must be derived from channel and externalId, was " + id);
    }
    Require.text(threadId, "threadId", MAX_THREAD_LENGTH);
    Require.text(authorHandle, "authorHandle", 320);
    Require.optionalText(authorName, "authorName");
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("text must be at most " + MAX_TEXT_LENGTH + " characters");
    }
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(visibility, "visibility");
    Objects.requireNonNull(kind, "kind");
    Require.optionalText(inReplyTo, "inReplyTo");
    Require.optionalText(campaignCode, "campaignCode");
    Require.optionalText(language, "language");
    tags = List.copyOf(Require.noNulls(tags, "tags"));
    attachments = List.copyOf(Require.noNulls(attachments, "attachments"));
    revisions = List.copyOf(Require.noNulls(revisions, "revisions"));
    Require.nonNegative(version, "version");
  }

  /**
   * Returns a builder for an inbound message.
   *
   * @param channel the channel
   * @param externalId the platform's message id
   * @return a builder with defaults: inbound, private, direct, no thread (set one)
   */
  public static Builder inbound(ChannelId channel, String externalId) {
    return new Builder(channel, externalId).direction(Direction.INBOUND);
  }

  /**
   * Returns a builder for an outbound message.
   *
   * @param channel the channel
   * @param externalId the platform's id of the sent message
   * @return a builder with direction outbound
   */
  public static Builder outbound(ChannelId channel, String externalId) {
    return new Builder(channel, externalId).direction(Direction.OUTBOUND).kind(InteractionKind.REPLY);
  }

  private static final String[][] KIND_AND_VISIBILITY = new String[InteractionKind.values().length][];

  static {
    for (InteractionKind k : InteractionKind.values()) {
      KIND_AND_VISIBILITY[k.ordinal()] = new String[Visibility.values().length];
      for (Visibility v : Visibility.values()) {
        KIND_AND_VISIBILITY[k.ordinal()][v.ordinal()] = k.name() + " " + v.name();
      }
    }
  }

  /**
   * Returns kind and visibility as the audit trail notes them, e.g. {@code DIRECT PRIVATE} (a shared
   * constant, not built per call).
   *
   * @return {@code KIND VISIBILITY}
   * @since 0.1.0
   */
  public String kindAndVisibility() {
    return KIND_AND_VISIBILITY[kind.ordinal()][visibility.ordinal()];
  }

  /**
   * Returns the author's identity key.
   *
   * @return {@code channel:authorHandle}
   */
  public IdentityKey author() {
    return new IdentityKey(channel, authorHandle);
  }

  /**
   * Returns a builder initialised with this interaction's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Returns this interaction with the given version.
   *
   * @param newVersion the version
   * @return a copy
   */
  public Interaction withVersion(long newVersion) {
    return new Interaction(id, channel, externalId, threadId, authorHandle, authorName, text, occurredAt, direction,
        visibility, kind, inReplyTo, campaignCode, edited, language, tags, attachments, revisions, deletedAt,
        newVersion);
  }

  /**
   * Builder of {@link Interaction}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final ChannelId channel;
    private final String externalId;
    private @Nullable String threadId;
    private @Nullable String authorHandle;
    private @Nullable String authorName;
    private String text = "";
    private @Nullable Instant occurredAt;
    private Direction direction = Direction.INBOUND;
    private Visibility visibility = Visibility.PRIVATE;
    private InteractionKind kind = InteractionKind.DIRECT;
    private @Nullable String inReplyTo;
    private @Nullable String campaignCode;
    private boolean edited;
    private @Nullable String language;
    // immutable until the first addition, so that a message without tags, attachments or revisions
    // builds without copying three empty lists
    private List<String> tags = List.of();
    private List<Attachment> attachments = List.of();
    private List<Revision> revisions = List.of();
    private @Nullable Instant deletedAt;
    private long version;

    private Builder(ChannelId channel, String externalId) {
      this.channel = Objects.requireNonNull(channel, "channel");
      this.externalId = Require.text(externalId, "externalId", 512);
    }

    private Builder(Interaction i) {
      this(i.channel, i.externalId);
      threadId = i.threadId;
      authorHandle = i.authorHandle;
      authorName = i.authorName;
      text = i.text;
      occurredAt = i.occurredAt;
      direction = i.direction;
      visibility = i.visibility;
      kind = i.kind;
      inReplyTo = i.inReplyTo;
      campaignCode = i.campaignCode;
      edited = i.edited;
      language = i.language;
      tags = i.tags;
      attachments = i.attachments;
      revisions = i.revisions;
      deletedAt = i.deletedAt;
      version = i.version;
    }

    /**
     * Sets the thread.
     *
     * @param value the platform's conversation id
     * @return this builder
     */
    public Builder thread(String value) {
      threadId = Require.text(value, "threadId", MAX_THREAD_LENGTH);
      return this;
    }

    /**
     * Sets the author.
     *
     * @param handle the author's handle
     * @param name the author's display name, or null
     * @return this builder
     */
    public Builder author(String handle, @Nullable String name) {
      authorHandle = Require.text(handle, "authorHandle", 320);
      authorName = Require.optionalText(name, "authorName");
      return this;
    }

    /**
     * Sets the text.
     *
     * @param value the plain text
     * @return this builder
     */
    public Builder text(String value) {
      text = Objects.requireNonNull(value, "text");
      return this;
    }

    /**
     * Sets when the message was written.
     *
     * @param value the platform's timestamp
     * @return this builder
     */
    public Builder occurredAt(Instant value) {
      occurredAt = Objects.requireNonNull(value, "occurredAt");
      return this;
    }

    /**
     * Sets the direction.
     *
     * @param value inbound or outbound
     * @return this builder
     */
    public Builder direction(Direction value) {
      direction = Objects.requireNonNull(value, "direction");
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
     * Sets the kind.
     *
     * @param value direct, mention, comment or reply
     * @return this builder
     */
    public Builder kind(InteractionKind value) {
      kind = Objects.requireNonNull(value, "kind");
      return this;
    }

    /**
     * Sets the external id of the message this one answers.
     *
     * @param value an external id, or null
     * @return this builder
     */
    public Builder inReplyTo(@Nullable String value) {
      inReplyTo = Require.optionalText(value, "inReplyTo");
      return this;
    }

    /**
     * Sets the campaign code.
     *
     * @param value a campaign code, or null
     * @return this builder
     */
    public Builder campaignCode(@Nullable String value) {
      campaignCode = Require.optionalText(value, "campaignCode");
      return this;
    }

    /**
     * Marks this delivery as an edit.
     *
     * @param value true for an edit
     * @return this builder
     */
    public Builder edited(boolean value) {
      edited = value;
      return this;
    }

    /**
     * Sets the language.
     *
     * @param value a BCP 47 tag, or null
     * @return this builder
     */
    public Builder language(@Nullable String value) {
      language = Require.optionalText(value, "language");
      return this;
    }

    /**
     * Adds a tag.
     *
     * @param value the tag
     * @return this builder
     */
    public Builder addTag(String value) {
      String tag = Require.text(value, "tag");
      if (!tags.contains(tag)) {
        tags = growable(tags);
        tags.add(tag);
      }
      return this;
    }

    /**
     * Adds an attachment.
     *
     * @param value the attachment
     * @return this builder
     */
    public Builder addAttachment(Attachment value) {
      Objects.requireNonNull(value, "attachment");
      attachments = growable(attachments);
      attachments.add(value);
      return this;
    }

    /**
     * Sets the attached files, replacing those added before (as an edit of the message does).
     *
     * @param value the attachments, in order
     * @return this builder
     * @since 0.1.0
     */
    public Builder attachments(List<Attachment> value) {
      attachments = List.copyOf(Require.noNulls(value, "attachments"));
      return this;
    }

    /**
     * Adds an earlier text.
     *
     * @param value the revision
     * @return this builder
     */
    public Builder addRevision(Revision value) {
      Objects.requireNonNull(value, "revision");
      revisions = growable(revisions);
      revisions.add(value);
      return this;
    }

    /**
     * Marks the message as deleted on the platform.
     *
     * @param value when it was deleted, or null for a message that was not
     * @return this builder
     * @since 0.1.0
     */
    public Builder deletedAt(@Nullable Instant value) {
      deletedAt = value;
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

    private static <T> List<T> growable(List<T> list) {
      return list instanceof ArrayList<T> ? list : new ArrayList<>(list);
    }

    /**
     * Builds the interaction.
     *
     * @return the interaction
     * @throws NullPointerException if thread, author or occurredAt was not set
     */
    public Interaction build() {
      // U+0000 and lone surrogates become U+FFFD here, where a message enters the model (see
      // Require.storable); the record's own constructor, which every copy and every store read goes
      // through, does not scan
      String external = Require.storable(externalId);
      return new Interaction(InteractionId.ofClean(channel, external), channel, external,
          Require.storable(Objects.requireNonNull(threadId, "threadId")),
          Require.storable(Objects.requireNonNull(authorHandle, "authorHandle")), Require.storable(authorName),
          Require.storable(text), Objects.requireNonNull(occurredAt, "occurredAt"), direction, visibility, kind,
          Require.storable(inReplyTo), Require.storable(campaignCode), edited, Require.storable(language), tags,
          attachments, revisions, deletedAt, version);
    }
  }
}
