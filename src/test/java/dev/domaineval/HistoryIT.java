package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * History cannot block a run: an earlier run whose metrics are damaged is left out with a warning
 * (unless it is the pinned reference, which stops the run with exit 2 and says which run), and
 * {@code history.runs = 0} turns history off.
 */
@ExtendWith(SharedSpark.class)
class HistoryIT {
  private static final String CONF =
      Path.of(System.getProperty("user.dir"), "conf/sample.conf").toString();

  @TempDir Path dir;

  @Test
  void aDamagedEarlierRunIsLeftOutInsteadOfStoppingTheRun(SparkSession spark) throws IOException {
    Path out = dir.resolve("out");
    assertThat(run(out, "h-1").exitCode()).isZero();
    assertThat(run(out, "h-2").exitCode()).isZero();
    damage(out.resolve("metrics/run_id=h-1"));

    JobRun next = run(out, "h-3");
    assertThat(next.exitCode()).as(next.err()).isZero();
    // The run still compares with the readable earlier run: h-2 is its reference.
    List<Row> findings =
        spark.read().parquet(out.resolve("findings/run_id=h-3").toString()).collectAsList();
    assertThat(findings).isNotEmpty();

    JobRun pinned = run(out, "h-4", "--set", "history.reference-run=h-1");
    assertThat(pinned.exitCode()).isEqualTo(2);
    assertThat(pinned.err())
        .contains("The reference run 'h-1' (history.reference-run)")
        .contains("cannot be read");

    JobRun off = run(out, "h-5", "--set", "history.runs=0");
    assertThat(off.exitCode()).as(off.err()).isZero();
  }

  private static JobRun run(Path out, String runId, String... more) {
    List<String> args =
        Stream.concat(
                Stream.of(
                    "--config",
                    CONF,
                    "--set",
                    "output.path=\"" + out + "\"",
                    "--set",
                    "run-id=" + runId),
                Stream.of(more))
            .toList();
    return JobRun.of(args.toArray(String[]::new));
  }

  /** Overwrites every Parquet file of a partition with bytes that are not Parquet. */
  private static void damage(Path partition) throws IOException {
    try (Stream<Path> files = Files.walk(partition)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        Files.writeString(f, "not a parquet file", StandardCharsets.UTF_8);
      }
    }
  }
}
