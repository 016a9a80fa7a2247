package dev.domaineval.input;

import dev.domaineval.config.InputSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The options an input table is read with: the user's {@code input.<table>.options}, over the job's
 * defaults for the format, with the options that would skip files silently forced off.
 *
 * <p>CSV is read as RFC 4180 by default ({@code multiLine = true}, {@code quote = "}, {@code escape
 * = "}): a quoted value may hold line breaks and a quote is escaped by doubling it. Spark's own
 * defaults read a quoted line break as the end of a record and a backslash as the escape, which
 * turns such a file into more rows than it has records. The user's options win, compared without
 * case as Spark compares them.
 *
 * <p>{@code ignoreCorruptFiles} and {@code ignoreMissingFiles} are always {@code false}, as reader
 * options (which take precedence over the session's {@code spark.sql.files.*} settings for that
 * read) and, set by the job, on the session: a file that cannot be read stops the run rather than
 * being left out of the counts.
 */
public final class ReaderOptions {
  private static final Logger LOG = LoggerFactory.getLogger(ReaderOptions.class);

  /** The defaults for csv, under the user's options. */
  static final Map<String, String> CSV_DEFAULTS = csvDefaults();

  /** Reader options that are always false. */
  static final List<String> FORCED_OFF = List.of("ignoreCorruptFiles", "ignoreMissingFiles");

  private ReaderOptions() {}

  private static Map<String, String> csvDefaults() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("multiLine", "true");
    m.put("quote", "\"");
    m.put("escape", "\"");
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The options to read {@code spec} with (see the class comment). */
  static Map<String, String> of(InputSpec spec) {
    Map<String, String> options = new LinkedHashMap<>();
    if (spec.format().equals("csv")) {
      CSV_DEFAULTS.forEach(
          (key, value) -> {
            if (spec.option(key).isEmpty()) {
              options.put(key, value);
            }
          });
    }
    for (Map.Entry<String, String> e : spec.options().entrySet()) {
      if (!isForcedOff(e.getKey())) {
        options.put(e.getKey(), e.getValue());
      } else if (!e.getValue().trim().equalsIgnoreCase("false")) {
        LOG.warn(
            "input.{}.options.{} = {} is not applied: the job never skips a file silently (a file"
                + " that cannot be read stops the run naming it)",
            spec.table(),
            e.getKey(),
            e.getValue());
      }
    }
    FORCED_OFF.forEach(key -> options.put(key, "false"));
    if (spec.encoding().isPresent() && !List.of("csv", "json").contains(spec.format())) {
      LOG.warn(
          "input.{}.options.encoding = {} has no effect on {}: it applies to csv and json files;"
              + " {} stores text as UTF-8",
          spec.table(),
          spec.encoding().get(),
          spec.format(),
          spec.format());
    }
    return options;
  }

  private static boolean isForcedOff(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return FORCED_OFF.stream().anyMatch(f -> f.toLowerCase(Locale.ROOT).equals(k));
  }
}
