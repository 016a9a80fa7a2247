package dev.domaineval.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.aggregate.CountAggregator;
import dev.domaineval.aggregate.ExampleRows;
import dev.domaineval.config.ConfigLoader;
import dev.domaineval.config.JobConfig;
import dev.domaineval.input.ExampleJoin;
import dev.domaineval.slice.SlicePlan;
import dev.domaineval.testing.SharedSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple3;
import scala.collection.Iterator;

/**
 * The pass's generated code stays small enough for the JIT compiler.
 *
 * <p>HotSpot does not compile a method of more than 8,000 bytes of bytecode (its {@code
 * HugeMethodLimit}); Spark's whole-stage code generation puts the example rows, the explode and
 * (without scores) the partial count of the pass in one method, and when that method passed the
 * limit the benchmark's pass ran interpreted, 2.7 times slower (10 M examples, 2 models, 4 slices,
 * scores). This test measures the largest generated method of the pass for the benchmark's shape
 * and fails before a change can make it that slow again.
 */
@ExtendWith(SharedSpark.class)
class GeneratedCodeSizeIT {
  /** HotSpot's {@code HugeMethodLimit}. */
  private static final int JIT_LIMIT = 8_000;

  @TempDir Path dir;

  @Test
  void thePassOfTheBenchmarkShapeWithScoresCompiles(SparkSession spark) throws Exception {
    new BenchDataGenerator(new BenchShape(500, 2, 4)).write(spark, dir);
    JobConfig config =
        new ConfigLoader()
            .load(
                Optional.of(dir.resolve(BenchDataGenerator.JOB_CONF)),
                List.of("input.predictions.columns.score = score"));
    SlicePlan plan = SlicePlan.of(config.slices());
    ExampleJoin join = ExampleJoin.define(spark, config, plan);
    assertThat(join.hasScores()).isTrue();

    String previous = spark.conf().get("spark.sql.adaptive.enabled");
    // Without AQE the executed plan is the whole plan, code generation included.
    spark.conf().set("spark.sql.adaptive.enabled", "false");
    int largest;
    String where;
    try {
      // The rows of the pass (the explode, before the score sketches' partition step) and their
      // count: with scores they are two plans on either side of that step.
      ExampleRows rows = ExampleRows.define(join, plan, config);
      largest = 0;
      where = "";
      for (SparkPlan executed :
          List.of(
              rows.rows().queryExecution().executedPlan(),
              CountAggregator.countedExampleRows(rows).queryExecution().executedPlan())) {
        Iterator<
                Tuple3<
                    String,
                    String,
                    org.apache.spark.sql.catalyst.expressions.codegen.ByteCodeStats>>
            subtrees =
                org.apache
                    .spark
                    .sql
                    .execution
                    .debug
                    .package$
                    .MODULE$
                    .codegenStringSeq(executed)
                    .iterator();
        while (subtrees.hasNext()) {
          Tuple3<String, String, org.apache.spark.sql.catalyst.expressions.codegen.ByteCodeStats>
              t = subtrees.next();
          if (t._3().maxMethodCodeSize() > largest) {
            largest = t._3().maxMethodCodeSize();
            where = t._1();
          }
        }
      }
    } finally {
      spark.conf().set("spark.sql.adaptive.enabled", previous);
    }

    assertThat(largest)
        .as("largest generated method of the pass (bytes of bytecode), in:%n%s", where)
        .isGreaterThan(1_000)
        .isLessThan(JIT_LIMIT);
  }
}
