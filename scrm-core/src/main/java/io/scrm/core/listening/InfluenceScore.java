package io.scrm.core.listening;

import java.util.Map;
import java.util.Objects;

/**
 * A documented score of how far a person's posts reach, from the figures the channel reports for
 * their identity ({@link io.scrm.core.model.Identity#signals()}). Stateless and thread-safe.
 *
 * <p>{@code score = min(60, 10 × log10(1 + followers)) + min(40, 10 × log10(1 + engagement))}, where
 * {@code engagement = (2 × reposts + replies + likes / 2) / max(1, posts)} over the posts the channel
 * reported. So 1,000 followers give 30 points, a million give 60; an average of 10 reposts per post
 * adds about 13. The result lies in [0, 100]. Missing figures count as 0.
 *
 * @since 0.1.0
 */
public final class InfluenceScore {
  /** Signal key: followers of the account. */
  public static final String FOLLOWERS = "followers";
  /** Signal key: reposts (boosts, retweets, shares) of the counted posts. */
  public static final String REPOSTS = "reposts";
  /** Signal key: replies to the counted posts. */
  public static final String REPLIES = "replies";
  /** Signal key: likes (favourites) of the counted posts. */
  public static final String LIKES = "likes";
  /** Signal key: how many posts the engagement figures cover. */
  public static final String POSTS = "posts";

  private InfluenceScore() {}

  /**
   * Computes the score.
   *
   * @param signals the identity's reported figures
   * @return the score in [0, 100]
   */
  public static double of(Map<String, Long> signals) {
    Objects.requireNonNull(signals, "signals");
    double followers = Math.max(0, signals.getOrDefault(FOLLOWERS, 0L));
    double engagement = (2.0 * Math.max(0, signals.getOrDefault(REPOSTS, 0L))
        + Math.max(0, signals.getOrDefault(REPLIES, 0L)) + Math.max(0, signals.getOrDefault(LIKES, 0L)) / 2.0)
        / Math.max(1, signals.getOrDefault(POSTS, 0L));
    return Math.min(60, 10 * Math.log10(1 + followers)) + Math.min(40, 10 * Math.log10(1 + engagement));
  }
}
