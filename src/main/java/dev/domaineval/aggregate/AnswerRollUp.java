package dev.domaineval.aggregate;

import dev.domaineval.counts.AnswerCount;
import dev.domaineval.input.AnswerChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The normalization table's counts, read from the pass's finest-grain result: the confusion rows of
 * the first base set carry the rule that decided their model's prediction ({@link PassRows#RULE});
 * a key that is no label of its domain is {@code invalid}, whatever step made it.
 */
final class AnswerRollUp {
  private AnswerRollUp() {}

  /** Per model, domain and rule, the matched predictions it decided, in table order. */
  static List<AnswerCount> counts(
      SparkSession spark, String finestView, long firstBaseSet, LabelSets labelSets) {
    List<Row> rows =
        spark
            .sql(
                "SELECT model, domain, predicted, reason, sum(n) AS n FROM "
                    + finestView
                    + " WHERE kind = '"
                    + RowKind.CONFUSION.id()
                    + "' AND "
                    + PassRows.BASE_SET
                    + " = "
                    + firstBaseSet
                    + " AND reason IS NOT NULL GROUP BY model, domain, predicted, reason")
            .collectAsList();
    Map<String, Map<String, String>> keys = labelSets.keys();
    Map<List<String>, Long> sums = new java.util.HashMap<>();
    for (Row r : rows) {
      String domain = r.getString(1);
      boolean label = keys.getOrDefault(domain, Map.of()).containsKey(r.getString(2));
      String rule = label ? r.getString(3) : AnswerChain.Rule.INVALID.id();
      sums.merge(List.of(r.getString(0), domain, rule), r.getLong(4), Long::sum);
    }
    List<AnswerCount> out = new ArrayList<>();
    sums.forEach((k, n) -> out.add(new AnswerCount(k.get(0), k.get(1), k.get(2), n)));
    out.sort(AnswerCount.ORDER);
    return out;
  }
}
