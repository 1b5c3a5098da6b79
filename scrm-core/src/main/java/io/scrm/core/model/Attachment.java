package io.scrm.core.model;

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
 * @since 0.1.0
 */
public record Attachment(String type, String reference, @Nullable String mimeType, @Nullable Long sizeBytes) {

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
  public Attachment {
    Require.text(type, "type", 64);
    Require.text(reference, "reference", 4096);
    Require.optionalText(mimeType, "mimeType");
    if (sizeBytes != null) {
      Require.nonNegative(sizeBytes, "sizeBytes");
    }
  }
}
