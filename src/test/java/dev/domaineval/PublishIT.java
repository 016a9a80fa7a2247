package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.cli.EvaluationJob;
import dev.domaineval.report.OutputTables;
import dev.domaineval.report.TableWriter;
import dev.domaineval.report.publish.Publication;
import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Runs publish atomically per run id: reruns replace, other runs stay, failures stay hidden. */
@ExtendWith(SharedSpark.class)
class PublishIT {
  private static final String CONF =
      Path.of(System.getProperty("user.dir"), "conf/sample.conf").toString();

  @TempDir Path output;

  @Test
  void rerunReplacesOnlyItsOwnPartitionsAndLeavesOtherRunsUntouched(SparkSession spark)
      throws IOException {
    assertThat(run("night-1").exitCode()).isZero();
    assertThat(run("night-2").exitCode()).isZero();
    Map<Path, Long> night2 = snapshot(output.resolve("metrics/run_id=night-2"));
    long rowsBefore = rows(spark, "night-1");

    JobRun again = run("night-1");

    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(snapshot(output.resolve("metrics/run_id=night-2"))).isEqualTo(night2);
    assertThat(rows(spark, "night-1")).isEqualTo(rowsBefore);
    assertThat(spark.read().parquet(output.resolve("metrics").toString()).count())
        .isEqualTo(2 * rowsBefore);
    assertThat(output.resolve("_runs/run_id=night-1/_SUCCESS")).exists();
    assertThat(output.resolve("_runs/run_id=night-2/_SUCCESS")).exists();
    assertThat(output.resolve("_staging")).doesNotExist();
  }

  @Test
  void stagedTablesOfARunThatNeverPublishedAreInvisibleAndCleanedByTheNextAttempt(
      SparkSession spark) {
    assertThat(run("night-1").exitCode()).isZero();
    long published = rows(spark, "night-1");

    // An attempt that dies after writing its tables but before publishing them: its lease's
    // last heartbeat is an hour old, so the next attempt takes it over.
    Clock anHourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
    Publication attempt =
        Publication.begin(
            fs(),
            new org.apache.hadoop.fs.Path(output.toUri()),
            "night-1",
            Duration.ofMinutes(10),
            anHourAgo,
            Publication.Steps.NONE);
    TableWriter crashed = new TableWriter(spark, output.toString(), "night-1", attempt);
    crashed.stage(
        OutputTables.RECONCILIATION,
        OutputTables.RECONCILIATION_SCHEMA,
        List.of(RowFactory.create("night-1", "labels", "bogus", 1L)));

    assertThat(output.resolve("_staging")).isDirectory();
    assertThat(rows(spark, "night-1")).isEqualTo(published);
    assertThat(
            spark
                .read()
                .parquet(output.resolve("reconciliation").toString())
                .where("reason = 'bogus'")
                .count())
        .isZero();

    JobRun next = run("night-1");
    assertThat(next.exitCode()).as(next.err()).isZero();
    assertThat(output.resolve("_staging")).doesNotExist();
    attempt.close();
  }

  @Test
  void anAttemptStartedWhileAnotherHoldsTheRunIsRefusedWithExit4AndChangesNothing(
      SparkSession spark) throws IOException {
    assertThat(run("night-1").exitCode()).isZero();
    Map<Path, Long> before = snapshot(output);
    JobRun refused;
    try (Publication live =
        Publication.begin(
            fs(),
            new org.apache.hadoop.fs.Path(output.toUri()),
            "night-1",
            Duration.ofMinutes(10),
            Clock.systemUTC(),
            Publication.Steps.NONE)) {
      refused = run("night-1");
      assertThat(refused.exitCode()).as(refused.err()).isEqualTo(EvaluationJob.BUSY);
      assertThat(refused.err())
          .contains("domain-eval: run night-1 is being written by another attempt: attempt ")
          .contains("Retry once that attempt has finished")
          .contains("Exit code 4.");
      // A run id that starts with the busy one is another run.
      JobRun other = run("night-1-rerun");
      assertThat(other.exitCode()).as(other.err()).isZero();
    }
    Map<Path, Long> after = snapshot(output);
    after.keySet().removeIf(p -> p.toString().contains("night-1-rerun"));
    assertThat(after).isEqualTo(before);
    assertThat(rows(spark, "night-1")).isPositive();
    assertThat(output.resolve("_staging")).doesNotExist();
  }

  private static FileSystem fs() {
    try {
      return FileSystem.getLocal(new Configuration());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private JobRun run(String runId) {
    return JobRun.of(
        "--config", CONF, "--set", "output.path=\"" + output + "\"", "--set", "run-id=" + runId);
  }

  private long rows(SparkSession spark, String runId) {
    List<Row> rows =
        spark
            .read()
            .parquet(output.resolve("metrics").toString())
            .where("run_id = '" + runId + "'")
            .collectAsList();
    return rows.size();
  }

  private static Map<Path, Long> snapshot(Path dir) throws IOException {
    Map<Path, Long> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p), Files.getLastModifiedTime(p).toMillis() ^ Files.size(p));
      }
    }
    return files;
  }
}
