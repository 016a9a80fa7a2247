package dev.domaineval.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The merged, resolved settings of one job (command line over job file over reference.conf), read
 * key by key by the section readers.
 *
 * <p>A read never throws: a value of the wrong type is reported to {@link Problems} and replaced by
 * a neutral value (empty, zero, false), so that every section is still read and every problem of
 * the file is reported at once. A neutral value never reaches a {@link JobConfig}: the loader
 * builds none when there is a problem.
 */
final class Settings {
  private final Config merged;
  private final Problems problems;

  Settings(Config merged, Problems problems) {
    this.merged = merged;
    this.problems = problems;
  }

  Config config() {
    return merged;
  }

  Problems problems() {
    return problems;
  }

  /**
   * Runs {@code reader}; when it cannot read the value at {@code path} at all, reports the
   * library's message and returns {@code neutral}. checkValid accepts null for any key, but a null
   * list, object or number cannot be read.
   */
  <T> T read(String path, T neutral, Supplier<T> reader) {
    try {
      return reader.get();
    } catch (ConfigException e) {
      problems.unreadable(nullAncestor(path), e);
      return neutral;
    }
  }

  /** The key set to null that {@code path} is, or is under; {@code path} itself when none is. */
  private String nullAncestor(String path) {
    List<String> parts = ConfigUtil.splitPath(path);
    for (int i = 1; i <= parts.size(); i++) {
      String key = ConfigUtil.joinPath(parts.subList(0, i));
      if (merged.hasPathOrNull(key) && !merged.hasPath(key)) {
        return key;
      }
    }
    return path;
  }

  String string(String path) {
    return read(
        path,
        "",
        () -> {
          try {
            return merged.getString(path).trim();
          } catch (ConfigException e) {
            invalid(path, "expected a string");
            return "";
          }
        });
  }

  /** A number in [0, 1]. */
  double fraction(String path) {
    return read(
        path,
        0.0,
        () -> {
          try {
            double v = merged.getDouble(path);
            if (v < 0 || v > 1) {
              invalid(
                  path, "expected a number in [0, 1], got " + v + ". Use a fraction such as 0.05");
            }
            return v;
          } catch (ConfigException e) {
            invalid(path, "expected a number in [0, 1], got " + merged.getValue(path).render());
            return 0.0;
          }
        });
  }

  boolean bool(String path) {
    return read(
        path,
        false,
        () -> {
          try {
            return merged.getBoolean(path);
          } catch (ConfigException e) {
            invalid(path, "expected true or false, got " + merged.getValue(path).render());
            return false;
          }
        });
  }

  int integer(String path) {
    return read(
        path,
        0,
        () -> {
          try {
            return merged.getInt(path);
          } catch (ConfigException e) {
            invalid(path, "expected a whole number, got " + merged.getValue(path).render());
            return 0;
          }
        });
  }

  /** A HOCON duration such as 10m or 30s. */
  java.time.Duration duration(String path) {
    return read(
        path,
        java.time.Duration.ZERO,
        () -> {
          try {
            return merged.getDuration(path);
          } catch (ConfigException e) {
            invalid(
                path,
                "expected a duration such as 10m or 30s, got " + merged.getValue(path).render());
            return java.time.Duration.ZERO;
          }
        });
  }

  long longInteger(String path) {
    return read(
        path,
        0L,
        () -> {
          try {
            return merged.getLong(path);
          } catch (ConfigException e) {
            invalid(path, "expected a whole number, got " + merged.getValue(path).render());
            return 0L;
          }
        });
  }

  /** A list of strings, each trimmed. */
  List<String> stringList(String path) {
    return read(
        path,
        List.of(),
        () -> {
          try {
            return merged.getStringList(path).stream().map(String::trim).toList();
          } catch (ConfigException e) {
            invalid(path, "expected a list of strings such as [ft-v1, ft-v2]");
            return List.of();
          }
        });
  }

  /** A free-form object of scalars (reader options, Spark settings), keys joined with dots. */
  Map<String, String> flatStrings(String path) {
    Map<String, String> out = new TreeMap<>();
    Config sub = read(path, null, () -> merged.getConfig(path));
    if (sub == null) {
      return out;
    }
    for (Map.Entry<String, ConfigValue> e : sub.entrySet()) {
      String key = String.join(".", ConfigUtil.splitPath(e.getKey()));
      Object raw = e.getValue().unwrapped();
      if (raw instanceof List || raw instanceof Map) {
        invalid(path + "." + e.getKey(), "expected a string, number or boolean");
      } else {
        out.put(key, String.valueOf(raw));
      }
    }
    return out;
  }

  /**
   * An optional string of an entry of a list or free-form object ({@code where} names the entry in
   * messages, {@code origin} is the entry's): null when absent or blank.
   */
  String optString(Config entry, String key, String where, String origin) {
    if (!entry.hasPath(key)) {
      return null;
    }
    try {
      String v = entry.getString(key).trim();
      return v.isEmpty() ? null : v;
    } catch (ConfigException e) {
      problems.invalid(where + "." + key, origin, "expected a string");
      return null;
    }
  }

  /** A list of strings of an entry, each trimmed: null when it is not one. */
  List<String> optStringList(Config entry, String key, String where, String origin) {
    try {
      return entry.getStringList(key).stream().map(String::trim).toList();
    } catch (ConfigException e) {
      problems.invalid(where + "." + key, origin, "expected a list of strings such as [a, b]");
      return null;
    }
  }

  /** Reports a problem with the value at {@code path}, named with the place it was set. */
  void invalid(String path, String what) {
    String origin;
    try {
      origin = origin(path);
    } catch (ConfigException e) {
      // A null value has no origin to name; the library's message names it instead.
      problems.unreadable(path, e);
      return;
    }
    problems.invalid(path, origin, what);
  }

  /** The file and line of the value at {@code path}, "default", or "not set". */
  String origin(String path) {
    String origin =
        merged.hasPathOrNull(path) ? merged.getValue(path).origin().description() : "not set";
    if (origin.startsWith("reference.conf") || origin.contains("reference.conf @")) {
      origin = "default";
    }
    return origin;
  }
}
