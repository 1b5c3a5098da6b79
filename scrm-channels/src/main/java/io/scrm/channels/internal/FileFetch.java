package io.scrm.channels.internal;

import io.scrm.channels.AttachmentFile;
import io.scrm.channels.AttachmentSource;
import io.scrm.channels.AttachmentUnavailableException;
import io.scrm.channels.SendResult;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.OutboundMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the files of one outbound message from an {@link AttachmentSource}, for the adapters
 * whose platforms take a file's bytes (e-mail, Mastodon). All files are fetched before the platform
 * is asked anything, so a file that cannot be had never leaves a message half sent, and within a
 * time that keeps the send inside the dispatcher's lease. Reasons name a file by its position, never
 * by its reference (a URL may carry a token); the words of a host's own source stay out of them.
 * Immutable and thread-safe.
 */
public final class FileFetch {
  private static final Logger LOG = LoggerFactory.getLogger(FileFetch.class);
  /** The highest byte limit a host may set, and the most a message's files have together: they are held in memory. */
  public static final long MAX_BYTES = 1L << 30;

  private final AttachmentSource source;
  private final boolean hostSource;
  private final long maxBytesEach;
  /** The most bytes a file may have by what the message says of it; at most {@link #maxBytesEach}. */
  private final ToLongFunction<Attachment> maxBytesOf;
  private final long maxBytesTogether;
  private final Duration maxTime;

  /**
   * Creates the fetcher.
   *
   * @param source where the bytes come from; the texts of one that is not the library's own (an
   *     {@link OwnSource}) may quote a reference, so its refusals and failures are reported in fixed
   *     words
   * @param maxBytesEach the most bytes one file may have
   * @param maxBytesTogether the most bytes the files of one message may have together
   * @param maxTime how long the files of one message may take together
   */
  public FileFetch(AttachmentSource source, long maxBytesEach, long maxBytesTogether, Duration maxTime) {
    this(source, maxBytesEach, attachment -> maxBytesEach, maxBytesTogether, maxTime);
  }

  /**
   * Creates the fetcher with a limit per file by what the message declares of it (a platform that
   * takes smaller photos than videos), so that a large file is refused once that much has come.
   *
   * @param source where the bytes come from (see the other constructor)
   * @param maxBytesEach the most bytes any file may have
   * @param maxBytesOf the most bytes a file may have by its attachment (its kind, its declared media
   *     type); capped at {@code maxBytesEach}
   * @param maxBytesTogether the most bytes the files of one message may have together
   * @param maxTime how long the files of one message may take together
   */
  public FileFetch(AttachmentSource source, long maxBytesEach, ToLongFunction<Attachment> maxBytesOf,
      long maxBytesTogether, Duration maxTime) {
    this.source = Objects.requireNonNull(source, "source");
    this.hostSource = !(source instanceof OwnSource);
    this.maxBytesEach = maxBytesEach;
    this.maxBytesOf = Objects.requireNonNull(maxBytesOf, "maxBytesOf");
    this.maxBytesTogether = maxBytesTogether;
    this.maxTime = Objects.requireNonNull(maxTime, "maxTime");
  }

  /**
   * Checks a byte limit a host sets on an adapter's builder.
   *
   * @param value the limit
   * @param field its name, for the message
   * @return the limit
   * @throws IllegalArgumentException if it is not 1 byte to 1 GiB (files are held in memory until
   *     they are sent)
   */
  public static long maxBytes(long value, String field) {
    if (value < 1 || value > MAX_BYTES) {
      throw new IllegalArgumentException(field + " must be 1 to " + MAX_BYTES + ", was " + value);
    }
    return value;
  }

  /**
   * Says why the source can never give a file, in words fit for a reason.
   *
   * @param file a file of a message about to be queued
   * @return why, or null if the source may give it
   */
  public @Nullable String refusal(Attachment file) {
    String unfit = source.refusal(file);
    if (unfit == null) {
      return null;
    }
    return hostSource ? "refused by the attachment source" : unfit;
  }

  /** The files of a message, or the failure to report instead of sending. */
  public static final class Fetched {
    private final List<AttachmentFile> files;
    private final @Nullable SendResult failure;

    private Fetched(List<AttachmentFile> files, @Nullable SendResult failure) {
      this.files = files;
      this.failure = failure;
    }

    /**
     * Returns the files, in the order of the message's attachments.
     *
     * @return the files; empty after a failure
     */
    public List<AttachmentFile> files() {
      return files;
    }

    /**
     * Returns the failure to report, if a file could not be had.
     *
     * @return a retryable or permanent failure, or null
     */
    public @Nullable SendResult failure() {
      return failure;
    }
  }

  /**
   * Fetches every file of a message, in order.
   *
   * @param message the message
   * @return the files, or the failure: retryable if a file cannot be had now or the time ran out,
   *     permanent if it never can or is too large
   */
  public Fetched fetchAll(OutboundMessage message) {
    List<Attachment> attachments = message.attachments();
    List<AttachmentFile> files = new ArrayList<>(attachments.size());
    long left = maxBytesTogether;
    long deadline = System.nanoTime() + maxTime.toNanos();
    for (int i = 0; i < attachments.size(); i++) {
      Attachment attachment = attachments.get(i);
      long timeLeft = deadline - System.nanoTime();
      if (timeLeft <= 0) {
        return failed(SendResult.retryable("the attachments took longer than " + maxTime + " to fetch", null));
      }
      long each = Math.min(maxBytesEach, maxBytesOf.applyAsLong(attachment));
      long limit = Math.min(left, each);
      AttachmentFile file;
      try {
        file = source.fetch(attachment, limit, Duration.ofNanos(timeLeft));
      } catch (AttachmentUnavailableException e) {
        LOG.debug("outbound {}: attachment {} unavailable (retryable: {})", message.id(), i + 1, e.isRetryable());
        String reason = "attachment " + (i + 1) + " could not be fetched: " + detail(e, attachment);
        return failed(e.isRetryable() ? SendResult.retryable(reason, null) : SendResult.permanent(reason));
      }
      if (file.size() > each) {
        return failed(SendResult.permanent("attachment " + (i + 1) + " has more than " + each + " bytes"));
      }
      if (file.size() > left) {
        return failed(SendResult.permanent("attachment " + (i + 1) + ": the attachments have more than "
            + maxBytesTogether + " bytes together"));
      }
      left -= file.size();
      files.add(file);
    }
    if (!files.isEmpty()) {
      LOG.debug("outbound {}: {} attachments fetched, {} bytes", message.id(), files.size(), maxBytesTogether - left);
    }
    return new Fetched(List.copyOf(files), null);
  }

  private String detail(AttachmentUnavailableException e, Attachment attachment) {
    if (hostSource || e.detail().contains(attachment.reference())) {
      return "unavailable";
    }
    return e.detail();
  }

  private static Fetched failed(SendResult failure) {
    return new Fetched(List.of(), failure);
  }
}
