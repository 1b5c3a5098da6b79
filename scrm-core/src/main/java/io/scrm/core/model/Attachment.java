package io.scrm.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.scrm.core.internal.Require;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A file attached to a message, by reference (scrm never stores the bytes). Immutable and
 * thread-safe.
 *
 * @param type the kind of attachment, e.g. {@code photo}, {@code document}, {@code video}
 * @param reference the platform's file id or a URL
 * @param mimeType the media type, if known
 * @param sizeBytes the size in bytes, if known
 * @param description what the file shows, in words, for readers who cannot see or hear it (alt
 *     text), if given; at most {@value #MAX_DESCRIPTION} characters. Platforms take less or none:
 *     each channel sends it where its platform shows one and refuses one longer than that platform
 *     takes (see the channel adapters). Left out of JSON while null, so that documents read as
 *     before.
 * @since 0.1.0
 */
public record Attachment(String type, String reference, @Nullable String mimeType, @Nullable Long sizeBytes,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String description) {

  /**
   * The longest description an attachment holds, in characters (UTF-16 units). Mastodon, the
   * platform that takes the longest, takes 1,500; X 1,000.
   *
   * @since 0.1.0
   */
  public static final int MAX_DESCRIPTION = 4096;

  /**
   * The kinds of file a message to a customer may carry: {@code photo}, {@code video}, {@code audio},
   * {@code voice} and {@code document} (any other file). Each channel maps them to its platform's and
   * refuses, before a message is queued, those it cannot send. Inbound messages also carry other kinds
   * (a sticker, a location, a shared contact).
   *
   * @since 0.1.0
   */
  public static final Set<String> SENDABLE_TYPES = Set.of("photo", "video", "audio", "voice", "document");

  /**
   * Validates the attachment.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  @JsonCreator
  public Attachment {
    // U+0000 and lone surrogates become U+FFFD, as where a message enters the model: PostgreSQL
    // keeps neither, and the in-memory stores should keep what it keeps
    type = Require.storable(type);
    reference = Require.storable(reference);
    mimeType = Require.storable(mimeType);
    description = Require.storable(description);
    Require.text(type, "type", 64);
    Require.text(reference, "reference", 4096);
    Require.optionalText(mimeType, "mimeType");
    if (sizeBytes != null) {
      Require.nonNegative(sizeBytes, "sizeBytes");
    }
    if (description != null) {
      Require.text(description, "description", MAX_DESCRIPTION);
    }
  }

  /**
   * An attachment without a description.
   *
   * @param type the kind of attachment, e.g. {@code photo}, {@code document}, {@code video}
   * @param reference the platform's file id or a URL
   * @param mimeType the media type, if known
   * @param sizeBytes the size in bytes, if known
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public Attachment(String type, String reference, @Nullable String mimeType, @Nullable Long sizeBytes) {
    this(type, reference, mimeType, sizeBytes, null);
  }

  /**
   * Returns this attachment with the given description (alt text).
   *
   * @param description what the file shows, in words; null for none
   * @return the attachment with the description
   * @throws IllegalArgumentException if the description is blank or longer than
   *     {@value #MAX_DESCRIPTION} characters
   */
  public Attachment withDescription(@Nullable String description) {
    return new Attachment(type, reference, mimeType, sizeBytes, description);
  }
}
