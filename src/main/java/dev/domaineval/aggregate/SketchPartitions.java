package dev.domaineval.aggregate;

import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedMap;
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
 * Counts the rows of each partition of the pass's rows into sketches, in the stage that makes the
 * rows: every row passes through unchanged, and after a partition's last row come its sketches'
 * bytes, per (model, domain) and in pieces of at most {@link #PIECE} bytes, one row each (kind
 * {@link RowKind#SCORE_SKETCH} or {@link RowKind#EXAMPLE_SKETCH}, the bytes in {@link
 * PassRows#SKETCH}, which piece in {@link PassRows#REASON}, see {@link Piece}). The counting
 * aggregations carry them as they are (the piece is one of their keys; small pieces keep Spark's
 * hash aggregation from falling back to sorting, which whole sketches of megabytes made it do) and
 * the roll-up puts them together. The sketches: {@link ScoreSketching} (the score histograms of
 * every group) and {@link ExampleSketching} (the examples behind the counts).
 *
 * <p>Why not an aggregate function: a typed aggregate in the pass's {@code GROUP BY} makes Spark
 * aggregate every row of the pass with its object-based hash aggregation, which cost the pass's
 * main stage about 18 s of 46 s at 10 M examples before any score was counted (measured, see
 * docs/performance.md). Here the rows stay Spark's internal rows: nothing is converted but the
 * fields that a sketch reads.
 *
 * <p>This reads the rows through {@code Dataset.queryExecution().toRdd()} and turns the result back
 * into a Dataset with the classic session's {@code internalCreateDataFrame}, Spark-internal API
 * (public in the bytecode, present in every Spark 4 release).
 */
final class SketchPartitions {
  /** The largest piece of a sketch's bytes in one row. */
  static final int PIECE = 64 * 1024;

  private SketchPartitions() {}

  /** A sketch of one partition's rows: what a row adds, and the bytes of each (model, domain). */
  interface PartitionSketch {
    /** Adds what a row of the pass contributes (most rows contribute nothing). */
    void absorb(InternalRow row);

    /** The partition's sketches by (model, domain), after its last row. */
    Map<List<String>, byte[]> sketches();

    /** The kind of the rows that carry them. */
    RowKind kind();
  }

  /** Makes a partition's sketch on an executor. */
  interface Factory extends Serializable {
    PartitionSketch create();

    /** The column of the pass's rows that this sketch reads and that is dropped after it. */
    String inputColumn();
  }

  /** Where the sketch rows are written: the pass rows' common columns. */
  record RowLayout(
      int kind,
      int model,
      int domain,
      int reason,
      int count,
      int base,
      int sketch,
      int fields,
      long firstBase)
      implements Serializable {
    static RowLayout of(StructType schema, long firstBase) {
      return new RowLayout(
          schema.fieldIndex(PassRows.KIND),
          schema.fieldIndex(PassRows.MODEL),
          schema.fieldIndex(PassRows.DOMAIN),
          schema.fieldIndex(PassRows.REASON),
          schema.fieldIndex(PassRows.COUNT),
          schema.fieldIndex(PassRows.BASE_SET),
          schema.fieldIndex(PassRows.SKETCH),
          schema.size(),
          firstBase);
    }
  }

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
    static byte[] join(String partition, SortedMap<Integer, byte[]> pieces) {
      int count = Integer.parseInt(partition.substring(partition.indexOf(':') + 1));
      if (pieces.size() != count || pieces.firstKey() != 0 || pieces.lastKey() != count - 1) {
        throw new IllegalStateException(
            "The sketch of partition "
                + partition
                + " has pieces "
                + pieces.keySet()
                + " of "
                + count
                + ": the pass's counts are incomplete (an internal error; please report it)");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      pieces.values().forEach(out::writeBytes);
      return out.toByteArray();
    }
  }

  /**
   * The rows with every partition's sketches appended and the sketches' input columns dropped.
   *
   * @param rows the pass's rows, with each factory's input column and a null {@link
   *     PassRows#SKETCH}
   * @param factories the sketches to count
   * @param firstBase the base set id of rows without slice values
   */
  static Dataset<Row> sketched(Dataset<Row> rows, List<Factory> factories, long firstBase) {
    StructType schema = rows.schema();
    JavaRDD<InternalRow> sketched =
        rows.queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitions(new Sketching(RowLayout.of(schema, firstBase), factories));
    SparkSession spark = rows.sparkSession();
    Dataset<Row> out =
        ((org.apache.spark.sql.classic.SparkSession) spark)
            .internalCreateDataFrame(sketched.rdd(), schema, false);
    for (Factory f : factories) {
      out = out.drop(f.inputColumn());
    }
    return out;
  }

  /** The function of a partition. */
  private static final class Sketching
      implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;

    private final RowLayout layout;
    private final List<Factory> factories;

    Sketching(RowLayout layout, List<Factory> factories) {
      this.layout = layout;
      this.factories = List.copyOf(factories);
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
      PartitionSketch[] sketches = new PartitionSketch[factories.size()];
      for (int i = 0; i < sketches.length; i++) {
        sketches[i] = factories.get(i).create();
      }
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
          for (PartitionSketch s : sketches) {
            s.absorb(row);
          }
          return row;
        }
      };
    }

    /**
     * The rows of a partition's sketches: per sketch and piece, its kind, model, domain, which
     * piece, a count of 1, the first base set and the piece's bytes.
     */
    private List<InternalRow> sketchRows(PartitionSketch[] sketches) {
      List<InternalRow> out = new ArrayList<>();
      int partition = TaskContext.getPartitionId();
      for (PartitionSketch s : sketches) {
        UTF8String kind = UTF8String.fromString(s.kind().id());
        s.sketches()
            .forEach(
                (key, bytes) -> {
                  int pieces = Math.max(1, (bytes.length + PIECE - 1) / PIECE);
                  for (int p = 0; p < pieces; p++) {
                    GenericInternalRow row = new GenericInternalRow(layout.fields());
                    row.update(layout.kind(), kind);
                    row.update(layout.model(), UTF8String.fromString(key.get(0)));
                    row.update(layout.domain(), UTF8String.fromString(key.get(1)));
                    row.update(
                        layout.reason(), UTF8String.fromString(Piece.id(partition, pieces, p)));
                    row.update(layout.count(), 1L);
                    row.update(layout.base(), layout.firstBase());
                    row.update(
                        layout.sketch(),
                        Arrays.copyOfRange(
                            bytes, p * PIECE, Math.min(bytes.length, (p + 1) * PIECE)));
                    out.add(row);
                  }
                });
      }
      return out;
    }
  }
}
