package io.scrm.consent;

/**
 * A form submission lacks a field its purpose declares as required.
 *
 * @since 0.1.0
 */
public final class MissingFormFieldException extends ConsentException {
  private static final long serialVersionUID = 1L;
  private final String purpose;
  private final String field;

  /**
   * Creates the exception.
   *
   * @param purpose the purpose id
   * @param field the missing field's name
   */
  public MissingFormFieldException(String purpose, String field) {
    super("purpose '" + purpose + "' requires field '" + field + "'");
    this.purpose = purpose;
    this.field = field;
  }

  /**
   * Returns the purpose id.
   *
   * @return the purpose
   */
  public String purpose() {
    return purpose;
  }

  /**
   * Returns the missing field's name.
   *
   * @return the field name
   */
  public String field() {
    return field;
  }
}
