package io.scrm.core.routing;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An agent who can be assigned work: sales advisor, account manager or service agent. Immutable and
 * thread-safe.
 *
 * @param id the agent's id (never a name)
 * @param skills topics the agent can help with, lower case
 * @param capacity the most open items the agent holds at once, at least 1
 * @since 0.1.0
 */
public record Agent(String id, Set<String> skills, int capacity) {

  /**
   * Validates the agent.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public Agent {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    skills = Objects.requireNonNull(skills, "skills").stream()
        .map(s -> Objects.requireNonNull(s, "skills").toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
  }
}
