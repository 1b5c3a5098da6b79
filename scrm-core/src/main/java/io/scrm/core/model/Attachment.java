package io.scrm.core.model;

import io.scrm.core.internal.Require;
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
