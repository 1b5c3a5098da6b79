package io.scrm.core.routing;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A queue of work served by a team of agents. Immutable and thread-safe.
 *
 * @param name the queue or team name that rules route to
 * @param members the agent ids, in the order that breaks ties
 * @param strategy how an agent is picked
 * @param widenSkillsAfter after how long a waiting item may go to an agent without the required skills
 * @since 0.1.0
 */
public record Team(String name, List<String> members, AssignmentStrategy strategy, Duration widenSkillsAfter) {

  /**
   * Validates the team.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public Team {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    members = List.copyOf(members);
    if (new LinkedHashSet<>(members).size() != members.size()) {
      throw new IllegalArgumentException("members must not contain duplicates");
    }
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(widenSkillsAfter, "widenSkillsAfter");
    if (widenSkillsAfter.isNegative()) {
      throw new IllegalArgumentException("widenSkillsAfter must not be negative");
    }
  }

  /**
   * Returns a round-robin team that widens skills after 15 minutes.
   *
   * @param name the name
   * @param members the agent ids
   * @return the team
   */
  public static Team roundRobin(String name, String... members) {
    return new Team(name, List.of(members), AssignmentStrategy.ROUND_ROBIN, Duration.ofMinutes(15));
  }

  /**
   * Returns a least-loaded team that widens skills after 15 minutes.
   *
   * @param name the name
   * @param members the agent ids
   * @return the team
   */
  public static Team leastLoaded(String name, String... members) {
    return new Team(name, List.of(members), AssignmentStrategy.LEAST_LOADED, Duration.ofMinutes(15));
  }
}
