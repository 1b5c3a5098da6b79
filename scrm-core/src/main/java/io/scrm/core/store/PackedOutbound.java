package io.scrm.core.store;

import io.scrm.core.model.Attachment;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.PackedBytes.In;
import io.scrm.core.store.PackedBytes.Out;
import java.time.Instant;
import java.util.List;

/**
 * One outbound message as bytes, as the in-memory outbox keeps it in its chunks (see {@link
 * InMemoryOutbox}). The id is not part of them: the store writes it before them.
 *
 * <p>Layout: version (varint); status (one byte); flags (1 case, 2 thread, 4 in-reply-to, 8 provider
 * id, 16 last error, 32 attachments, 64 an idempotency key other than the id, 128 a next attempt
 * other than the creation time); the idempotency key if flagged; channel; visibility (one byte);
 * attempts (varint); recipient; thread; created-at; next-attempt-at; case; in-reply-to; text;
 * purpose; provider id; last error; files. What the flags name is there only when flagged. The
 * fields the store's tables match (status, key, channel, recipient, thread) come first.
 */
final class PackedOutbound {
  private static final OutboxStatus[] STATUSES = OutboxStatus.values();
  private static final Visibility[] VISIBILITIES = Visibility.values();
  static final int CASE = 1;
  static final int THREAD = 2;
  static final int IN_REPLY_TO = 4;
  static final int PROVIDER_ID = 8;
  static final int LAST_ERROR = 16;
  static final int ATTACHMENTS = 32;
  static final int OWN_KEY = 64;
  static final int OWN_NEXT_ATTEMPT = 128;

  private PackedOutbound() {}

  /** Writes the message after what {@code out} holds already (its id). */
  static void write(OutboundMessage m, Out out) {
    boolean ownKey = !m.idempotencyKey().equals(m.id().value());
    boolean ownNext = !m.nextAttemptAt().equals(m.createdAt());
    int flags = (m.caseId() != null ? CASE : 0) | (m.threadId() != null ? THREAD : 0)
        | (m.inReplyTo() != null ? IN_REPLY_TO : 0) | (m.providerId() != null ? PROVIDER_ID : 0)
        | (m.lastError() != null ? LAST_ERROR : 0) | (m.attachments().isEmpty() ? 0 : ATTACHMENTS)
        | (ownKey ? OWN_KEY : 0) | (ownNext ? OWN_NEXT_ATTEMPT : 0);
    out.varint(m.version());
    out.u8(m.status().ordinal());
    out.u8(flags);
    if (ownKey) {
      out.string(m.idempotencyKey());
    }
    out.channel(m.channel());
    out.u8(m.visibility().ordinal());
    out.varint(m.attempts());
    out.string(m.recipient().value());
    PackedInteraction.optional(out, m.threadId());
    out.instant(m.createdAt());
    if (ownNext) {
      out.instant(m.nextAttemptAt());
    }
    PackedInteraction.optional(out, m.caseId() == null ? null : m.caseId().value());
    PackedInteraction.optional(out, m.inReplyTo());
    out.string(m.text());
    out.string(m.purpose());
    PackedInteraction.optional(out, m.providerId());
    PackedInteraction.optional(out, m.lastError());
    if (!m.attachments().isEmpty()) {
      PackedInteraction.writeAttachments(m.attachments(), out);
    }
  }

  /** Reads a message from the cursor, which is past its id. */
  static OutboundMessage read(OutboundId id, In in) {
    long version = in.varint();
    OutboxStatus status = STATUSES[in.u8()];
    int flags = in.u8();
    String key = (flags & OWN_KEY) != 0 ? in.string() : id.value();
    ChannelId channel = in.channel();
    Visibility visibility = VISIBILITIES[in.u8()];
    int attempts = in.varint32();
    ContactId recipient = new ContactId(in.string());
    String thread = (flags & THREAD) != 0 ? in.string() : null;
    Instant createdAt = in.instant();
    Instant nextAttemptAt = (flags & OWN_NEXT_ATTEMPT) != 0 ? in.instant() : createdAt;
    CaseId caseId = (flags & CASE) != 0 ? new CaseId(in.string()) : null;
    String inReplyTo = (flags & IN_REPLY_TO) != 0 ? in.string() : null;
    String text = in.string();
    String purpose = in.string();
    String providerId = (flags & PROVIDER_ID) != 0 ? in.string() : null;
    String lastError = (flags & LAST_ERROR) != 0 ? in.string() : null;
    List<Attachment> attachments = (flags & ATTACHMENTS) != 0 ? PackedInteraction.readAttachments(in) : List.of();
    return new OutboundMessage(id, caseId, recipient, channel, thread, inReplyTo, visibility, text, attachments,
        purpose, key, status, attempts, providerId, lastError, createdAt, nextAttemptAt, version);
  }

  /**
   * Writes the row at the cursor, from its id to {@code end}, to {@code out} with the version and
   * next attempt of {@code claimed} and every other byte as it is. A claim so writes its new bytes
   * without encoding the message's text and strings again; the result is what {@link #write} would
   * give for {@code claimed}, which must differ from the row in nothing else.
   */
  static void retimed(In in, int end, Out out, OutboundMessage claimed) {
    byte[] buf = in.buf;
    int start = in.at;
    in.skipString();
    out.bytes(buf, start, in.at - start); // the id
    in.varint();
    out.varint(claimed.version());
    out.u8(in.u8()); // the status
    int flags = in.u8();
    boolean ownNext = !claimed.nextAttemptAt().equals(claimed.createdAt());
    out.u8(flags & ~OWN_NEXT_ATTEMPT | (ownNext ? OWN_NEXT_ATTEMPT : 0));
    int kept = in.at;
    if ((flags & OWN_KEY) != 0) {
      in.skipString();
    }
    channelToRecipient(in);
    in.skipString();
    if ((flags & THREAD) != 0) {
      in.skipString();
    }
    in.skipInstant(); // the creation time
    out.bytes(buf, kept, in.at - kept);
    if ((flags & OWN_NEXT_ATTEMPT) != 0) {
      in.skipInstant();
    }
    if (ownNext) {
      out.instant(claimed.nextAttemptAt());
    }
    out.bytes(buf, in.at, end - in.at);
    in.at = end;
  }

  /** The status of the row at the cursor, which is past its id; moves to the flags. */
  static OutboxStatus status(In in) {
    in.varint();
    return STATUSES[in.u8()];
  }

  /**
   * Moves the cursor, which is past the row's id, to its channel; returns the flags. A row without a
   * key of its own has its id as key: the caller reads it before.
   */
  static int toChannel(In in) {
    in.varint();
    in.u8();
    int flags = in.u8();
    if ((flags & OWN_KEY) != 0) {
      in.skipString();
    }
    return flags;
  }

  /** Moves the cursor from the channel to the recipient. */
  static void channelToRecipient(In in) {
    in.skipChannel();
    in.u8();
    in.varint();
  }

  /** Moves the cursor from the channel past visibility and attempts, having compared the channel. */
  static boolean channelEquals(In in, ChannelId channel) {
    if (!in.channelEquals(channel)) {
      return false;
    }
    in.u8();
    in.varint();
    return true;
  }
}
