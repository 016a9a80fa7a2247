package dev.domaineval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.domaineval.config.HistorySpec;
import dev.domaineval.config.Secrets;
import dev.domaineval.findings.PastRun;
import dev.domaineval.findings.RunHistory;
import dev.domaineval.input.InvalidInputException;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.report.publish.Publication;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the earlier published runs under an output path: their markers and summaries from {@code
 * _runs/}, and the overall-slice rows of their {@code metrics} partitions in one small Spark read
 * (no pass over the inputs).
 *
 * <p>A run is history only when its {@code _runs/run_id=<id>/_SUCCESS} marker exists, so a failed
 * or half-published run never becomes the reference. Runs are ordered by the {@code published_at}
 * of their summary (by the marker's modification time for runs written before that field existed).
 * The current run id is never its own history.
 */
public final class HistoryReader {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryReader.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HistoryReader() {}

  /** A published run's id and time. */
  private record Published(String runId, Instant publishedAt) {}

  /**
   * Reads the history of the run {@code currentRunId}.
   *
   * @param models the models whose metrics are read (the others are left out of the read)
   * @throws InvalidInputException when {@code history.reference-run} names a run that is not
   *     published under the output path
   */
  public static RunHistory read(
      SparkSession spark,
      String outputPath,
      String currentRunId,
      HistorySpec spec,
      List<String> models) {
    Path root = new Path(outputPath);
    if (spec.runs() == 0) {
      LOG.info("History: off (history.runs = 0)");
      return RunHistory.none();
    }
    List<Published> published;
    try {
      published = published(root.getFileSystem(spark.sparkContext().hadoopConfiguration()), root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the published runs under " + root, e);
    }
    published.removeIf(p -> p.runId().equals(currentRunId));
    published.sort(Comparator.comparing(Published::publishedAt).thenComparing(Published::runId));
    Optional<Published> pinned = Optional.empty();
    if (spec.referenceRun().isPresent()) {
      String id = spec.referenceRun().get();
      pinned = published.stream().filter(p -> p.runId().equals(id)).findFirst();
      if (pinned.isEmpty()) {
        throw new InvalidInputException(
            String.format(
                "The reference run '%s' (history.reference-run) is not a published run under %s:"
                    + " no %s/run_id=%s/_SUCCESS. Published runs: %s. Set history.reference-run to"
                    + " one of them, or leave it empty to compare with the last published run.",
                id,
                root,
                TableWriter.RUNS,
                id,
                published.isEmpty()
                    ? "none"
                    : published.stream()
                        .skip(Math.max(0, published.size() - 10))
                        .map(Published::runId)
                        .toList()));
      }
    }
    if (published.isEmpty()) {
      LOG.info("History: no earlier published run under {}", Publication.masked(root));
      return RunHistory.none();
    }
    List<Published> recent =
        published.subList(Math.max(0, published.size() - spec.runs()), published.size());
    List<Published> toRead = new ArrayList<>(recent);
    pinned.filter(p -> !toRead.contains(p)).ifPresent(toRead::add);
    Set<String> unreadable = new java.util.TreeSet<>();
    Map<String, Map<GroupKey, List<MetricValue>>> metrics =
        metrics(spark, root, toRead, models, unreadable);
    if (pinned.isPresent() && unreadable.contains(pinned.get().runId())) {
      throw new InvalidInputException(
          String.format(
              "The reference run '%s' (history.reference-run) is published under %s but its"
                  + " metrics (%s) cannot be read. Repair or republish that run, or pin another"
                  + " one.",
              pinned.get().runId(),
              root,
              TableWriter.partition(root, OutputTables.METRICS, pinned.get().runId())));
    }
    recent = recent.stream().filter(p -> !unreadable.contains(p.runId())).toList();
    if (recent.isEmpty()) {
      LOG.info("History: no readable earlier published run under {}", Publication.masked(root));
      return RunHistory.none();
    }
    Published reference = pinned.orElse(recent.get(recent.size() - 1));
    List<PastRun> runs =
        recent.stream()
            .map(
                p ->
                    new PastRun(
                        p.runId(), p.publishedAt(), metrics.getOrDefault(p.runId(), Map.of())))
            .toList();
    PastRun ref =
        new PastRun(
            reference.runId(),
            reference.publishedAt(),
            metrics.getOrDefault(reference.runId(), Map.of()));
    LOG.info(
        "History: {} published runs under {}, showing the last {}; reference run {}{}",
        published.size(),
        Publication.masked(root),
        runs.size(),
        ref.runId(),
        pinned.isPresent() ? " (pinned)" : "");
    return new RunHistory(runs, Optional.of(ref), pinned.isPresent());
  }

  private static List<Published> published(FileSystem fs, Path root) throws IOException {
    List<Published> out = new ArrayList<>();
    FileStatus[] markers = fs.globStatus(new Path(root, TableWriter.RUNS + "/run_id=*/_SUCCESS"));
    if (markers == null) {
      return out;
    }
    for (FileStatus marker : markers) {
      Path dir = marker.getPath().getParent();
      String runId = dir.getName().substring("run_id=".length());
      Instant at = Instant.ofEpochMilli(marker.getModificationTime());
      Path summary = new Path(dir, TableWriter.SUMMARY);
      if (fs.exists(summary)) {
        try (InputStream in = fs.open(summary)) {
          JsonNode node = MAPPER.readTree(in).get(RunSummary.PUBLISHED_AT);
          if (node != null && node.isTextual()) {
            at = Instant.parse(node.asText());
          }
        } catch (IOException | DateTimeException e) {
          LOG.warn(
              "Cannot read {} ({}); ordering run {} by its marker's time",
              Publication.masked(summary),
              Secrets.maskText(e.toString()),
              runId);
        }
      }
      out.add(new Published(runId, at));
    }
    return out;
  }

  /** The overall-slice metric rows of the given runs, by run id and group. */
  private static Map<String, Map<GroupKey, List<MetricValue>>> metrics(
      SparkSession spark,
      Path root,
      List<Published> runs,
      List<String> models,
      Set<String> unreadable) {
    List<String> paths = new ArrayList<>();
    List<String> runIds = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (Published p : runs) {
        Path partition = TableWriter.partition(root, OutputTables.METRICS, p.runId());
        if (fs.exists(partition)) {
          paths.add(partition.toString());
          runIds.add(p.runId());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the metrics of earlier runs under " + root, e);
    }
    Map<String, Map<GroupKey, List<MetricValue>>> out = new HashMap<>();
    if (paths.isEmpty()) {
      return out;
    }
    Set<String> known = new java.util.HashSet<>();
    for (MetricId m : MetricId.values()) {
      known.add(m.id());
    }
    List<Row> rows;
    try {
      rows = metricRows(spark, paths, models, known);
    } catch (Exception e) {
      // One damaged earlier run must not stop every later run: read the runs one by one and leave
      // out, with a warning that names it, each one that cannot be read.
      LOG.warn(
          "History: the metrics of the earlier runs cannot be read together ({}); reading them one"
              + " by one",
          Secrets.maskText(e.toString()));
      rows = new ArrayList<>();
      for (int i = 0; i < paths.size(); i++) {
        try {
          rows.addAll(metricRows(spark, List.of(paths.get(i)), models, known));
        } catch (Exception one) {
          unreadable.add(runIds.get(i));
          LOG.warn(
              "History: leaving out the earlier run '{}': its metrics ({}) cannot be read ({})."
                  + " Repair or delete that partition to bring the run back into the history.",
              runIds.get(i),
              Secrets.maskText(paths.get(i)),
              Secrets.maskText(one.toString()));
        }
      }
    }
    for (Row r : rows) {
      GroupKey group = new GroupKey(r.getString(1), r.getString(2), SliceKey.OVERALL);
      MetricValue v =
          new MetricValue(
              r.getString(3),
              MetricId.fromId(r.getString(4)),
              r.getDouble(5),
              r.isNullAt(6) ? null : r.getDouble(6),
              r.isNullAt(7) ? null : r.getDouble(7),
              r.getLong(8));
      out.computeIfAbsent(r.getString(0), k -> new LinkedHashMap<>())
          .computeIfAbsent(group, k -> new ArrayList<>())
          .add(v);
    }
    LOG.info(
        "History: read {} metric rows of {} earlier runs",
        rows.size(),
        paths.size() - unreadable.size());
    return out;
  }

  /** The overall-slice metric rows of some metrics partitions, in one small read. */
  private static List<Row> metricRows(
      SparkSession spark, List<String> paths, List<String> models, Set<String> known) {
    return spark
        .read()
        .parquet(paths.toArray(String[]::new))
        .where(
            functions
                .col("slice")
                .equalTo(SliceKey.POOLED)
                .and(functions.col("slice_value").equalTo(SliceKey.POOLED))
                .and(functions.col("model").isin(models.toArray()))
                .and(functions.col("metric").isin(known.toArray())))
        .select(
            "run_id", "model", "domain", "class", "metric", "value", "ci_low", "ci_high", "support")
        .collectAsList();
  }
}
