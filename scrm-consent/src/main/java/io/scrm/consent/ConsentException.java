package io.scrm.consent;

import io.scrm.core.ScrmException;

/**
 * The root of the exceptions of the consent module. Concrete subclasses carry typed fields naming
 * what went wrong, never personal data.
 *
 * @since 0.1.0
 */
public abstract class ConsentException extends ScrmException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming ids only
   */
  protected ConsentException(String message) {
    super(message);
  }
}
