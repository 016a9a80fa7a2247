package dev.domaineval.aggregate;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;

import dev.domaineval.counts.JointConfusion;
import org.apache.spark.sql.Column;

/**
 * The pass's side of {@link JointConfusion#pairKey}: a paired row holds the baseline's and the
 * candidate's predictions in one column (prediction keys until the roll-up, classes after it) as
 * {@code <length of the baseline's>:<baseline's><candidate's>}, which {@link JointConfusion#cell}
 * splits again.
 */
final class PairKeys {
  private static final String SEPARATOR = JointConfusion.PAIR_KEY_SEPARATOR;

  private PairKeys() {}

  /** The pair key of two string columns (neither null). */
  static Column column(Column baseline, Column candidate) {
    return concat(length(baseline).cast("string"), lit(SEPARATOR), baseline, candidate);
  }

  /** The pair key of two SQL string expressions (neither null). */
  static String sql(String baseline, String candidate) {
    return "concat(cast(length("
        + baseline
        + ") AS STRING), '"
        + SEPARATOR
        + "', "
        + baseline
        + ", "
        + candidate
        + ")";
  }

  /**
   * The SQL of two columns, {@code baseline_key} and {@code candidate_key}: the two parts of the
   * pair key in column {@code predicted} of a paired row, null on other rows.
   */
  static String partsSql() {
    String paired = "kind = '" + RowKind.PAIRED.id() + "'";
    String start = "instr(predicted, '" + SEPARATOR + "') + 1";
    String length = "cast(substring_index(predicted, '" + SEPARATOR + "', 1) AS INT)";
    return "CASE WHEN "
        + paired
        + " THEN substr(predicted, "
        + start
        + ", "
        + length
        + ") END AS baseline_key, CASE WHEN "
        + paired
        + " THEN substr(predicted, "
        + start
        + " + "
        + length
        + ") END AS candidate_key";
  }
}
