package io.scrm.core.model;

import io.scrm.core.internal.Require;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One marketing touch of a lead: the campaign code and UTM parameters read from a link in a message
 * or given by the host's landing page. Immutable and thread-safe.
 *
 * @param campaign the campaign code ({@code utm_campaign} or the host's code), if any
 * @param source {@code utm_source}, if any
 * @param medium {@code utm_medium}, if any
 * @param content {@code utm_content}, if any
 * @param term {@code utm_term}, if any
 * @param channel the channel the touch came in on, if known
 * @param at when the touch happened
 * @since 0.1.0
 */
public record CampaignTouch(
    @Nullable String campaign,
    @Nullable String source,
    @Nullable String medium,
    @Nullable String content,
    @Nullable String term,
    @Nullable ChannelId channel,
    Instant at) {

  /**
   * Validates the touch.
   *
   * @throws IllegalArgumentException naming the field that is invalid, or if no campaign or source is given
   */
  public CampaignTouch {
    Require.optionalText(campaign, "campaign");
    Require.optionalText(source, "source");
    Require.optionalText(medium, "medium");
    Require.optionalText(content, "content");
    Require.optionalText(term, "term");
    Objects.requireNonNull(at, "at");
    if (campaign == null && source == null) {
      throw new IllegalArgumentException("campaign or source must be given");
    }
  }
}
