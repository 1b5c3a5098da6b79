package io.scrm.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.scrm.core.internal.Require;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message to a customer, stored in the outbox before any attempt to send it. Immutable and
 * thread-safe.
 *
 * <p>Messages of one {@linkplain #conversation() conversation} go out in the order they were created.
 *
 * <p>The message keeps what the consent gate needs to be asked again at send time (recipient,
 * channel, purpose and action), and the idempotency key that makes sure it is sent at most once.
 *
 * @param id the message's id
 * @param caseId the case it answers, if any
 * @param recipient the customer
 * @param channel the channel to send on
 * @param threadId the thread to answer in, at most 512 characters as an interaction's and a case's
 *     thread; null to start a new conversation
 * @param inReplyTo the external id of the message answered, if any
 * @param visibility public (a public reply) or private
 * @param text the text to send; may be empty when the message carries attachments
 * @param attachments files to send with the text, by reference (a URL or the platform's file id), at
 *     most {@value #MAX_ATTACHMENTS}; the channel decides which kinds and how many it takes
 * @param purpose the processing purpose, e.g. {@code service-reply} or {@code marketing}
 * @param idempotencyKey a key unique per intended send; platforms that support it receive it
 * @param status the delivery state
 * @param attempts how many send attempts were made
 * @param providerId the platform's id of the sent message, once sent
 * @param lastError the reason of the last failure, if any (never message text)
 * @param createdAt when the message was stored
 * @param nextAttemptAt the earliest time for the next attempt
 * @param version optimistic-locking version; 0 before the first store
 * @since 0.1.0
 */
public record OutboundMessage(
    OutboundId id,
    @Nullable CaseId caseId,
    ContactId recipient,
    ChannelId channel,
    @Nullable String threadId,
    @Nullable String inReplyTo,
    Visibility visibility,
    String text,
    List<Attachment> attachments,
    String purpose,
    String idempotencyKey,
    OutboxStatus status,
    int attempts,
    @Nullable String providerId,
    @Nullable String lastError,
    Instant createdAt,
    Instant nextAttemptAt,
    long version) {

  /** Most attachments one message carries (Telegram's album holds ten). */
  public static final int MAX_ATTACHMENTS = 10;

  /**
   * Validates the message.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public OutboundMessage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(channel, "channel");
    Require.optionalText(threadId, "threadId", Interaction.MAX_THREAD_LENGTH);
    Require.optionalText(inReplyTo, "inReplyTo");
    Objects.requireNonNull(visibility, "visibility");
    Objects.requireNonNull(text, "text");
    // a message stored before attachments existed has none
    attachments = attachments == null ? List.of() : List.copyOf(Require.noNulls(attachments, "attachments"));
    if (attachments.isEmpty()) {
      Require.text(text, "text", Interaction.MAX_TEXT_LENGTH);
    } else if (text.length() > Interaction.MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("text must be at most " + Interaction.MAX_TEXT_LENGTH + " characters");
    }
    if (attachments.size() > MAX_ATTACHMENTS) {
      throw new IllegalArgumentException("attachments must be at most " + MAX_ATTACHMENTS + ", were "
          + attachments.size());
    }
    Require.text(purpose, "purpose", 64);
    Require.text(idempotencyKey, "idempotencyKey", 200);
    Objects.requireNonNull(status, "status");
    Require.nonNegative(attempts, "attempts");
    Require.optionalText(providerId, "providerId");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Require.nonNegative(version, "version");
  }

  /**
   * Returns a new pending message.
   *
   * @param id the id
   * @param caseId the case, or null
   * @param recipient the customer
   * @param channel the channel
   * @param threadId the thread, or null to start a conversation
   * @param inReplyTo the answered message's external id, or null
   * @param visibility public or private
   * @param text the text
   * @param purpose the purpose
   * @param at the engine's time
   * @return a pending message with version 0; its idempotency key is its id
   */
  public static OutboundMessage pending(OutboundId id, @Nullable CaseId caseId, ContactId recipient, ChannelId channel,
      @Nullable String threadId, @Nullable String inReplyTo, Visibility visibility, String text, String purpose,
      Instant at) {
    return pending(id, caseId, recipient, channel, threadId, inReplyTo, visibility, text, List.of(), purpose, at);
  }

  /**
   * Returns a new pending message with attachments.
   *
   * @param id the id
   * @param caseId the case, or null
   * @param recipient the customer
   * @param channel the channel
   * @param threadId the thread, or null to start a conversation
   * @param inReplyTo the answered message's external id, or null
   * @param visibility public or private
   * @param text the text; may be empty if there are attachments
   * @param attachments the files to send, by reference
   * @param purpose the purpose
   * @param at the engine's time
   * @return a pending message with version 0; its idempotency key is its id
   * @since 0.1.0
   */
  public static OutboundMessage pending(OutboundId id, @Nullable CaseId caseId, ContactId recipient, ChannelId channel,
      @Nullable String threadId, @Nullable String inReplyTo, Visibility visibility, String text,
      List<Attachment> attachments, String purpose, Instant at) {
    return new OutboundMessage(id, caseId, recipient, channel, threadId, inReplyTo, visibility, text, attachments,
        purpose, id.value(), OutboxStatus.PENDING, 0, null, null, at, at, 0);
  }

  /**
   * Returns the conversation this message belongs to: its channel and thread, or, for a message that
   * starts a conversation, its channel and recipient. A conversation's messages go out in the order
   * they were created: the outbox holds a message back while an older one of its conversation is
   * pending, so a reply that waits for a retry is never overtaken by the next one.
   *
   * @return {@code channel:t:threadId}, or {@code channel:r:recipientId} without a thread
   * @since 0.1.0
   */
  @JsonIgnore
  public String conversation() {
    return threadId != null ? channel.name() + ":t:" + threadId : channel.name() + ":r:" + recipient.value();
  }

  /**
   * Returns this message after a successful send.
   *
   * @param platformId the platform's id of the sent message
   * @return a copy with status {@link OutboxStatus#SENT}
   */
  public OutboundMessage sent(String platformId) {
    return new OutboundMessage(id, caseId, recipient, channel, threadId, inReplyTo, visibility, text, attachments,
        purpose, idempotencyKey, OutboxStatus.SENT, attempts + 1, platformId, null, createdAt, nextAttemptAt, version);
  }

  /**
   * Returns this message after a failed attempt that will be retried.
   *
   * @param reason why it failed
   * @param retryAt the earliest time of the next attempt
   * @return a copy, still pending, with one more attempt
   */
  public OutboundMessage retryLater(String reason, Instant retryAt) {
    return new OutboundMessage(id, caseId, recipient, channel, threadId, inReplyTo, visibility, text, attachments,
        purpose, idempotencyKey, OutboxStatus.PENDING, attempts + 1, null, reason, createdAt, retryAt, version);
  }

  /**
   * Returns this message with another earliest time for the next attempt, nothing else changed (a
   * dispatcher's lease).
   *
   * @param at the earliest time of the next attempt
   * @return a copy
   */
  public OutboundMessage retryAt(Instant at) {
    return new OutboundMessage(id, caseId, recipient, channel, threadId, inReplyTo, visibility, text, attachments,
        purpose, idempotencyKey, status, attempts, providerId, lastError, createdAt, at, version);
  }

  /**
   * Returns this message in a final state other than sent.
   *
   * @param newStatus {@link OutboxStatus#DEAD} or {@link OutboxStatus#CANCELLED}
   * @param reason why
   * @return a copy
   */
  public OutboundMessage ended(OutboxStatus newStatus, String reason) {
    if (newStatus == OutboxStatus.SENT || newStatus == OutboxStatus.PENDING) {
      throw new IllegalArgumentException("newStatus must be DEAD or CANCELLED, was " + newStatus);
    }
    return new OutboundMessage(id, caseId, recipient, channel, threadId, inReplyTo, visibility, text, attachments,
        purpose, idempotencyKey, newStatus, attempts, providerId, reason, createdAt, nextAttemptAt, version);
  }

  /**
   * Returns this message back in the pending list (re-drive of a dead letter).
   *
   * @param at the earliest time of the next attempt
   * @return a pending copy with the attempt count reset
   */
  public OutboundMessage redriven(Instant at) {
    return new OutboundMessage(id, caseId, recipient, channel, threadId, inReplyTo, visibility, text, attachments,
        purpose, idempotencyKey, OutboxStatus.PENDING, 0, null, lastError, createdAt, at, version);
  }

  /**
   * Returns this message with another idempotency key, for a send the caller may repeat.
   *
   * @param key the key, not blank, at most 200 characters
   * @return the message with that key
   * @throws IllegalArgumentException if the key is blank or longer than 200 characters
   * @since 0.1.0
   */
  public OutboundMessage withIdempotencyKey(String key) {
    return new OutboundMessage(id, caseId, recipient, channel, threadId, inReplyTo, visibility, text, attachments,
        purpose, key, status, attempts, providerId, lastError, createdAt, nextAttemptAt, version);
  }

  /**
   * Returns this message with the given version.
   *
   * @param newVersion the version
   * @return a copy
   */
  public OutboundMessage withVersion(long newVersion) {
    return new OutboundMessage(id, caseId, recipient, channel, threadId, inReplyTo, visibility, text, attachments,
        purpose, idempotencyKey, status, attempts, providerId, lastError, createdAt, nextAttemptAt, newVersion);
  }
}
