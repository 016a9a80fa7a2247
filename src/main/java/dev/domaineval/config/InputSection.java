package dev.domaineval.config;

import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Section {@code input}: the predictions and labels tables, how predictions match labels, and what
 * to do with duplicate keys. The fine-tuning data under {@code input.training} is read by {@link
 * TrainingSection}.
 */
record InputSection(
    InputSpec predictions, InputSpec labels, boolean caseSensitive, DuplicatePolicy duplicates) {
  private static final Set<String> FORMATS = Set.of("parquet", "orc", "csv", "json");

  static InputSection read(Settings settings) {
    InputSpec predictions =
        table(
            settings,
            "predictions",
            List.of("example-id", "model", "prediction"),
            List.of("score"));
    InputSpec labels =
        table(
            settings, "labels", List.of("example-id", "label", "domain"), List.of("split", "text"));
    boolean caseSensitive = settings.bool("input.case-sensitive");
    return new InputSection(predictions, labels, caseSensitive, duplicatePolicy(settings));
  }

  /**
   * One table under {@code input.<table>}: a path or a catalog table, its format, reader options,
   * schema and columns.
   *
   * @param table the name under {@code input}, e.g. {@code labels} or {@code training.ft-v1}
   * @param required the canonical columns that must be named
   * @param optional the canonical columns that may be named
   */
  static InputSpec table(
      Settings settings, String table, List<String> required, List<String> optional) {
    String base = "input." + table;
    String path = settings.string(base + ".path");
    String catalogTable = settings.string(base + ".table");
    if (path.isBlank() == catalogTable.isBlank()) {
      settings.invalid(
          base + ".path",
          path.isBlank()
              ? "no "
                  + table
                  + " input is set. Set "
                  + base
                  + ".path (a file or directory) or "
                  + base
                  + ".table (a catalog table)"
              : "both a path and a table are set for "
                  + table
                  + ". Set only one of "
                  + base
                  + ".path and "
                  + base
                  + ".table");
    }
    String format = settings.string(base + ".format").toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      settings.invalid(
          base + ".format",
          "expected one of "
              + String.join(", ", new TreeSet<>(FORMATS))
              + ", got \""
              + format
              + "\"");
    }
    Map<String, String> columns = new LinkedHashMap<>();
    for (String key : required) {
      String col = settings.string(base + ".columns." + key);
      if (col.isBlank()) {
        settings.invalid(
            base + ".columns." + key,
            "the "
                + table
                + " column for "
                + canonical(key)
                + " is required. Name the column"
                + " of your table that holds it");
      }
      columns.put(canonical(key), col);
    }
    for (String key : optional) {
      String col = settings.string(base + ".columns." + key);
      if (!col.isBlank()) {
        columns.put(canonical(key), col);
      }
    }
    Map<String, String> options = settings.flatStrings(base + ".options");
    checkEncoding(settings, base, options);
    String schema = settings.string(base + ".schema");
    return new InputSpec(
        table, nonBlank(path), nonBlank(catalogTable), format, options, nonBlank(schema), columns);
  }

  /**
   * An {@code encoding} (or Spark's alias {@code charset}) among the reader options must name a
   * charset this JVM knows, as Spark's csv and json readers look it up.
   */
  private static void checkEncoding(Settings settings, String base, Map<String, String> options) {
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (!key.equals("encoding") && !key.equals("charset")) {
        continue;
      }
      boolean known;
      try {
        known = Charset.isSupported(e.getValue().trim());
      } catch (IllegalArgumentException invalidName) {
        known = false;
      }
      if (!known) {
        settings.invalid(
            base + ".options." + e.getKey(),
            "unknown encoding \""
                + e.getValue()
                + "\". Use a charset name such as UTF-8, ISO-8859-1 or windows-1252");
      }
    }
  }

  private static DuplicatePolicy duplicatePolicy(Settings settings) {
    String v = settings.string("input.on-duplicate-keys");
    for (DuplicatePolicy p : DuplicatePolicy.values()) {
      if (p.id().equals(v)) {
        return p;
      }
    }
    settings.invalid("input.on-duplicate-keys", "expected fail or keep-one, got \"" + v + "\"");
    return DuplicatePolicy.FAIL;
  }

  /** The canonical column name of a key: {@code example-id} is column {@code example_id}. */
  private static String canonical(String key) {
    return key.replace('-', '_');
  }

  static Optional<String> nonBlank(String s) {
    return s.isBlank() ? Optional.empty() : Optional.of(s);
  }
}
