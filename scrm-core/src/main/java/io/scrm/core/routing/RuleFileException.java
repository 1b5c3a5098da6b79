package io.scrm.core.routing;

import org.jspecify.annotations.Nullable;

/**
 * A rule file could not be loaded: it is not JSON, or a rule in it is invalid. Names the file, the
 * rule and the field; nothing of the file was loaded. Immutable.
 *
 * @since 0.1.0
 */
public final class RuleFileException extends RoutingException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final @Nullable String ruleId;
  private final @Nullable String field;

  /**
   * Creates the exception.
   *
   * @param file the file name
   * @param ruleId the id of the bad rule, or null if the file as a whole is bad
   * @param field the bad field, or null
   * @param problem what is wrong
   * @param cause the cause, or null
   */
  public RuleFileException(String file, @Nullable String ruleId, @Nullable String field, String problem,
      @Nullable Throwable cause) {
    super("rule file " + file + (ruleId == null ? "" : ", rule " + ruleId) + (field == null ? "" : ", field " + field)
        + ": " + problem, cause == null ? new IllegalArgumentException(problem) : cause);
    this.file = file;
    this.ruleId = ruleId;
    this.field = field;
  }

  /**
   * Returns the file name.
   *
   * @return the file
   */
  public String file() {
    return file;
  }

  /**
   * Returns the id of the bad rule.
   *
   * @return the rule id, or null if the file as a whole is bad
   */
  public @Nullable String ruleId() {
    return ruleId;
  }

  /**
   * Returns the bad field.
   *
   * @return the field name, or null
   */
  public @Nullable String field() {
    return field;
  }
}
