package dev.domaineval.config;

import java.util.Map;
import java.util.Optional;

/**
 * Where one input table comes from and how its columns map onto the canonical names.
 *
 * @param table {@code predictions} or {@code labels}: the name used in messages and in the
 *     reconciliation table
 * @param path a Hadoop path, or empty when {@code catalogTable} is set
 * @param catalogTable a catalog table name, or empty when {@code path} is set
 * @param format parquet, orc, csv or json (ignored for a catalog table)
 * @param options reader options passed to Spark as they are
 * @param schema an optional Spark DDL schema for the reader
 * @param columns canonical column name (e.g. {@code example_id}) to the user's column name; an
 *     optional canonical column that is not configured is absent
 */
public record InputSpec(
    String table,
    Optional<String> path,
    Optional<String> catalogTable,
    String format,
    Map<String, String> options,
    Optional<String> schema,
    Map<String, String> columns) {

  public InputSpec {
    options = Map.copyOf(options);
    columns = Map.copyOf(columns);
  }

  /** The user's column for a canonical column, if configured. */
  public Optional<String> column(String canonical) {
    return Optional.ofNullable(columns.get(canonical));
  }

  /** A reader option, its key compared without case as Spark compares them. */
  public Optional<String> option(String key) {
    return options.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(key))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /**
   * The encoding set for a csv or json file ({@code encoding}, or Spark's alias {@code charset}).
   */
  public Optional<String> encoding() {
    return option("encoding").or(() -> option("charset"));
  }

  /**
   * A short description for messages, logs and the report: the path (masked, {@link
   * Secrets#maskText}) or the catalog table.
   */
  public String source() {
    return path.map(p -> format + " at " + Secrets.maskText(p))
        .orElseGet(() -> "table " + catalogTable.orElse("?"));
  }
}
