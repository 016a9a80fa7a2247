package dev.domaineval.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The direct plan, for reference: the floor's join followed by one {@code GROUP BY GROUPING SETS}
 * over the groups the job reports (every domain and the pooled domain, each unsliced and by each
 * slice column), so {@code 2 × (slices + 1)} sets. Spark expands every input row once per set
 * before aggregating, which is what the job's roll-up of finest-grain counts avoids.
 *
 * <p>{@code --data DIR --slice-columns K --out DIR}
 */
public final class DirectPlan {
  private DirectPlan() {}

  public static void main(String[] args) {
    FloorPlan.run("direct", args, DirectPlan::count);
  }

  /**
   * The grouping sets of the groups the job reports: per slice (and unsliced), once with the domain
   * and once pooled. Column names get the prefix of their table: {@code p} for model and
   * prediction, {@code l} for the label-table columns (empty for an already joined table).
   */
  static List<String> groupingSets(List<String> slices, String p, String l) {
    List<String> sets = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    groups.add("");
    slices.forEach(s -> groups.add(", " + l + s));
    for (String g : groups) {
      sets.add("(" + p + "model, " + l + "domain" + g + ", " + l + "label, " + p + "prediction)");
      sets.add("(" + p + "model" + g + ", " + l + "label, " + p + "prediction)");
    }
    return sets;
  }

  static Dataset<Row> count(Dataset<Row> joined, List<String> slices) {
    joined.createOrReplaceTempView("bench_joined");
    List<String> keys = new ArrayList<>(List.of("model", "domain"));
    keys.addAll(slices);
    keys.add("label");
    keys.add("prediction");
    List<String> sets = groupingSets(slices, "", "");
    return joined
        .sparkSession()
        .sql(
            "SELECT "
                + String.join(", ", keys)
                + ", grouping_id() AS gid, count(*) AS n FROM bench_joined GROUP BY "
                + String.join(", ", keys)
                + " GROUPING SETS ("
                + String.join(", ", sets)
                + ")");
  }
}
