package io.scrm.core.process;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a command asks for, e.g. {@code TRIAGE} or {@code RESOLVE}. Immutable and thread-safe.
 *
 * <p>The constants are the commands of the default process; a host's process may declare its own.
 * A name is 1 to 64 characters of {@code A-Z}, {@code 0-9} and {@code _}.
 *
 * @param name the command's name
 * @since 0.1.0
 */
public record CommandKind(String name) {
  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  /** Understand and classify: set queue and priority. */
  public static final CommandKind TRIAGE = new CommandKind("TRIAGE");
  /** Give the case to an agent. */
  public static final CommandKind ASSIGN = new CommandKind("ASSIGN");
  /** Start working on it. */
  public static final CommandKind START = new CommandKind("START");
  /** Ask the customer something; optionally hand over to a private channel. */
  public static final CommandKind ASK_CUSTOMER = new CommandKind("ASK_CUSTOMER");
  /** The customer wrote (again). */
  public static final CommandKind CUSTOMER_REPLIED = new CommandKind("CUSTOMER_REPLIED");
  /** The matter is solved and the answer went out on the origin channel and thread. */
  public static final CommandKind RESOLVE = new CommandKind("RESOLVE");
  /** Done and documented. */
  public static final CommandKind CLOSE = new CommandKind("CLOSE");
  /** Open a resolved or recently closed case again. */
  public static final CommandKind REOPEN = new CommandKind("REOPEN");
  /** Raise the escalation level (and optionally the priority). */
  public static final CommandKind ESCALATE = new CommandKind("ESCALATE");
  /** Record a note; the state does not change. */
  public static final CommandKind NOTE = new CommandKind("NOTE");

  /**
   * Validates the name.
   *
   * @throws IllegalArgumentException if the name is not a valid command name
   */
  public CommandKind {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must match [A-Z][A-Z0-9_]{0,63}, was '" + name + "'");
    }
  }

  /**
   * Returns the command kind with the given name.
   *
   * @param name the name
   * @return the kind
   */
  public static CommandKind of(String name) {
    return new CommandKind(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
