package dev.domaineval.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The single-node reference of the benchmark: the direct plan's counts (the join and one {@code
 * GROUP BY GROUPING SETS} over every domain and the pooled domain, unsliced and by each slice
 * column) run by DuckDB over the same Parquet files, with a fixed number of threads, the result
 * written to Parquet. Uses plain JDBC: the DuckDB driver is on the benchmark's class path (test
 * scope), never in the job jar.
 *
 * <p>{@code --data DIR --slice-columns K --out DIR --threads T}
 */
public final class DuckDbPlan {
  private DuckDbPlan() {}

  public static void main(String[] args) throws IOException {
    BenchArgs a = BenchArgs.parse(args, List.of("data", "slice-columns", "out", "threads"));
    if (a == null) {
      System.exit(2);
      return;
    }
    Path data = a.path("data", null);
    Path out = a.path("out", null).toAbsolutePath();
    int threads = a.intValue("threads", 2);
    List<String> slices =
        BenchShape.sliceColumns(a.intValue("slice-columns", 4)).stream()
            .map(BenchShape.SliceColumn::name)
            .toList();
    Files.createDirectories(out);
    long start = System.nanoTime();
    long rows;
    try {
      rows = run(data, slices, out.resolve("counts.parquet"), threads);
    } catch (SQLException e) {
      System.err.println("bench duckdb: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "bench duckdb: %d result rows in %.1f s with %d threads%n",
        rows,
        (System.nanoTime() - start) / 1e9,
        threads);
  }

  /** Runs the counts into one Parquet file and returns its number of rows. */
  static long run(Path data, List<String> slices, Path result, int threads)
      throws SQLException, IOException {
    Files.deleteIfExists(result);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads TO " + threads);
      s.execute(
          "COPY ("
              + query(data, slices)
              + ") TO '"
              + literal(result.toAbsolutePath().toString())
              + "' (FORMAT parquet)");
      try (ResultSet r =
          s.executeQuery(
              "SELECT count(*) FROM read_parquet('"
                  + literal(result.toAbsolutePath().toString())
                  + "')")) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /**
   * The direct plan's query in DuckDB's SQL, with the same grouping id as Spark's {@code
   * grouping_id()} (first key most significant).
   */
  static String query(Path data, List<String> slices) {
    List<String> keys = new ArrayList<>(List.of("p.model", "l.domain"));
    slices.forEach(x -> keys.add("l." + x));
    keys.add("l.label");
    keys.add("p.prediction");
    List<String> sets = DirectPlan.groupingSets(slices, "p.", "l.");
    return "SELECT "
        + String.join(", ", keys)
        + ", GROUPING_ID("
        + String.join(", ", keys)
        + ") AS gid, count(*) AS n FROM read_parquet('"
        + literal(data.resolve(BenchDataGenerator.PREDICTIONS).toAbsolutePath() + "/*.parquet")
        + "') p JOIN read_parquet('"
        + literal(data.resolve(BenchDataGenerator.LABELS).toAbsolutePath() + "/*.parquet")
        + "') l USING (example_id) GROUP BY GROUPING SETS ("
        + String.join(", ", sets)
        + ")";
  }

  private static String literal(String s) {
    return s.replace("'", "''");
  }
}
