package dev.domaineval.aggregate;

import dev.domaineval.counts.AnswerCount;
import dev.domaineval.counts.AnswerSketch;
import dev.domaineval.counts.InvalidAnswer;
import dev.domaineval.input.AnswerChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /**
   * The {@link InvalidAnswer#TOP} most frequent invalid answers of every (model, domain): its
   * partitions' {@link AnswerSketch}es merged, the answers whose key is a label of the domain (or a
   * refusal or abstention) left out, each share taken of the model's invalid predictions there (the
   * normalization table's {@code invalid} count).
   *
   * @param parts per (model, domain), its partitions' sketches
   */
  static List<InvalidAnswer> invalidAnswers(
      Map<List<String>, List<byte[]>> parts, LabelSets labelSets, List<AnswerCount> counts) {
    Map<List<String>, Long> invalid = new java.util.HashMap<>();
    for (AnswerCount c : counts) {
      if (c.rule().equals(AnswerChain.Rule.INVALID.id())) {
        invalid.merge(List.of(c.model(), c.domain()), c.predictions(), Long::sum);
      }
    }
    List<InvalidAnswer> out = new ArrayList<>();
    parts.forEach(
        (key, bytes) -> {
          AnswerSketch sketch = new AnswerSketch();
          bytes.forEach(sketch::mergeBytes);
          Set<String> labels = labelSets.keys().getOrDefault(key.get(1), Map.of()).keySet();
          long total = invalid.getOrDefault(key, 0L);
          List<AnswerSketch.Answer> top = sketch.invalid(labels, InvalidAnswer.TOP);
          for (int i = 0; i < top.size(); i++) {
            AnswerSketch.Answer a = top.get(i);
            out.add(
                new InvalidAnswer(
                    key.get(0),
                    key.get(1),
                    i + 1,
                    a.answer(),
                    a.truncated(),
                    a.key(),
                    a.predictions(),
                    a.maxPredictions(),
                    total == 0 ? 0.0 : (double) a.predictions() / total));
          }
        });
    out.sort(InvalidAnswer.ORDER);
    return out;
  }
}
