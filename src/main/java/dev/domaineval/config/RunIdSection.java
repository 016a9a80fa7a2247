package dev.domaineval.config;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/** Key {@code run-id}: names this run's partition of every output table. */
final class RunIdSection {
  /** A run id is a directory name: letters, digits, '.', '_' and '-', at most 128. */
  static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private RunIdSection() {}

  /** The configured run id, or when empty a UTC timestamp such as 20261127T183000Z. */
  static String read(Settings settings, Clock clock) {
    String runId = settings.string("run-id");
    if (runId.isEmpty()) {
      return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
          .format(clock.instant().atOffset(ZoneOffset.UTC));
    }
    if (!PATTERN.matcher(runId).matches()) {
      settings.invalid(
          "run-id",
          "expected letters, digits, '.', '_' or '-' (at most 128, starting with a letter or"
              + " digit), got \""
              + runId
              + "\". It names a directory; from Airflow use {{ ds }} or {{ ts_nodash }}");
    }
    return runId;
  }
}
