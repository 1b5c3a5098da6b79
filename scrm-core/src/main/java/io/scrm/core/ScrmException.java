package io.scrm.core;

/**
 * The root of every exception scrm throws for a failed operation (as opposed to a caller's mistake,
 * which is an {@link IllegalArgumentException}, {@link IllegalStateException} or {@link
 * NullPointerException}). Each area has an abstract subclass; concrete exceptions carry typed fields
 * naming what went wrong.
 *
 * @since 0.1.0
 */
public abstract class ScrmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming ids but never personal data
   */
  protected ScrmException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong, naming ids but never personal data
   * @param cause the underlying failure
   */
  protected ScrmException(String message, Throwable cause) {
    super(message, cause);
  }
}
