package dev.domaineval.input;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StringType;

/**
 * Text values that hold U+FFFD, the replacement character: what a decoder puts in place of bytes
 * that are not valid in the encoding it reads (a Latin-1 {@code é} read as UTF-8, say). Spark's
 * readers do so silently, so the join counts them per row, in the same projection that reads the
 * values (a byte search per value, no extra scan), and the run names the encoding when it finds
 * any.
 */
final class ReplacementCharacters {
  /** U+FFFD, the replacement character. */
  static final String CHARACTER = "\uFFFD";

  private ReplacementCharacters() {}

  /** The given columns of a table that hold text as read (a number cannot hold U+FFFD). */
  static List<Column> texts(Dataset<Row> df, String... columns) {
    List<Column> out = new ArrayList<>();
    for (String c : columns) {
      if (df.schema().apply(c).dataType() instanceof StringType) {
        out.add(col(ExampleJoin.quote(c)));
      }
    }
    return out;
  }

  /** How many of the values contain U+FFFD, as an int (0 for none and for null values). */
  static Column count(List<Column> values) {
    Column n = lit(0);
    for (Column v : values) {
      n = n.plus(when(v.contains(CHARACTER), lit(1)).otherwise(lit(0)));
    }
    return n;
  }
}
