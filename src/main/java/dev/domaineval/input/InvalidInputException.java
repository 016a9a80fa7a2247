package dev.domaineval.input;

/**
 * An input table cannot be used as configured: a missing path, column or value, a wrong type,
 * duplicate keys. The message names the table, the column, what was expected and found, and how to
 * fix it. The job exits with code 2.
 */
public final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
