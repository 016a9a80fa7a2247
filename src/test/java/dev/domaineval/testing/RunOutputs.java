package dev.domaineval.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Everything one run published under an output root (local or {@code hdfs://}), in a form two runs
 * can be compared by: every table's rows of the run's partition, sorted, and every file next to the
 * run's {@code _SUCCESS} marker ({@code summary.json}, and the HTML report once the job writes one
 * there) with the output root replaced by {@code <root>}.
 *
 * @param tables per table (every folder of the root that is not hidden), its rows as sorted strings
 * @param runFiles per file of {@code _runs/run_id=<id>/} (by name) or of a run partition without
 *     Parquet (by {@code folder/name}), its text with the root replaced
 */
public record RunOutputs(Map<String, List<String>> tables, Map<String, String> runFiles) {

  /**
   * A run file's text without what differs between two runs of the same data on different systems:
   * the output root, the folder of the inputs (as the report names them: {@code csv at <folder>/})
   * and instants ({@code published_at}, the report's rendering time).
   */
  static String normalise(String text, String qualifiedRoot, String root) {
    return text.replace(qualifiedRoot, "<root>")
        .replace(root, "<root>")
        .replaceAll("\\b(csv|parquet|orc|json) at \\S*/", "$1 at <input>/")
        .replaceAll("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z", "<time>");
  }

  /** Reads the published outputs of run {@code runId} under {@code root}. */
  public static RunOutputs read(SparkSession spark, String root, String runId) {
    Path rootPath = new Path(root);
    try {
      FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      String qualifiedRoot = fs.makeQualified(rootPath).toString();
      Map<String, List<String>> tables = new TreeMap<>();
      Map<String, String> runFiles = new TreeMap<>();
      for (FileStatus table : fs.listStatus(rootPath)) {
        String name = table.getPath().getName();
        Path partition = new Path(table.getPath(), "run_id=" + runId);
        if (!table.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        if (!fs.exists(partition)) {
          tables.put(name, List.of());
          continue;
        }
        if (!hasParquet(fs, partition)) {
          // Not a table (an HTML report, say): its files are compared as text.
          for (FileStatus f : fs.listStatus(partition)) {
            if (f.isFile()) {
              runFiles.put(
                  name + "/" + f.getPath().getName(),
                  normalise(text(fs, f.getPath()), qualifiedRoot, rootPath.toString()));
            }
          }
          continue;
        }
        List<String> rows = new ArrayList<>();
        for (Row r : spark.read().parquet(partition.toString()).collectAsList()) {
          rows.add(r.toString());
        }
        rows.sort(null);
        tables.put(name, List.copyOf(rows));
      }
      Path marker = new Path(rootPath, "_runs/run_id=" + runId);
      if (fs.exists(marker)) {
        for (FileStatus f : fs.listStatus(marker)) {
          if (f.isFile()) {
            runFiles.put(
                f.getPath().getName(),
                normalise(text(fs, f.getPath()), qualifiedRoot, rootPath.toString()));
          }
        }
      }
      return new RunOutputs(tables, runFiles);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The number of rows of every table together. */
  public long rowCount() {
    return tables.values().stream().mapToLong(List::size).sum();
  }

  private static boolean hasParquet(FileSystem fs, Path dir) throws IOException {
    var files = fs.listFiles(dir, true);
    while (files.hasNext()) {
      if (files.next().getPath().getName().endsWith(".parquet")) {
        return true;
      }
    }
    return false;
  }

  private static String text(FileSystem fs, Path file) throws IOException {
    try (FSDataInputStream in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
