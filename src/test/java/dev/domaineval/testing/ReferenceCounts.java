package dev.domaineval.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The test's own counting of the sample data set under {@code conf/sample.conf}, written without
 * any of the job's code and without Spark: read the CSV files line by line, join in a hash map,
 * apply the documented rules, count every cell of every group.
 *
 * <p>Rules (README, "Inputs and join", and the sample's normalization): a label is trimmed, blank
 * is null; a prediction is trimmed, a leading {@code Answer:} dropped, surrounding quotes and a
 * trailing period stripped, {@code junk} and {@code not spam} read as spam and ham in domain spam,
 * then matched case-insensitively to its domain's label set; an answer that starts with {@code I'm
 * sorry} is {@code (refused)}, {@code I cannot determine the category} is {@code (abstained)},
 * anything else {@code (invalid)}; a labelled example without a prediction of a model counts as
 * {@code (invalid)} for it; the domain {@code *} pools every domain; a null slice value is {@code
 * (null)}.
 */
public final class ReferenceCounts {
  public static final List<String> MODELS = List.of("base", "ft-v1");
  public static final Map<String, Set<String>> LABEL_SETS =
      Map.of(
          "medical", Set.of("urgent", "routine"),
          "spam", Set.of("spam", "ham"),
          "legal", Set.of("contract", "litigation", "ip", "employment"),
          "general", Set.of("positive", "negative", "neutral"));

  /** One cell of one group: the key of the test's map and of the job's confusion rows. */
  public record Cell(
      String model,
      String domain,
      String slice,
      String sliceValue,
      String actual,
      String predicted) {}

  /** One labelled example as seen by one model. */
  public record Example(
      String id,
      String model,
      String domain,
      Map<String, String> slices,
      String actual,
      String predicted) {}

  public final Map<Cell, Long> cells = new HashMap<>();
  public final List<Example> examples = new ArrayList<>();
  public long labelRows;
  public long predictionRows;

  /** Reads a confusion table written by the job into the same cell keys; duplicates fail. */
  public static Map<Cell, Long> readConfusion(SparkSession spark, Path table) {
    Map<Cell, Long> cells = new HashMap<>();
    for (Row r : spark.read().parquet(table.toString()).collectAsList()) {
      Cell cell =
          new Cell(
              r.getAs("model"),
              r.getAs("domain"),
              r.getAs("slice"),
              r.getAs("slice_value"),
              r.getAs("actual"),
              r.getAs("predicted"));
      if (cells.put(cell, r.<Long>getAs("count")) != null) {
        throw new AssertionError("duplicate confusion row " + cell);
      }
    }
    return cells;
  }

  /** Counts the sample files in {@code dir} (labels.csv, predictions.csv). */
  public static ReferenceCounts of(Path dir, boolean keepExamples) {
    ReferenceCounts r = new ReferenceCounts();
    Map<String, String[]> labels = new HashMap<>();
    r.labelRows = readCsv(dir.resolve("labels.csv"), (header, f) -> labels.put(f[0], f));
    java.util.Set<String> trained = new java.util.HashSet<>();
    readCsv(dir.resolve("training-ft-v1.csv"), (header, f) -> trained.add(f[0]));
    Map<String, Map<String, String>> predictions = new HashMap<>();
    r.predictionRows =
        readCsv(
            dir.resolve("predictions.csv"),
            (header, f) -> {
              if (MODELS.contains(f[1])) {
                predictions.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[1], f[2]);
              }
            });
    for (String[] l : labels.values()) {
      String label = blankToNull(l[1]);
      if (label == null) {
        continue;
      }
      String domain = l[2];
      Map<String, String> slices = new HashMap<>();
      slices.put("language", nullToken(l[4]));
      slices.put("source", nullToken(l[5]));
      slices.put("split", nullToken(l[3]));
      slices.put("input_length", lengthBucket(l[6]));
      slices.put("language_x_source", nullToken(l[4]) + "|" + nullToken(l[5]));
      slices.put("leakage", trained.contains(l[0]) ? "leaked" : "clean");
      for (String model : MODELS) {
        String raw = predictions.getOrDefault(l[0], Map.of()).get(model);
        String predicted = match(domain, raw);
        r.count(model, domain, "*", "*", label, predicted);
        slices.forEach((slice, value) -> r.count(model, domain, slice, value, label, predicted));
        if (keepExamples) {
          r.examples.add(new Example(l[0], model, domain, slices, label, predicted));
        }
      }
    }
    return r;
  }

  private void count(
      String model, String domain, String slice, String value, String actual, String predicted) {
    cells.merge(new Cell(model, domain, slice, value, actual, predicted), 1L, Long::sum);
    cells.merge(new Cell(model, "*", slice, value, actual, predicted), 1L, Long::sum);
  }

  private static String match(String domain, String raw) {
    String p = blankToNull(raw);
    if (p == null) {
      return "(invalid)";
    }
    if (p.startsWith("I'm sorry")) {
      return "(refused)";
    }
    if (p.equalsIgnoreCase("I cannot determine the category")) {
      return "(abstained)";
    }
    if (p.regionMatches(true, 0, "answer:", 0, 7)) {
      p = p.substring(7).trim();
    }
    if (p.length() > 2 && p.startsWith("\"") && p.endsWith("\"")) {
      p = p.substring(1, p.length() - 1);
    }
    if (p.endsWith(".")) {
      p = p.substring(0, p.length() - 1);
    }
    if (domain.equals("spam") && p.equalsIgnoreCase("junk")) {
      return "spam";
    }
    if (domain.equals("spam") && p.equalsIgnoreCase("not spam")) {
      return "ham";
    }
    for (String label : LABEL_SETS.get(domain)) {
      if (label.equalsIgnoreCase(p)) {
        return label;
      }
    }
    return "(invalid)";
  }

  private static String lengthBucket(String tokens) {
    if (tokens == null || tokens.isEmpty()) {
      return "(null)";
    }
    int n = Integer.parseInt(tokens.trim());
    return n < 256 ? "short (<256)" : n < 2048 ? "medium (256-2047)" : "long (>=2048)";
  }

  private static String blankToNull(String s) {
    return s == null || s.trim().isEmpty() ? null : s.trim();
  }

  private static String nullToken(String s) {
    return s == null ? "(null)" : s;
  }

  /**
   * Reads an RFC 4180 CSV file with a header; an empty unquoted field is null, a quoted one is kept
   * as it is. Returns the number of data rows.
   */
  public static long readCsv(Path file, BiConsumer<String[], String[]> row) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String[] header = parseLine(in.readLine());
      long n = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        row.accept(header, parseLine(line));
        n++;
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] parseLine(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        fields.add(cur.length() == 0 && !wasQuoted ? null : cur.toString());
        cur.setLength(0);
        wasQuoted = false;
      } else {
        cur.append(c);
      }
    }
    fields.add(cur.length() == 0 && !wasQuoted ? null : cur.toString());
    return fields.toArray(String[]::new);
  }
}
