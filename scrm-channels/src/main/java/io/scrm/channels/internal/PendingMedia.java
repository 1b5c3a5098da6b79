package io.scrm.channels.internal;

import io.scrm.core.model.OutboundMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The media an attempt uploaded that the platform was still processing, by the message's
 * idempotency key, so that the next attempt asks after them instead of fetching and uploading the
 * files again (Mastodon, X). Holds media ids only, never files or text; the oldest entries go first
 * when it is full, and an entry is used only while the platform still keeps unattached media.
 * Thread-safe.
 */
public final class PendingMedia {
  private record Uploaded(List<String> mediaIds, Instant at) {}

  private final Map<String, Uploaded> byKey;
  private final Clock clock;
  private final Duration usable;

  /**
   * Creates the store.
   *
   * @param clock the adapter's clock
   * @param usable how long uploaded media may be used again: well within the time the platform keeps
   *     them unattached
   * @param max how many messages' media are kept at most
   */
  public PendingMedia(Clock clock, Duration usable, int max) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.usable = Objects.requireNonNull(usable, "usable");
    this.byKey = AdapterCore.recentlyUsed(max);
  }

  /**
   * Keeps the media of a message whose attempt left them processing.
   *
   * @param message the message
   * @param mediaIds its media ids, in the order of its files
   */
  public void keep(OutboundMessage message, List<String> mediaIds) {
    Uploaded uploaded = new Uploaded(List.copyOf(mediaIds), clock.instant());
    synchronized (byKey) {
      byKey.put(message.idempotencyKey(), uploaded);
    }
  }

  /**
   * Returns the media an earlier attempt of this message uploaded, if there are as many as it has
   * files and they are recent enough to use.
   *
   * @param message the message
   * @return the media ids in the order of its files, or null to upload them
   */
  public @Nullable List<String> of(OutboundMessage message) {
    Uploaded before;
    synchronized (byKey) {
      before = byKey.get(message.idempotencyKey());
    }
    if (before == null || before.mediaIds().size() != message.attachments().size()
        || before.at().plus(usable).isBefore(clock.instant())) {
      return null;
    }
    return before.mediaIds();
  }

  /**
   * Forgets a message's media once it went out with them.
   *
   * @param message the message
   */
  public void sent(OutboundMessage message) {
    synchronized (byKey) {
      byKey.remove(message.idempotencyKey());
    }
  }
}
