package io.scrm.consent;

/**
 * A purpose id that is not registered in {@link Purposes} was used.
 *
 * @since 0.1.0
 */
public final class UnknownPurposeException extends ConsentException {
  private static final long serialVersionUID = 1L;
  private final String purpose;

  /**
   * Creates the exception.
   *
   * @param purpose the unknown purpose id
   */
  public UnknownPurposeException(String purpose) {
    super("unknown purpose '" + purpose + "'");
    this.purpose = purpose;
  }

  /**
   * Returns the unknown purpose id.
   *
   * @return the id
   */
  public String purpose() {
    return purpose;
  }
}
