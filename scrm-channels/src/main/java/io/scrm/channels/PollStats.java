package io.scrm.channels;

/**
 * What an {@link Intake} did on its polled channels, in one round or since it was built. Immutable.
 *
 * @param polls polls the platforms answered (one per page read)
 * @param failedPolls polls that failed (platform or network, a rate limit) and cursors that could not
 *     be read or saved; the channel's next poll is put off and starts again from its stored cursor
 * @param created interactions stored for the first time
 * @param edited known interactions whose text the platform changed
 * @param duplicates interactions that were already stored (read again after a failure or by another
 *     instance) and were not stored twice
 * @param skipped items the adapter skipped deliberately (receipts, the account's own messages)
 * @param notIngested interactions, or deletions of them, the engine could not store; the round
 *     stopped there without moving the cursor, so they are read again with the next poll
 * @param abandoned interactions the engine refused in too many rounds in a row, and deletions it
 *     refused, given up so that the channel goes on (see {@link Intake#abandoned()})
 * @param deleted stored messages whose deletion on the platform a poll recorded ({@link
 *     PollResult#deletions()}); a deletion of a message not stored yet, which the engine records
 *     when the message arrives, is not among them
 * @since 0.1.0
 */
public record PollStats(long polls, long failedPolls, long created, long edited, long duplicates, long skipped,
    long notIngested, long abandoned, long deleted) {

  /** Nothing done. */
  public static final PollStats NONE = new PollStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public PollStats {
    if (polls < 0 || failedPolls < 0 || created < 0 || edited < 0 || duplicates < 0 || skipped < 0
        || notIngested < 0 || abandoned < 0 || deleted < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /**
   * Adds two tallies.
   *
   * @param other the other tally
   * @return the sum
   */
  public PollStats plus(PollStats other) {
    return new PollStats(polls + other.polls, failedPolls + other.failedPolls, created + other.created,
        edited + other.edited, duplicates + other.duplicates, skipped + other.skipped,
        notIngested + other.notIngested, abandoned + other.abandoned, deleted + other.deleted);
  }
}
