package io.scrm.core.routing;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Why a routing decision came out as it did: the winning rule and its matched conditions, the
 * candidates that lost and why, and the all-match rules that applied. Carries rule ids and condition
 * names only, never message text. Immutable and thread-safe.
 *
 * @param ruleId the winning first-match rule, or null if none matched (the default applied)
 * @param matched the conditions of the winning rule, all of which held
 * @param lost candidate rules that lost, at most {@link #MAX_LOSERS}
 * @param applied the all-match rules that applied, in order
 * @since 0.1.0
 */
public record Explanation(@Nullable String ruleId, List<Condition> matched, List<Loser> lost, List<String> applied) {

  /** The most losing candidates listed. */
  public static final int MAX_LOSERS = 10;

  /**
   * Copies the lists.
   *
   * @throws NullPointerException if a list is null
   */
  public Explanation {
    matched = List.copyOf(matched);
    lost = List.copyOf(lost);
    applied = List.copyOf(applied);
  }

  /**
   * A candidate rule that lost: either a condition failed, or it matched but a rule of higher rank won.
   *
   * @param ruleId the rule
   * @param failed the first condition that failed, or null if it matched
   * @param outrankedBy the winning rule that outranked it, or null if a condition failed
   * @since 0.1.0
   */
  public record Loser(String ruleId, @Nullable Condition failed, @Nullable String outrankedBy) {
    /**
     * Validates the loser.
     *
     * @throws IllegalArgumentException unless exactly one of failed and outrankedBy is given
     */
    public Loser {
      Objects.requireNonNull(ruleId, "ruleId");
      if ((failed == null) == (outrankedBy == null)) {
        throw new IllegalArgumentException("failed or outrankedBy must be given, not both");
      }
    }

    @Override
    public String toString() {
      return ruleId + (failed != null ? " failed " + failed : " outranked by " + outrankedBy);
    }
  }

  /**
   * Returns a one-line summary for audit trails, e.g. {@code rule lead-hausbau matched [CHANNEL,
   * KEYWORDS]; lost: r2 failed REGION; applied: [score-campaign]}.
   *
   * @return the summary
   */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(ruleId == null ? "no rule matched: default" : "rule " + ruleId + " matched " + matched);
    if (!lost.isEmpty()) {
      s.append("; lost: ").append(lost.stream().map(Loser::toString).collect(Collectors.joining(", ")));
    }
    if (!applied.isEmpty()) {
      s.append("; applied: ").append(applied);
    }
    return s.toString();
  }
}
