package dev.domaineval.input;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.domaineval.config.SliceSpec;
import dev.domaineval.config.SliceSpec.TableRef;
import dev.domaineval.slice.SliceKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Which input table each slice reads, the SQL it is read with, and how its values are reported. */
final class SliceSources {
  private SliceSources() {}

  /** The slice's SQL: its column, backquoted, or its expression. */
  static String sql(SliceSpec s) {
    return s.kind() == SliceSpec.Kind.COLUMN ? ExampleJoin.quote(s.sql()) : s.sql();
  }

  /** The slice's value as read: its SQL as text (null for a null value). */
  static Column value(SliceSpec s) {
    return expr("CAST((" + sql(s) + ") AS STRING)");
  }

  /**
   * A slice value as it is reported: {@link SliceKey#escape} as a Spark expression, and a null as
   * {@link SliceKey#NULL_VALUE}. The test that nearly every value fails comes first and compares
   * the last byte; the value is a subexpression of both branches, so Spark evaluates it once.
   */
  static Column reported(Column value) {
    return coalesce(
        when(value.endsWith(")").and(value.rlike(SliceKey.MARKER_LIKE)), concat(lit("\\"), value))
            .otherwise(value),
        lit(SliceKey.NULL_VALUE));
  }

  /** Which table a slice dimension reads: configured, or the one it resolves against. */
  static TableRef sourceOf(SliceSpec s, Dataset<Row> labels, Dataset<Row> preds) {
    String sql = sql(s);
    // A name such as current_timestamp is a column only where the table has one; elsewhere Spark
    // reads it as the function, which a slice may not call.
    Set<String> functionLike =
        SliceExpressions.functionLikeNames(labels.sparkSession().sessionState().sqlParser(), sql);
    if (!functionLike.isEmpty()) {
      if (s.from().isPresent()) {
        requireColumns(s, functionLike, s.from().get(), labels, preds);
      } else if (!hasColumns(labels, functionLike) && !hasColumns(preds, functionLike)) {
        requireColumns(s, functionLike, TableRef.LABELS, labels, preds);
      }
    }
    Optional<String> inLabels = InputReader.resolutionError(labels, sql);
    Optional<String> inPreds = InputReader.resolutionError(preds, sql);
    String what = s.kind() == SliceSpec.Kind.COLUMN ? "column '" + s.sql() + "'" : "expression";
    if (s.from().isPresent()) {
      TableRef from = s.from().get();
      Optional<String> error = from == TableRef.LABELS ? inLabels : inPreds;
      if (error.isPresent()) {
        throw new InvalidInputException(
            String.format(
                "Invalid slice '%s': its %s does not resolve against the %s table (%s). Columns"
                    + " there: %s. Fix the slice or its 'from'.",
                s.name(),
                what,
                from.id(),
                error.get(),
                String.join(", ", (from == TableRef.LABELS ? labels : preds).columns())));
      }
      return from;
    }
    if (inLabels.isEmpty() && inPreds.isEmpty()) {
      throw new InvalidInputException(
          String.format(
              "Invalid slice '%s': its %s resolves against both the labels and the predictions"
                  + " table. Add from = labels or from = predictions to the slice.",
              s.name(), what));
    }
    if (inLabels.isPresent() && inPreds.isPresent()) {
      throw new InvalidInputException(
          String.format(
              "Invalid slice '%s': its %s resolves against neither table (labels: %s). Labels"
                  + " columns: %s; predictions columns: %s.",
              s.name(),
              what,
              inLabels.get(),
              String.join(", ", labels.columns()),
              String.join(", ", Arrays.asList(preds.columns()))));
    }
    TableRef source = inLabels.isEmpty() ? TableRef.LABELS : TableRef.PREDICTIONS;
    requireColumns(s, functionLike, source, labels, preds);
    return source;
  }

  /** Throws unless every name is a column of the table the slice reads. */
  private static void requireColumns(
      SliceSpec s, Set<String> names, TableRef table, Dataset<Row> labels, Dataset<Row> preds) {
    Dataset<Row> df = table == TableRef.LABELS ? labels : preds;
    for (String name : names) {
      if (!hasColumns(df, Set.of(name))) {
        throw new InvalidInputException(
            String.format(
                "Invalid slice '%s': '%s' is not a column of the %s table, and %s. Columns there:"
                    + " %s; see %s.",
                s.name(),
                name,
                table.id(),
                SliceExpressions.functionLikeReason(name),
                String.join(", ", df.columns()),
                SliceExpressions.DOCS));
      }
    }
  }

  /** Whether the table has a column of each name, as the session compares names. */
  private static boolean hasColumns(Dataset<Row> df, Set<String> names) {
    boolean caseSensitive = df.sparkSession().sessionState().conf().caseSensitiveAnalysis();
    for (String name : names) {
      boolean found =
          Arrays.stream(df.columns())
              .anyMatch(c -> caseSensitive ? c.equals(name) : c.equalsIgnoreCase(name));
      if (!found) {
        return false;
      }
    }
    return true;
  }
}
