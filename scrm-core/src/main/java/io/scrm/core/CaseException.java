package io.scrm.core;

/**
 * A case operation failed. Nothing was changed.
 *
 * @since 0.1.0
 */
public abstract class CaseException extends ScrmException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming ids only
   */
  protected CaseException(String message) {
    super(message);
  }
}
