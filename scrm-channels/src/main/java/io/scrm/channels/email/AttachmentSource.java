package io.scrm.channels.email;

import io.scrm.core.model.Attachment;
import org.jspecify.annotations.Nullable;

/**
 * Gives the bytes of a file that a reply carries by reference, so that the {@link EmailAdapter} can
 * send it as a MIME part. scrm keeps references only; a host whose files live elsewhere than at an
 * {@code https://} URL (a document store, a platform's file id) passes its own source to {@link
 * EmailAdapter.Builder#attachmentSource}. The default fetches {@code https://} and {@code http://}
 * references.
 *
 * <p>Implementations must be thread-safe. The adapter calls them on the thread that sends (the
 * dispatcher's), for each file of a reply in turn, before it connects to the SMTP server.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface AttachmentSource {

  /**
   * Returns the file an attachment refers to.
   *
   * @param attachment a file of an outbound message
   * @param maxBytes the most bytes the file may have: what is left of the limit for all files of the
   *     message together; a source that reads a stream stops beyond it rather than reading on
   * @return the file
   * @throws AttachmentUnavailableException if the file cannot be had, now ({@linkplain
   *     AttachmentUnavailableException#isRetryable() retryable}) or ever; its detail never quotes the
   *     reference, which may carry a token
   */
  AttachmentFile fetch(Attachment attachment, long maxBytes);

  /**
   * Says why this source can never give a file, asked before the message is queued (a reference it
   * cannot read, say). The default refuses nothing.
   *
   * @param attachment a file of a message about to be queued
   * @return why, without quoting the reference, or null if the source may give it
   */
  default @Nullable String refusal(Attachment attachment) {
    return null;
  }
}
