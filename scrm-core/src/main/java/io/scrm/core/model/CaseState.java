package io.scrm.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The state of a case in its process. Immutable and thread-safe.
 *
 * <p>Processes are data, so a host may declare states of its own; the constants are the states of
 * the default process. A name is 1 to 64 characters of {@code A-Z}, {@code 0-9} and {@code _}.
 *
 * @param name the state's name
 * @since 0.1.0
 */
public record CaseState(@JsonValue String name) {
  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  /** Captured, nobody has looked at it yet. */
  public static final CaseState NEW = new CaseState("NEW");
  /** Understood and classified; queue and priority set. */
  public static final CaseState TRIAGED = new CaseState("TRIAGED");
  /** Someone is working on it. */
  public static final CaseState IN_PROGRESS = new CaseState("IN_PROGRESS");
  /** We asked the customer and wait for the answer; SLA clocks pause. */
  public static final CaseState WAITING_ON_CUSTOMER = new CaseState("WAITING_ON_CUSTOMER");
  /** Answered on the origin channel; the customer may still come back. */
  public static final CaseState RESOLVED = new CaseState("RESOLVED");
  /** Done and documented. */
  public static final CaseState CLOSED = new CaseState("CLOSED");
  /** The customer came back after resolution. */
  public static final CaseState REOPENED = new CaseState("REOPENED");

  /**
   * Validates the name.
   *
   * @throws IllegalArgumentException if the name is not a valid state name
   */
  @JsonCreator
  public CaseState {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must match [A-Z][A-Z0-9_]{0,63}, was '" + name + "'");
    }
  }

  /**
   * Returns the state with the given name.
   *
   * @param name the name
   * @return the state
   */
  public static CaseState of(String name) {
    return new CaseState(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
