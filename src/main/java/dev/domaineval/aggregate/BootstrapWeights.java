package dev.domaineval.aggregate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.sum;

import dev.domaineval.config.JobConfig;
import dev.domaineval.input.ExampleJoin;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Poisson bootstrap's replicate weights, carried by the confusion rows and summed in the same
 * aggregation as the counts: one more sum per replicate, no more passes.
 *
 * @param replicates the number of replicates (0: bootstrap off)
 * @param seed the seed that, with the example id, draws every weight
 */
public record BootstrapWeights(int replicates, long seed) {
  /** Poisson(1) weights above this (probability 1e-6) are cut to it. */
  private static final int MAX_WEIGHT = 8;

  /** The weights of {@code bootstrap.replicates} and {@code bootstrap.seed}. */
  public static BootstrapWeights of(JobConfig config) {
    return new BootstrapWeights(config.bootstrapReplicates(), config.bootstrapSeed());
  }

  /** Whether there are replicates to weight. */
  public boolean isOn() {
    return replicates > 0;
  }

  /**
   * Adds the Poisson(1) bootstrap weight of each replicate to every example, as the int array
   * {@link PassRows#BOOTSTRAP_WEIGHTS}: the example id hashed with the seed and the replicate
   * number gives a uniform number in [0, 1) (53 bits), which the inverse distribution function of
   * Poisson(1) turns into a weight (weights above 8, probability 1e-6, are cut to 8). The uniform
   * numbers are a projection of their own so that each hash is computed once.
   */
  Dataset<Row> addTo(Dataset<Row> examples) {
    List<Column> uniforms = new ArrayList<>();
    uniforms.add(col("*"));
    for (int r = 0; r < replicates; r++) {
      uniforms.add(
          expr("(xxhash64("
                  + ExampleJoin.EXAMPLE_ID
                  + ", "
                  + seed
                  + "L, "
                  + r
                  + ") & 9007199254740991L) / 9007199254740992D")
              .as("u_" + r));
    }
    Dataset<Row> withUniforms = examples.select(uniforms.toArray(Column[]::new));
    List<Column> weights = new ArrayList<>();
    for (int r = 0; r < replicates; r++) {
      StringBuilder poisson = new StringBuilder("CASE");
      double p = Math.exp(-1);
      double cdf = 0;
      for (int k = 0; k < MAX_WEIGHT; k++) {
        cdf += p;
        poisson.append(" WHEN u_").append(r).append(" < ").append(cdf).append("D THEN ").append(k);
        p /= (k + 1);
      }
      poisson.append(" ELSE ").append(MAX_WEIGHT).append(" END");
      weights.add(expr(poisson.toString()));
    }
    List<Column> out = new ArrayList<>();
    for (String c : examples.columns()) {
      out.add(col(c));
    }
    out.add(array(weights.toArray(Column[]::new)).as(PassRows.BOOTSTRAP_WEIGHTS));
    return withUniforms.select(out.toArray(Column[]::new));
  }

  /** The sums of the weights, {@code b_0 .. b_{R-1}}, as aggregate columns of the counting. */
  Column[] sums() {
    Column[] sums = new Column[replicates];
    for (int r = 0; r < replicates; r++) {
      sums[r] = sum(col(PassRows.BOOTSTRAP_WEIGHTS).getItem(r)).as(PassRows.replicateSum(r));
    }
    return sums;
  }

  /**
   * The replicate columns in SQL, {@code , <pattern> AS b_<r>} for each replicate, {@code pattern}
   * taking the replicate.
   */
  String sumsSql(String pattern) {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < replicates; r++) {
      int arg = pattern.contains("element_at") ? r + 1 : r;
      sb.append(", ")
          .append(String.format(Locale.ROOT, pattern, arg))
          .append(" AS ")
          .append(PassRows.replicateSum(r));
    }
    return sb.toString();
  }
}
