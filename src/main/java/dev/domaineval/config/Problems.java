package dev.domaineval.config;

import com.typesafe.config.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The problems of one job configuration, in the order they were found: every section reports here
 * instead of stopping, and the loader throws one {@link InvalidConfigException} listing them all.
 *
 * <p>Each problem names its key, where the value was set ({@code value.origin().description()}:
 * file and line, the {@code --set} argument, or "default") and how to fix it. A key whose value
 * cannot be read at all (a wrong type, null, an unresolved substitution) is reported once: later
 * problems on that key or below it would only repeat it with a neutral stand-in value.
 */
final class Problems {
  private final List<String> messages = new ArrayList<>();
  private final Set<String> unreadable = new HashSet<>();

  /** Adds a message that already names its key, origin and fix. */
  void add(String key, String message) {
    if (!isUnderUnreadable(key)) {
      messages.add(message);
    }
  }

  /** {@code Invalid '<key>' (<origin>): <what and how to fix it>.} */
  void invalid(String key, String origin, String what) {
    add(key, String.format("Invalid '%s' (%s): %s.", key, origin, what));
  }

  /** {@code Unknown key '<key>' (<origin>).<advice>}, the advice starting with a space. */
  void unknown(String key, String origin, String advice) {
    add(key, String.format("Unknown key '%s' (%s).%s", key, origin, advice));
  }

  /**
   * A value that cannot be read as the type its key takes; the library's message names the key, the
   * file and the line.
   */
  void unreadable(String key, ConfigException e) {
    unreadable(
        key, e.getMessage() + ". Remove the key to use its default, or set a value of its type.");
  }

  /** A problem that makes every other problem on {@code key} or below it a repetition. */
  void unreadable(String key, String message) {
    add(key, message);
    unreadable.add(key);
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  /** Throws one exception listing every problem found so far, if there is any. */
  void throwIfAny() {
    if (!messages.isEmpty()) {
      throw new InvalidConfigException(messages);
    }
  }

  private boolean isUnderUnreadable(String key) {
    for (String u : unreadable) {
      if (key.equals(u) || key.startsWith(u + ".") || key.startsWith(u + "[")) {
        return true;
      }
    }
    return false;
  }
}
