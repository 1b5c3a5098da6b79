package io.scrm.channels;

import io.scrm.channels.ChannelException;
import java.util.Objects;

/**
 * Thrown by an {@link AttachmentSource} when a file cannot be had. It says whether trying again may
 * help (a file server's 5xx, a timeout, a lost connection) or not (a 404, a file over the size
 * limit, a reference the source cannot read). An adapter reports it as a retryable or permanent
 * send failure naming the file by its position; nothing was sent.
 *
 * @since 0.1.0
 */
public final class AttachmentUnavailableException extends ChannelException {
  private static final long serialVersionUID = 1L;

  private final String detail;
  private final boolean retryable;

  /**
   * Creates the exception.
   *
   * @param detail what failed (a status, a kind of network failure, a limit), never the reference,
   *     which may carry a token
   * @param retryable whether trying again later may succeed
   */
  public AttachmentUnavailableException(String detail, boolean retryable) {
    super("attachment unavailable: " + Objects.requireNonNull(detail, "detail"));
    this.detail = detail;
    this.retryable = retryable;
  }

  /**
   * Creates the exception with a cause.
   *
   * @param detail what failed, never the reference
   * @param retryable whether trying again later may succeed
   * @param cause the underlying failure
   */
  public AttachmentUnavailableException(String detail, boolean retryable, Throwable cause) {
    super("attachment unavailable: " + Objects.requireNonNull(detail, "detail"), cause);
    this.detail = detail;
    this.retryable = retryable;
  }

  /**
   * Returns what failed.
   *
   * @return the detail, without the reference
   */
  public String detail() {
    return detail;
  }

  /**
   * Returns whether trying again later may succeed.
   *
   * @return true for a passing failure (5xx, timeout, lost connection), false for a lasting one
   */
  public boolean isRetryable() {
    return retryable;
  }
}
