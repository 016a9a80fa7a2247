package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.bench.BenchDataGenerator;
import dev.domaineval.bench.BenchShape;
import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.RunOutputs;
import dev.domaineval.testing.SharedSpark;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output of two reference runs equals the recorded one: the tables' values (sorted rows, not
 * file bytes), {@code summary.json} and the HTML report (with the output root and instants masked).
 * It holds refactorings to "no change in behaviour".
 *
 * <p>The runs: the shipped sample twice under one output path (the first as shipped; the second
 * with two candidates and 30 bootstrap replicates, reading the first as its history), and a
 * generated benchmark data set of a million examples with scores (every row, except that of its
 * high-cardinality slice only a fixed sample of values is recorded, with each table's row count).
 * Numbers are compared to a relative 1e-9, so that a change of summation order in the last digits
 * passes while any real change fails; everything else must be equal character for character.
 *
 * <p>To record a deliberate change of the outputs, run with {@code -Dgolden.update=true} (writes
 * {@code src/test/resources/golden/}), review the diff of those files, and commit it with the
 * change and its reason.
 */
@ExtendWith(SharedSpark.class)
class GoldenIT {
  private static final Path PROJECT =
      Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")));
  private static final Path GOLDEN = PROJECT.resolve("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final long BENCH_EXAMPLES = 1_000_000L;
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  private static final double RELATIVE = 1e-9;
  private static final int MAX_REPORTED = 10;

  /**
   * The benchmark set's high-cardinality slice ({@code site}, about 1,000 values) makes 97 % of its
   * rows: of those, only the values whose number is a multiple of {@link #SITE_SAMPLE} are recorded
   * (about 20 values), and the table's full row count is recorded on the first line, so the file
   * stays small while a missing or extra row still fails.
   */
  private static final Pattern SITE_ROW = Pattern.compile(",site,site-(\\d+),");

  private static final int SITE_SAMPLE = 50;

  @TempDir Path dir;

  @Test
  void sampleRunsProduceTheRecordedOutputs(SparkSession spark) throws IOException {
    Path output = dir.resolve("out");
    String conf = PROJECT.resolve("conf/sample.conf").toString();
    JobRun first = JobRun.of("--config", conf, "--set", out(output), "--set", "run-id=golden-a");
    assertThat(first.exitCode()).as(first.err()).isZero();
    JobRun second =
        JobRun.of(
            "--config",
            conf,
            "--set",
            out(output),
            "--set",
            "run-id=golden-b",
            "--set",
            "models.candidates=[ft-v1, ft-good]",
            "--set",
            "bootstrap.replicates=30");
    assertThat(second.exitCode()).as(second.err()).isZero();

    check("sample/golden-a", RunOutputs.read(spark, output.toString(), "golden-a"));
    check("sample/golden-b", RunOutputs.read(spark, output.toString(), "golden-b"));
  }

  @Test
  void benchmarkDataSetProducesTheRecordedOutputs(SparkSession spark) throws IOException {
    Path data = dir.resolve("bench-data");
    new BenchDataGenerator(new BenchShape(BENCH_EXAMPLES, 2, 42)).write(spark, data);
    Path output = dir.resolve("bench-out");
    JobRun run =
        JobRun.of(
            "--config",
            data.resolve(BenchDataGenerator.JOB_CONF).toString(),
            "--set",
            "slices=" + BenchDataGenerator.slicesHocon(4),
            "--set",
            "input.predictions.columns.score=score",
            "--set",
            out(output),
            "--set",
            "run-id=golden-bench");
    assertThat(run.exitCode()).as(run.err()).isZero();

    check("bench-1m", sampled(RunOutputs.read(spark, output.toString(), "golden-bench")));
  }

  /** The outputs with the rows of the sampled site values only, each table led by its row count. */
  private static RunOutputs sampled(RunOutputs outputs) {
    Map<String, List<String>> tables = new TreeMap<>();
    outputs
        .tables()
        .forEach(
            (table, rows) -> {
              List<String> kept = new ArrayList<>();
              kept.add("# rows " + rows.size());
              for (String row : rows) {
                Matcher site = SITE_ROW.matcher(row);
                if (!site.find() || Integer.parseInt(site.group(1)) % SITE_SAMPLE == 0) {
                  kept.add(row);
                }
              }
              tables.put(table, kept);
            });
    return new RunOutputs(tables, outputs.runFiles());
  }

  private static String out(Path output) {
    return "output.path=\"" + output + "\"";
  }

  /** Compares (or, with {@code golden.update}, records) every table and run file of a run. */
  private static void check(String name, RunOutputs actual) throws IOException {
    Map<String, List<String>> outputs = new TreeMap<>();
    actual
        .tables()
        .forEach(
            (table, rows) ->
                outputs.put(
                    "table-" + table,
                    rows.stream().map(r -> r.replace("\r", "\\r").replace("\n", "\\n")).toList()));
    actual
        .runFiles()
        .forEach((file, text) -> outputs.put("file-" + file.replace('/', '-'), lines(text)));
    Path folder = GOLDEN.resolve(name);
    if (UPDATE) {
      record(folder, outputs);
      return;
    }
    assertThat(Files.isDirectory(folder))
        .as("golden outputs %s exist; record them with -Dgolden.update=true", folder)
        .isTrue();
    List<String> recorded = new ArrayList<>();
    try (var files = Files.list(folder)) {
      files
          .map(f -> f.getFileName().toString().replaceFirst("\\.txt\\.gz$", ""))
          .sorted()
          .forEach(recorded::add);
    }
    assertThat(outputs.keySet()).as("outputs of %s", name).containsExactlyElementsOf(recorded);
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : outputs.entrySet()) {
      List<String> expected = read(folder.resolve(e.getKey() + ".txt.gz"));
      differences.addAll(differences(name + "/" + e.getKey(), expected, e.getValue()));
    }
    assertThat(differences)
        .as(
            "differences from the recorded outputs (first %d shown; if the change is deliberate,"
                + " record it with -Dgolden.update=true and commit the diff with its reason)",
            MAX_REPORTED)
        .isEmpty();
  }

  /** The lines that differ, with their position; numbers are compared to a relative 1e-9. */
  static List<String> differences(String what, List<String> expected, List<String> actual) {
    List<String> out = new ArrayList<>();
    if (expected.size() != actual.size()) {
      out.add(String.format("%s: %d lines, expected %d", what, actual.size(), expected.size()));
    }
    for (int i = 0;
        i < Math.min(expected.size(), actual.size()) && out.size() < MAX_REPORTED;
        i++) {
      if (!sameLine(expected.get(i), actual.get(i))) {
        out.add(
            String.format(
                "%s line %d:%n  expected %s%n  actual   %s",
                what, i + 1, abbreviate(expected.get(i)), abbreviate(actual.get(i))));
      }
    }
    return out;
  }

  /** Equal text around the numbers, and numbers equal to a relative {@link #RELATIVE}. */
  static boolean sameLine(String expected, String actual) {
    if (expected.equals(actual)) {
      return true;
    }
    Matcher e = NUMBER.matcher(expected);
    Matcher a = NUMBER.matcher(actual);
    if (!e.replaceAll("#").equals(a.replaceAll("#"))) {
      return false;
    }
    e.reset();
    a.reset();
    while (e.find() && a.find()) {
      double x = Double.parseDouble(e.group());
      double y = Double.parseDouble(a.group());
      if (Math.abs(x - y) > RELATIVE * Math.max(Math.abs(x), Math.abs(y))) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String line) {
    return line.length() <= 400 ? line : line.substring(0, 400) + "…";
  }

  private static List<String> lines(String text) {
    return List.of(text.split("\n", -1));
  }

  private static void record(Path folder, Map<String, List<String>> outputs) throws IOException {
    if (Files.isDirectory(folder)) {
      try (var files = Files.list(folder)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
    }
    Files.createDirectories(folder);
    for (Map.Entry<String, List<String>> e : outputs.entrySet()) {
      try (Writer w =
          new OutputStreamWriter(
              new GZIPOutputStream(Files.newOutputStream(folder.resolve(e.getKey() + ".txt.gz"))),
              StandardCharsets.UTF_8)) {
        for (String line : e.getValue()) {
          w.write(line);
          w.write('\n');
        }
      }
    }
  }

  private static List<String> read(Path file) {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      return r.lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
