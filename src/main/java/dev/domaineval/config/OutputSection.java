package dev.domaineval.config;

import java.time.Duration;

/** Section {@code output}: the root of the output tables. */
final class OutputSection {
  private static final Duration MIN_LEASE = Duration.ofSeconds(10);
  private static final Duration MAX_LEASE = Duration.ofHours(24);

  private OutputSection() {}

  /** {@code output.path}: any Hadoop path. */
  static String read(Settings settings) {
    String output = settings.string("output.path");
    if (output.isBlank()) {
      settings.invalid(
          "output.path",
          "no output path is set. Set it to a directory (local, hdfs:// or s3a://), e.g."
              + " output.path = \"/data/domain-eval\"");
    }
    return output;
  }

  /** {@code output.lease-timeout}: when a crashed attempt's lease may be taken over. */
  static Duration leaseTimeout(Settings settings) {
    Duration timeout = settings.duration("output.lease-timeout");
    if (timeout.compareTo(MIN_LEASE) < 0 || timeout.compareTo(MAX_LEASE) > 0) {
      settings.invalid(
          "output.lease-timeout",
          "expected a duration from 10s to 24h, got "
              + timeout
              + ". It is how long a crashed attempt blocks the next one; e.g. 10m");
    }
    return timeout;
  }
}
