package dev.domaineval.aggregate;

import static org.apache.spark.sql.functions.lit;

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
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Counts the joined examples of each partition into sketches, in the stage that reads them: every
 * example passes through unchanged, and after a partition's last example come its sketches' bytes,
 * per (model, domain) and in pieces of at most {@link #PIECE} bytes, one row each: a row whose
 * {@link #SKETCH_ROW} holds the sketch's kind ({@link RowKind#SCORE_SKETCH}, {@link
 * RowKind#EXAMPLE_SKETCH}), model, domain, which piece (see {@link Piece}) and bytes, every other
 * column null. {@link ExampleRows} turns such a row into one pass row (its bytes in {@link
 * PassRows#SKETCH}); the counting aggregations carry them as they are (the piece is one of their
 * keys; small pieces keep Spark's hash aggregation from falling back to sorting, which whole
 * sketches of megabytes made it do) and the roll-up puts them together. The sketches: {@link
 * ScoreSketching} (the score histograms of every group) and {@link ExampleSketching} (the examples
 * behind the counts).
 *
 * <p>Once per joined example, before the examples are exploded into the pass's rows: rows cross
 * from Spark's generated code to this step and back once per example, not once per pass row (which
 * cost the examples table a fifth of the job, see docs/performance.md). Each sketch reads a struct
 * column of its own ({@link Factory#inputColumn}), null for examples it skips.
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

  /**
   * The column of the rows that carry a piece of a sketch: a struct of its kind, model, domain,
   * piece ({@link Piece#id}) and bytes ({@link #SKETCH_ROW_TYPE}); null on the examples.
   */
  static final String SKETCH_ROW = "sketch_row";

  static final StructType SKETCH_ROW_TYPE =
      new StructType()
          .add("kind", DataTypes.StringType)
          .add("model", DataTypes.StringType)
          .add("domain", DataTypes.StringType)
          .add("piece", DataTypes.StringType)
          .add("bytes", DataTypes.BinaryType);

  private SketchPartitions() {}

  /**
   * A sketch of one partition's examples: what an example adds, and the bytes per (model, domain).
   */
  interface PartitionSketch {
    /** Adds an example's input (the struct of {@link Factory#inputColumn}, never null). */
    void absorb(InternalRow input);

    /** The partition's sketches by (model, domain), after its last example. */
    Map<List<String>, byte[]> sketches();

    /** The kind of the rows that carry them. */
    RowKind kind();
  }

  /**
   * A sketch to count and its input column's value on a joined example (the value stays on the
   * driver; only the factory is sent to the executors).
   */
  record Sketch(Factory factory, Column input) {}

  /** Makes a partition's sketch on an executor. */
  interface Factory extends Serializable {
    PartitionSketch create();

    /**
     * The column of the examples that this sketch reads: a struct, null when an example adds
     * nothing.
     */
    String inputColumn();
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
   * The joined examples with each factory's input column, then every partition's sketch rows
   * appended ({@link #SKETCH_ROW}). Every column is nullable in the result (a sketch row's other
   * columns are null).
   *
   * @param examples the joined examples
   * @param sketches the sketches to count
   */
  static Dataset<Row> sketched(Dataset<Row> examples, List<Sketch> sketches) {
    Dataset<Row> in = examples;
    List<Factory> factories = new ArrayList<>();
    for (Sketch sketch : sketches) {
      in = in.withColumn(sketch.factory().inputColumn(), sketch.input());
      factories.add(sketch.factory());
    }
    in = in.withColumn(SKETCH_ROW, lit(null).cast(SKETCH_ROW_TYPE));
    StructType schema = in.schema();
    int[] fields = new int[factories.size()];
    int[] widths = new int[factories.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = schema.fieldIndex(factories.get(i).inputColumn());
      widths[i] = ((StructType) schema.apply(fields[i]).dataType()).size();
    }
    StructField[] nullable = schema.fields().clone();
    for (int i = 0; i < nullable.length; i++) {
      nullable[i] =
          new StructField(nullable[i].name(), nullable[i].dataType(), true, nullable[i].metadata());
    }
    JavaRDD<InternalRow> sketched =
        in.queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitions(
                new Sketching(
                    factories, fields, widths, schema.size(), schema.fieldIndex(SKETCH_ROW)));
    SparkSession spark = in.sparkSession();
    return ((org.apache.spark.sql.classic.SparkSession) spark)
        .internalCreateDataFrame(sketched.rdd(), new StructType(nullable), false);
  }

  /** The function of a partition. */
  private static final class Sketching
      implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;

    private final List<Factory> factories;
    private final int[] inputs;
    private final int[] widths;
    private final int fields;
    private final int sketchRow;

    Sketching(List<Factory> factories, int[] inputs, int[] widths, int fields, int sketchRow) {
      this.factories = List.copyOf(factories);
      this.inputs = inputs;
      this.widths = widths;
      this.fields = fields;
      this.sketchRow = sketchRow;
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
          for (int i = 0; i < sketches.length; i++) {
            if (!row.isNullAt(inputs[i])) {
              sketches[i].absorb(row.getStruct(inputs[i], widths[i]));
            }
          }
          return row;
        }
      };
    }

    /**
     * The rows of a partition's sketches: per sketch and piece, a row whose {@link #SKETCH_ROW}
     * holds its kind, model, domain, which piece and the piece's bytes.
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
                    GenericInternalRow row = new GenericInternalRow(fields);
                    row.update(
                        sketchRow,
                        new GenericInternalRow(
                            new Object[] {
                              kind,
                              UTF8String.fromString(key.get(0)),
                              UTF8String.fromString(key.get(1)),
                              UTF8String.fromString(Piece.id(partition, pieces, p)),
                              Arrays.copyOfRange(
                                  bytes, p * PIECE, Math.min(bytes.length, (p + 1) * PIECE))
                            }));
                    out.add(row);
                  }
                });
      }
      return out;
    }
  }
}
