package dev.domaineval.config;

import java.util.Map;

/**
 * Section {@code spark}: settings of the session the job creates.
 *
 * @param master the master used when spark-submit gave none
 * @param appName the application name
 * @param conf extra Spark settings, keys joined with dots
 */
record SparkSection(String master, String appName, Map<String, String> conf) {
  SparkSection {
    conf = Map.copyOf(conf);
  }

  static SparkSection read(Settings settings) {
    return new SparkSection(
        settings.string("spark.master"),
        settings.string("spark.app-name"),
        settings.flatStrings("spark.conf"));
  }
}
