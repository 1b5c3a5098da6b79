package io.scrm.core.listening;

import java.util.List;
import java.util.Objects;

/**
 * A post matched a monitor. Immutable and thread-safe.
 *
 * @param monitor the monitor's name
 * @param terms the monitor's terms found in the post, as configured
 * @param tags the monitor's tags
 * @since 0.1.0
 */
public record MonitorMatch(String monitor, List<String> terms, List<String> tags) {

  /** Copies the lists. */
  public MonitorMatch {
    Objects.requireNonNull(monitor, "monitor");
    terms = List.copyOf(terms);
    tags = List.copyOf(tags);
  }
}
