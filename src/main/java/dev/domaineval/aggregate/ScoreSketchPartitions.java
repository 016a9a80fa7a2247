package dev.domaineval.aggregate;

import dev.domaineval.counts.ScoreSketch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Counts the score rows of each partition of the pass's rows into one {@link ScoreSketch} per
 * (model, domain), in the stage that makes the rows: every row passes through unchanged, and after
 * a partition's last row come its sketches' bytes, in pieces of at most {@link #PIECE} bytes, one
 * row each ({@link RowKind#SCORE_SKETCH}, the bytes in {@link PassRows#SKETCH}, which piece in
 * {@link PassRows#REASON}, see {@link Piece}). The counting aggregations carry them as they are
 * (the piece is one of their keys; small pieces keep Spark's hash aggregation from falling back to
 * sorting, which whole sketches of megabytes made it do) and the roll-up puts them together.
 *
 * <p>Why not an aggregate function: a typed aggregate in the pass's {@code GROUP BY} makes Spark
 * aggregate every row of the pass with its object-based hash aggregation, which cost the pass's
 * main stage about 18 s of 46 s at 10 M examples before any score was counted (measured, see
 * docs/performance.md). Here the rows stay Spark's internal rows: nothing is converted but the
 * score rows' fields that the sketch reads.
 *
 * <p>This reads the rows through {@code Dataset.queryExecution().toRdd()} and turns the result back
 * into a Dataset with the classic session's {@code internalCreateDataFrame}, Spark-internal API
 * (public in the bytecode, present in every Spark 4 release).
 */
final class ScoreSketchPartitions {
  /** The largest piece of a sketch's bytes in one row. */
  static final int PIECE = 64 * 1024;

  private ScoreSketchPartitions() {}

  /**
   * Which piece of which partition's sketch a row holds, written {@code
   * <partition>:<pieces>:<index>} in its {@link PassRows#REASON}.
   *
   * @param partition the partition and its number of pieces, {@code <partition>:<pieces>}
   * @param index the piece's position, from 0
   */
  record Piece(String partition, int index) {
    static String id(int partition, int pieces, int index) {
      return partition + ":" + pieces + ":" + index;
    }

    static Piece parse(String id) {
      int last = id.lastIndexOf(':');
      return new Piece(id.substring(0, last), Integer.parseInt(id.substring(last + 1)));
    }

    /**
     * A partition's sketch from its pieces.
     *
     * @throws IllegalStateException when a piece is missing
     */
    static byte[] join(String partition, java.util.SortedMap<Integer, byte[]> pieces) {
      int count = Integer.parseInt(partition.substring(partition.indexOf(':') + 1));
      if (pieces.size() != count || pieces.firstKey() != 0 || pieces.lastKey() != count - 1) {
        throw new IllegalStateException(
            "The score sketch of partition "
                + partition
                + " has pieces "
                + pieces.keySet()
                + " of "
                + count
                + ": the pass's counts are incomplete (an internal error; please report it)");
      }
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      pieces.values().forEach(out::writeBytes);
      return out.toByteArray();
    }
  }

  /**
   * The rows with every partition's sketches appended and {@link PassRows#SCORE_INPUT} dropped.
   *
   * @param rows the pass's rows, with {@link PassRows#SCORE_INPUT} and a null {@link
   *     PassRows#SKETCH}
   * @param groupings per grouping of the plan, its dimensions
   * @param firstBase the base set id of rows without slice values
   */
  static Dataset<Row> sketched(Dataset<Row> rows, List<List<Integer>> groupings, long firstBase) {
    StructType schema = rows.schema();
    Layout layout =
        new Layout(
            schema.fieldIndex(PassRows.KIND),
            schema.fieldIndex(PassRows.MODEL),
            schema.fieldIndex(PassRows.DOMAIN),
            schema.fieldIndex(PassRows.REASON),
            schema.fieldIndex(PassRows.COUNT),
            schema.fieldIndex(PassRows.BASE_SET),
            schema.fieldIndex(PassRows.SCORE_INPUT),
            ((StructType) schema.apply(PassRows.SCORE_INPUT).dataType()).size(),
            schema.fieldIndex(PassRows.SKETCH),
            schema.size(),
            firstBase,
            toArrays(groupings));
    JavaRDD<InternalRow> sketched =
        rows.queryExecution().toRdd().toJavaRDD().mapPartitions(new Sketching(layout));
    SparkSession spark = rows.sparkSession();
    return ((org.apache.spark.sql.classic.SparkSession) spark)
        .internalCreateDataFrame(sketched.rdd(), schema, false)
        .drop(PassRows.SCORE_INPUT);
  }

  private static int[][] toArrays(List<List<Integer>> groupings) {
    int[][] out = new int[groupings.size()][];
    for (int g = 0; g < groupings.size(); g++) {
      out[g] = groupings.get(g).stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  /** Where the sketching reads and writes a row's fields. */
  private record Layout(
      int kind,
      int model,
      int domain,
      int reason,
      int count,
      int base,
      int input,
      int inputFields,
      int sketch,
      int fields,
      long firstBase,
      int[][] groupings)
      implements java.io.Serializable {}

  /** The function of a partition. */
  private static final class Sketching
      implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private static final UTF8String SCORE = UTF8String.fromString(RowKind.SCORE_DOMAIN.id());
    private static final UTF8String SKETCH = UTF8String.fromString(RowKind.SCORE_SKETCH.id());

    private final Layout layout;

    Sketching(Layout layout) {
      this.layout = layout;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
      Map<List<String>, ScoreSketch> sketches = new LinkedHashMap<>();
      return new Iterator<>() {
        private Iterator<InternalRow> tail;

        @Override
        public boolean hasNext() {
          if (tail == null && rows.hasNext()) {
            return true;
          }
          if (tail == null) {
            tail = sketchRows(sketches).iterator();
          }
          return tail.hasNext();
        }

        @Override
        public InternalRow next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          if (tail != null) {
            return tail.next();
          }
          InternalRow row = rows.next();
          absorb(row, sketches);
          return row;
        }
      };
    }

    /** Adds a valid score of a score row to its (model, domain)'s sketch. */
    private void absorb(InternalRow row, Map<List<String>, ScoreSketch> sketches) {
      Layout l = layout;
      if (row.isNullAt(l.input()) || !SCORE.equals(row.getUTF8String(l.kind()))) {
        return;
      }
      InternalRow input = row.getStruct(l.input(), l.inputFields());
      if (input.isNullAt(1)) {
        return;
      }
      ScoreSketch sketch =
          sketches.computeIfAbsent(
              List.of(
                  row.getUTF8String(l.model()).toString(),
                  row.getUTF8String(l.domain()).toString()),
              k -> new ScoreSketch());
      boolean positive = input.getBoolean(0);
      int bucket = input.getInt(1);
      int sliceBucket = input.getInt(2);
      double score = input.getDouble(3);
      double logLoss = input.getDouble(4);
      double squaredError = input.getDouble(5);
      int first = ScoreTerms.INPUT_FIELDS.size();
      for (int g = 0; g < l.groupings().length; g++) {
        int[] dims = l.groupings()[g];
        int group;
        if (dims.length == 0) {
          group = sketch.overallGroup(g);
        } else if (dims.length == 1) {
          group = sketch.group(g, text(input, first + dims[0]));
        } else {
          List<String> values = new ArrayList<>(dims.length);
          for (int d : dims) {
            values.add(text(input, first + d));
          }
          group = sketch.group(g, values);
        }
        sketch.add(
            group, dims.length == 0 ? bucket : sliceBucket, positive, score, logLoss, squaredError);
      }
    }

    private static String text(InternalRow row, int field) {
      return row.isNullAt(field) ? null : row.getUTF8String(field).toString();
    }

    /**
     * The rows of a partition's sketches: per sketch and piece, its kind, model, domain, which
     * piece, a count of 1, the first base set and the piece's bytes.
     */
    private List<InternalRow> sketchRows(Map<List<String>, ScoreSketch> sketches) {
      List<InternalRow> out = new ArrayList<>();
      int partition = TaskContext.getPartitionId();
      sketches.forEach(
          (key, sketch) -> {
            byte[] bytes = sketch.toBytes();
            int pieces = Math.max(1, (bytes.length + PIECE - 1) / PIECE);
            for (int p = 0; p < pieces; p++) {
              GenericInternalRow row = new GenericInternalRow(layout.fields());
              row.update(layout.kind(), SKETCH);
              row.update(layout.model(), UTF8String.fromString(key.get(0)));
              row.update(layout.domain(), UTF8String.fromString(key.get(1)));
              row.update(layout.reason(), UTF8String.fromString(Piece.id(partition, pieces, p)));
              row.update(layout.count(), 1L);
              row.update(layout.base(), layout.firstBase());
              row.update(
                  layout.sketch(),
                  Arrays.copyOfRange(bytes, p * PIECE, Math.min(bytes.length, (p + 1) * PIECE)));
              out.add(row);
            }
          });
      return out;
    }
  }
}
