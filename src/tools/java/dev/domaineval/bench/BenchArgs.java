package dev.domaineval.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code --name value} arguments of the benchmark's main classes, and their Spark session.
 *
 * @param values the arguments by name (without the dashes)
 */
record BenchArgs(Map<String, String> values) {

  /**
   * Parses {@code --name value} pairs, accepting only the given names; prints what is wrong and
   * returns null on a bad argument.
   */
  static BenchArgs parse(String[] args, List<String> names) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a.startsWith("--") ? a.substring(2) : null;
      if (name == null || !names.contains(name) || i + 1 >= args.length) {
        System.err.printf(
            "bench: unexpected argument '%s'%s. Use --name value with a name among %s.%n",
            a, name != null && names.contains(name) ? " without a value" : "", names);
        return null;
      }
      values.put(name, args[++i]);
    }
    return new BenchArgs(values);
  }

  String string(String name, String otherwise) {
    String v = values.get(name);
    if (v == null && otherwise == null) {
      throw new IllegalArgumentException("Missing argument --" + name + ".");
    }
    return v == null ? otherwise : v;
  }

  Path path(String name, String otherwise) {
    return Path.of(string(name, otherwise));
  }

  long longValue(String name, long otherwise) {
    String v = values.get(name);
    if (v == null) {
      return otherwise;
    }
    try {
      return Long.parseLong(v.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid --" + name + " '" + v + "': expected a whole number such as 1000000.");
    }
  }

  int intValue(String name, int otherwise) {
    long v = longValue(name, otherwise);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Invalid --" + name + " " + v + ": too large.");
    }
    return (int) v;
  }

  long seed() {
    return longValue("seed", 42);
  }

  /**
   * A session as the job makes it: the master of spark-submit (or of {@code -Dspark.master}), else
   * local[*]; adaptive execution on.
   */
  static SparkSession session(String appName) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    if (!new SparkConf().contains("spark.master")) {
      b = b.master("local[*]");
    }
    return b.config("spark.sql.adaptive.enabled", "true").getOrCreate();
  }
}
