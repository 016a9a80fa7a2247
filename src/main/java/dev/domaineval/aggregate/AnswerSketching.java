package dev.domaineval.aggregate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.domaineval.config.Normalization;
import dev.domaineval.counts.AnswerSketch;
import dev.domaineval.input.ExampleJoin;
import dev.domaineval.metrics.ConfusionMatrix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One partition's {@link AnswerSketch} per (model, domain): the raw answers of the evaluated
 * examples whose key is not a label the partition has seen, nor a refusal or an abstention (see
 * {@link SketchPartitions}). Domains whose {@code keep-raw-answers} is off are skipped. The input
 * ({@link #input}, null unless the example is evaluated): its domain and label, then per model its
 * prediction key and its answer as written (null when the model has no prediction; a null answer is
 * blank, {@code ""}).
 */
final class AnswerSketching implements SketchPartitions.PartitionSketch {
  /** The input column on the joined examples. */
  static final String INPUT = "answer_input";

  private static final UTF8String REFUSED = UTF8String.fromString(ConfusionMatrix.REFUSED);
  private static final UTF8String ABSTAINED = UTF8String.fromString(ConfusionMatrix.ABSTAINED);

  /** What the sketch reads. */
  record Layout(String[] models, Normalization normalization, boolean caseSensitive)
      implements SketchPartitions.Factory {
    @Override
    public SketchPartitions.PartitionSketch create() {
      return new AnswerSketching(this);
    }

    @Override
    public String inputColumn() {
      return INPUT;
    }
  }

  /** The input of a joined example. */
  static Column input(int models) {
    List<Column> fields = new ArrayList<>();
    fields.add(ExampleJoin.domain().as("domain"));
    fields.add(ExampleJoin.label().as("label"));
    for (int i = 0; i < models; i++) {
      fields.add(ExampleJoin.predictionKey(i).as("key_" + i));
      fields.add(
          when(ExampleJoin.predictionRows(i).gt(0), coalesce(ExampleJoin.rawAnswer(i), lit("")))
              .as("raw_" + i));
    }
    return when(ExampleJoin.isUsable(), struct(fields.toArray(Column[]::new)));
  }

  /** A domain in the partition: its labels and, per model, its sketch. */
  private final class Domain {
    final boolean keeps;
    final DomainLabels labels;
    final AnswerSketch[] sketches = new AnswerSketch[layout.models().length];

    Domain(String name) {
      keeps = layout.normalization().rules(name).keepRawAnswers();
      labels = new DomainLabels(layout.normalization().rules(name), layout.caseSensitive());
    }
  }

  private final Layout layout;
  private final Map<UTF8String, Domain> domains = new HashMap<>();

  private AnswerSketching(Layout layout) {
    this.layout = layout;
  }

  @Override
  public RowKind kind() {
    return RowKind.ANSWER_SKETCH;
  }

  @Override
  public void absorb(InternalRow in) {
    UTF8String name = in.getUTF8String(0);
    Domain domain = domains.get(name);
    if (domain == null) {
      domain = new Domain(name.toString());
      domains.put(name.clone(), domain);
    }
    if (!domain.keeps) {
      return;
    }
    UTF8String labelKey = domain.labels.keyOf(in.getUTF8String(1), key -> {});
    for (int i = 0; i < layout.models().length; i++) {
      int field = 2 + 2 * i;
      if (in.isNullAt(field + 1)) {
        continue;
      }
      UTF8String key = in.isNullAt(field) ? null : in.getUTF8String(field);
      if (key != null
          && (key.equals(labelKey)
              || domain.labels.isLabel(key)
              || key.equals(REFUSED)
              || key.equals(ABSTAINED))) {
        continue;
      }
      if (domain.sketches[i] == null) {
        domain.sketches[i] = new AnswerSketch();
      }
      domain.sketches[i].add(
          in.getUTF8String(field + 1).toString(), key == null ? null : key.toString());
    }
  }

  @Override
  public Map<List<String>, byte[]> sketches() {
    Map<List<String>, byte[]> out = new LinkedHashMap<>();
    domains.forEach(
        (name, domain) -> {
          for (int i = 0; i < domain.sketches.length; i++) {
            if (domain.sketches[i] != null) {
              out.put(List.of(layout.models()[i], name.toString()), domain.sketches[i].toBytes());
            }
          }
        });
    return out;
  }
}
