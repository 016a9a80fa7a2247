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

  static Dataset<Row> count(Dataset<Row> joined, List<String> slices) {
    joined.createOrReplaceTempView("bench_joined");
    List<String> keys = new ArrayList<>(List.of("model", "domain"));
    keys.addAll(slices);
    keys.add("label");
    keys.add("prediction");
    List<String> sets = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    groups.add("");
    slices.forEach(s -> groups.add(", " + s));
    for (String g : groups) {
      sets.add("(model, domain" + g + ", label, prediction)");
      sets.add("(model" + g + ", label, prediction)");
    }
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
