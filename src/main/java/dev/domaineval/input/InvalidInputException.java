package dev.domaineval.input;

import dev.domaineval.config.Secrets;

/**
 * An input table cannot be used as configured: a missing path, column or value, a wrong type,
 * duplicate keys. The message names the table, the column, what was expected and found, and how to
 * fix it. The job exits with code 2. The message is masked ({@link Secrets#maskText}): it names
 * paths, which may carry a password.
 */
public final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(Secrets.maskText(message));
  }

  public InvalidInputException(String message, Throwable cause) {
    super(Secrets.maskText(message), cause);
  }
}
