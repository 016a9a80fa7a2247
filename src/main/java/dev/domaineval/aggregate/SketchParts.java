package dev.domaineval.aggregate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads the sketches that the pass counted (see {@link SketchPartitions}) back on the driver. */
final class SketchParts {
  private static final Comparator<List<String>> LIST_ORDER =
      Comparator.<List<String>, String>comparing(l -> l.get(0)).thenComparing(l -> l.get(1));

  private SketchParts() {}

  /**
   * The sketches of one kind, per (model, domain) its partitions' bytes, collected from the
   * finest-grain result with one small query: each partition's pieces put back together.
   *
   * @param finestView the view of the pass's finest-grain result
   */
  static Map<List<String>, List<byte[]>> collect(
      SparkSession spark, String finestView, RowKind kind) {
    List<Row> rows =
        spark
            .sql(
                "SELECT model, domain, reason, sketch FROM "
                    + finestView
                    + " WHERE kind = '"
                    + kind.id()
                    + "'")
            .collectAsList();
    // Per (model, domain), per partition, its pieces in order.
    Map<List<String>, Map<String, TreeMap<Integer, byte[]>>> pieces = new TreeMap<>(LIST_ORDER);
    for (Row r : rows) {
      SketchPartitions.Piece piece = SketchPartitions.Piece.parse(r.getString(2));
      pieces
          .computeIfAbsent(List.of(r.getString(0), r.getString(1)), x -> new TreeMap<>())
          .computeIfAbsent(piece.partition(), x -> new TreeMap<>())
          .put(piece.index(), (byte[]) r.get(3));
    }
    Map<List<String>, List<byte[]>> out = new TreeMap<>(LIST_ORDER);
    pieces.forEach(
        (key, partitions) -> {
          List<byte[]> parts = new ArrayList<>();
          partitions.forEach((p, byIndex) -> parts.add(SketchPartitions.Piece.join(p, byIndex)));
          out.put(key, parts);
        });
    return out;
  }
}
