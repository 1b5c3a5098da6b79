package io.scrm.core.store;

import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Direction;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Revision;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.PackedBytes.In;
import io.scrm.core.store.PackedBytes.Out;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One stored interaction as bytes: the in-memory interaction store keeps a message as these bytes
 * in its chunks, not as a record, an instant and five strings on the heap. The id is not part of
 * them: the store writes it before them (see {@link InMemoryInteractions}), and the external id is
 * read back from it.
 *
 * <p>Layout: version (varint); channel (one byte for a built-in channel, else 0 and the name);
 * direction, visibility and kind (one byte each); flags (1 author name, 2 in-reply-to, 4 campaign
 * code, 8 language, 16 edited, 32 tags, 64 attachments, 128 revisions); thread, author handle,
 * [author name], text; occurred-at; the optional strings the flags name; then the lists, each with
 * its count; last, only for a message deleted on its platform, when (so that other rows spend no byte
 * on it). Strings as {@link Out#string}, instants as {@link Out#instant} (nanoseconds since the
 * epoch, or seconds and nanoseconds when they do not fit).
 */
final class PackedInteraction {
  private static final Direction[] DIRECTIONS = Direction.values();
  private static final Visibility[] VISIBILITIES = Visibility.values();
  private static final InteractionKind[] KINDS = InteractionKind.values();

  private PackedInteraction() {}

  /** Encodes into a scratch buffer the caller owns (see {@link Out#clear}); returns the exact bytes. */
  static byte[] encode(Interaction i, Out scratch) {
    write(i, scratch.clear());
    return scratch.toArray();
  }

  /** Writes the row after what {@code out} holds already. */
  static void write(Interaction i, Out out) {
    out.varint(i.version());
    out.channel(i.channel());
    out.u8(i.direction().ordinal());
    out.u8(i.visibility().ordinal());
    out.u8(i.kind().ordinal());
    int flags = (i.authorName() != null ? 1 : 0) | (i.inReplyTo() != null ? 2 : 0) | (i.campaignCode() != null ? 4 : 0)
        | (i.language() != null ? 8 : 0) | (i.edited() ? 16 : 0) | (i.tags().isEmpty() ? 0 : 32)
        | (i.attachments().isEmpty() ? 0 : 64) | (i.revisions().isEmpty() ? 0 : 128);
    out.u8(flags);
    out.string(i.threadId());
    out.string(i.authorHandle());
    optional(out, i.authorName());
    out.string(i.text());
    out.instant(i.occurredAt());
    optional(out, i.inReplyTo());
    optional(out, i.campaignCode());
    optional(out, i.language());
    if (!i.tags().isEmpty()) {
      out.varint(i.tags().size());
      for (String tag : i.tags()) {
        out.string(tag);
      }
    }
    if (!i.attachments().isEmpty()) {
      writeAttachments(i.attachments(), out);
    }
    if (!i.revisions().isEmpty()) {
      out.varint(i.revisions().size());
      for (Revision r : i.revisions()) {
        out.string(r.text());
        out.instant(r.replacedAt());
      }
    }
    if (i.deletedAt() != null) {
      out.instant(i.deletedAt());
    }
  }

  /** Writes a string if there is one; a flag the reader reads first says whether there is. */
  static void optional(Out out, @Nullable String s) {
    if (s != null) {
      out.string(s);
    }
  }

  /** Writes a non-empty list of files: its count, then each file's flags and fields. */
  static void writeAttachments(List<Attachment> attachments, Out out) {
    out.varint(attachments.size());
    for (Attachment a : attachments) {
      out.u8((a.mimeType() != null ? 1 : 0) | (a.sizeBytes() != null ? 2 : 0) | (a.description() != null ? 4 : 0));
      out.string(a.type());
      out.string(a.reference());
      optional(out, a.mimeType());
      if (a.sizeBytes() != null) {
        out.varint(a.sizeBytes());
      }
      optional(out, a.description());
    }
  }

  /** Reads what {@link #writeAttachments} wrote. */
  static List<Attachment> readAttachments(In in) {
    int count = in.varint32();
    if (count > in.buf.length - in.at) {
      throw new IndexOutOfBoundsException("a list of " + count + " files at " + in.at + " of " + in.buf.length);
    }
    List<Attachment> read = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      int has = in.u8();
      String type = in.string();
      String reference = in.string();
      String mimeType = (has & 1) != 0 ? in.string() : null;
      Long size = (has & 2) != 0 ? in.varint() : null;
      String description = (has & 4) != 0 ? in.string() : null;
      read.add(new Attachment(type, reference, mimeType, size, description));
    }
    return read;
  }

  static Interaction decode(InteractionId id, byte[] packed) {
    return read(id, new In(packed));
  }

  /** Reads a row from the cursor to the end of its bytes. */
  static Interaction read(InteractionId id, In in) {
    byte[] packed = in.buf;
    long version = in.varint();
    ChannelId channel = in.channel();
    Direction direction = DIRECTIONS[in.u8()];
    Visibility visibility = VISIBILITIES[in.u8()];
    InteractionKind kind = KINDS[in.u8()];
    int flags = in.u8();
    String thread = in.string();
    String handle = in.string();
    String name = (flags & 1) != 0 ? in.string() : null;
    String text = in.string();
    Instant occurredAt = in.instant();
    String inReplyTo = (flags & 2) != 0 ? in.string() : null;
    String campaign = (flags & 4) != 0 ? in.string() : null;
    String language = (flags & 8) != 0 ? in.string() : null;
    List<String> tags = List.of();
    if ((flags & 32) != 0) {
      String[] read = new String[in.varint32()];
      for (int k = 0; k < read.length; k++) {
        read[k] = in.string();
      }
      tags = List.of(read);
    }
    List<Attachment> attachments = List.of();
    if ((flags & 64) != 0) {
      attachments = readAttachments(in);
    }
    List<Revision> revisions = List.of();
    if ((flags & 128) != 0) {
      int count = in.varint32();
      List<Revision> read = new ArrayList<>(count);
      for (int k = 0; k < count; k++) {
        read.add(new Revision(in.string(), in.instant()));
      }
      revisions = read;
    }
    Instant deletedAt = in.at < packed.length ? in.instant() : null;
    String externalId = id.value().substring(channel.name().length() + 1);
    return new Interaction(id, channel, externalId, thread, handle, name, text, occurredAt, direction, visibility, kind,
        inReplyTo, campaign, (flags & 16) != 0, language, tags, attachments, revisions, deletedAt, version);
  }
}
