package io.scrm.channels;

import io.scrm.core.model.ChannelId;
import java.util.Objects;

/**
 * Thrown when an inbound delivery is refused: malformed, missing a required field, failing its
 * signature or secret check, or carrying an id that cannot be kept exactly. Nothing of the delivery
 * was stored.
 *
 * @since 0.1.0
 */
public final class DeliveryRejectedException extends ChannelException {
  private static final long serialVersionUID = 1L;

  /** Why a delivery was rejected. */
  public enum Reason {
    /** Not parseable as the platform's format (bad JSON, bad MIME, wrong shape). */
    MALFORMED,
    /** A field the platform always sends is missing or has the wrong type. */
    MISSING_FIELD,
    /** The signature or shared secret is missing or wrong. */
    BAD_SIGNATURE,
    /** An id would lose precision (a JSON number beyond 2^53, say). */
    LOSSY_ID
  }

  private final transient ChannelId channel;
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param channel the channel the delivery was meant for
   * @param reason the kind of rejection
   * @param detail what exactly is wrong (field names, never values that may be personal or secret)
   */
  public DeliveryRejectedException(ChannelId channel, Reason reason, String detail) {
    super(channel + ": " + Objects.requireNonNull(detail, "detail"));
    this.channel = Objects.requireNonNull(channel, "channel");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates the exception with a cause.
   *
   * @param channel the channel the delivery was meant for
   * @param reason the kind of rejection
   * @param detail what exactly is wrong
   * @param cause the parser's failure
   */
  public DeliveryRejectedException(ChannelId channel, Reason reason, String detail, Throwable cause) {
    super(channel + ": " + Objects.requireNonNull(detail, "detail"), cause);
    this.channel = Objects.requireNonNull(channel, "channel");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns the channel.
   *
   * @return the channel
   */
  public ChannelId channel() {
    return channel;
  }

  /**
   * Returns the kind of rejection.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
