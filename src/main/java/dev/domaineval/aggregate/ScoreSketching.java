package dev.domaineval.aggregate;

import dev.domaineval.counts.ScoreSketch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One partition's {@link ScoreSketch} per (model, domain): each valid score of a score row ({@link
 * PassRows#SCORE_INPUT}) counted in every grouping of the plan at once (see {@link
 * SketchPartitions}).
 */
final class ScoreSketching implements SketchPartitions.PartitionSketch {
  private static final UTF8String SCORE = UTF8String.fromString(RowKind.SCORE_DOMAIN.id());

  /** Where the sketch reads a row's fields. */
  record Layout(int kind, int model, int domain, int input, int inputFields, int[][] groupings)
      implements SketchPartitions.Factory {
    /**
     * @param schema the pass rows' schema, with {@link PassRows#SCORE_INPUT}
     * @param groupings per grouping of the plan, its dimensions
     */
    static Layout of(StructType schema, List<List<Integer>> groupings) {
      int[][] dims = new int[groupings.size()][];
      for (int g = 0; g < groupings.size(); g++) {
        dims[g] = groupings.get(g).stream().mapToInt(Integer::intValue).toArray();
      }
      return new Layout(
          schema.fieldIndex(PassRows.KIND),
          schema.fieldIndex(PassRows.MODEL),
          schema.fieldIndex(PassRows.DOMAIN),
          schema.fieldIndex(PassRows.SCORE_INPUT),
          ((StructType) schema.apply(PassRows.SCORE_INPUT).dataType()).size(),
          dims);
    }

    @Override
    public SketchPartitions.PartitionSketch create() {
      return new ScoreSketching(this);
    }

    @Override
    public String inputColumn() {
      return PassRows.SCORE_INPUT;
    }
  }

  private final Layout layout;
  private final Map<List<String>, ScoreSketch> sketches = new LinkedHashMap<>();

  private ScoreSketching(Layout layout) {
    this.layout = layout;
  }

  @Override
  public RowKind kind() {
    return RowKind.SCORE_SKETCH;
  }

  /** Adds a valid score of a score row to its (model, domain)'s sketch. */
  @Override
  public void absorb(InternalRow row) {
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
                row.getUTF8String(l.model()).toString(), row.getUTF8String(l.domain()).toString()),
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

  @Override
  public Map<List<String>, byte[]> sketches() {
    Map<List<String>, byte[]> out = new LinkedHashMap<>();
    sketches.forEach((key, sketch) -> out.put(key, sketch.toBytes()));
    return out;
  }
}
