package dev.domaineval.aggregate;

import static org.apache.spark.sql.functions.struct;

import dev.domaineval.counts.ScoreSketch;
import dev.domaineval.input.ExampleJoin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * One partition's {@link ScoreSketch} per (model, domain): each valid score of a joined example
 * counted in every grouping of the plan at once (see {@link SketchPartitions}). The input ({@link
 * #input}): the example's domain, then per model its {@link ScoreTerms#sketchInput} (null bucket
 * unless the example is labelled, its domain binary and the model's score valid).
 */
final class ScoreSketching implements SketchPartitions.PartitionSketch {
  /** The input column on the joined examples. */
  static final String INPUT = "score_input";

  /**
   * What the sketch reads.
   *
   * @param models the selected models, baseline first
   * @param modelFields the fields of a model's {@link ScoreTerms#sketchInput}
   * @param groupings per grouping of the plan, its dimensions
   */
  record Layout(String[] models, int modelFields, int[][] groupings)
      implements SketchPartitions.Factory {
    static Layout of(List<String> models, int dimensions, List<List<Integer>> groupings) {
      int[][] dims = new int[groupings.size()][];
      for (int g = 0; g < groupings.size(); g++) {
        dims[g] = groupings.get(g).stream().mapToInt(Integer::intValue).toArray();
      }
      return new Layout(
          models.toArray(String[]::new), ScoreTerms.sketchInputType(dimensions).size(), dims);
    }

    @Override
    public SketchPartitions.PartitionSketch create() {
      return new ScoreSketching(this);
    }

    @Override
    public String inputColumn() {
      return INPUT;
    }
  }

  /** The input of a joined example (with the score terms added, see {@link ScoreTerms#addTo}). */
  static Column input(ExampleJoin join, int models) {
    List<Column> fields = new ArrayList<>();
    fields.add(ExampleJoin.domain().as("domain"));
    for (int i = 0; i < models; i++) {
      fields.add(ScoreTerms.sketchInput(i, join.sliceValues(i)).as("m_" + i));
    }
    return struct(fields.toArray(Column[]::new));
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

  /** Adds each model's valid score of an example to its (model, domain)'s sketch. */
  @Override
  public void absorb(InternalRow in) {
    Layout l = layout;
    if (in.isNullAt(0)) {
      return;
    }
    String domain = null;
    for (int i = 0; i < l.models().length; i++) {
      if (in.isNullAt(1 + i)) {
        continue;
      }
      InternalRow input = in.getStruct(1 + i, l.modelFields());
      if (input.isNullAt(1)) {
        continue;
      }
      domain = domain == null ? in.getUTF8String(0).toString() : domain;
      add(sketches.computeIfAbsent(List.of(l.models()[i], domain), k -> new ScoreSketch()), input);
    }
  }

  private void add(ScoreSketch sketch, InternalRow input) {
    Layout l = layout;
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
