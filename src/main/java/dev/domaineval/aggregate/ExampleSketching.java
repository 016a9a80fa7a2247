package dev.domaineval.aggregate;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.domaineval.config.Normalization;
import dev.domaineval.counts.ExampleSketch;
import dev.domaineval.counts.ExampleSketch.Outcome;
import dev.domaineval.counts.ScoreSketch;
import dev.domaineval.input.ExampleJoin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One partition's {@link ExampleSketch} per (model, domain), from the joined examples: per grouping
 * of the plan, a candidate's broken, fixed and leaked examples and every model's wrong predictions
 * whose key is not yet known as a label (see {@link SketchPartitions}). The input ({@link #input},
 * null unless the example is evaluated): the example id, its xxhash64, domain and label, then per
 * model its prediction key, whether the example is in its fine-tuning data and its slice values. An
 * example's ids and values are read only when it has an outcome: most examples are right for every
 * model and cost a comparison of keys.
 */
final class ExampleSketching implements SketchPartitions.PartitionSketch {
  /** The input column on the joined examples. */
  static final String INPUT = "example_input";

  /** Position of the id, its hash, the domain, the label and the first model's fields. */
  static final int ID = 0;

  static final int HASH = 1;
  static final int DOMAIN = 2;
  static final int LABEL = 3;
  static final int FIRST_MODEL = 4;

  /** Per model: its key, its fine-tuning flag, then its slice values. */
  static final int KEY = 0;

  static final int LEAK = 1;
  static final int FIRST_VALUE = 2;

  /**
   * What the sketch reads.
   *
   * @param dimensions the number of slice dimensions
   * @param groupings per grouping of the plan, its dimensions
   * @param leakable per model, whether it has fine-tuning data (a leaked flag to read)
   */
  record Layout(
      int dimensions,
      int[][] groupings,
      String[] models,
      boolean[] leakable,
      int k,
      int maxClasses,
      boolean caseSensitive,
      Normalization normalization)
      implements SketchPartitions.Factory {

    @Override
    public SketchPartitions.PartitionSketch create() {
      return new ExampleSketching(this);
    }

    @Override
    public String inputColumn() {
      return INPUT;
    }

    /** The first field of model {@code i} in the input. */
    int modelField(int i) {
      return FIRST_MODEL + i * (FIRST_VALUE + dimensions);
    }
  }

  /** The layout of the plan's groupings. */
  static Layout layout(
      List<String> models,
      int dimensions,
      List<List<Integer>> groupings,
      boolean[] leakable,
      int k,
      int maxClasses,
      boolean caseSensitive,
      Normalization normalization) {
    int[][] g = new int[groupings.size()][];
    for (int i = 0; i < g.length; i++) {
      g[i] = groupings.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    return new Layout(
        dimensions,
        g,
        models.toArray(String[]::new),
        leakable,
        k,
        maxClasses,
        caseSensitive,
        normalization);
  }

  /**
   * The input of a joined example: the example id, its xxhash64 (Spark's, seed 42: the order in
   * which examples are chosen), domain and label, then per model its prediction key (null when
   * missing or blank), whether the example is in its fine-tuning data (null for a model without
   * any) and its slice values; null unless the example is evaluated.
   */
  static Column input(ExampleJoin join, int models) {
    List<Column> fields = new ArrayList<>();
    fields.add(ExampleJoin.exampleId().as("id"));
    fields.add(xxhash64(ExampleJoin.exampleId()).as("hash"));
    fields.add(ExampleJoin.domain().as("domain"));
    fields.add(ExampleJoin.label().as("label"));
    for (int i = 0; i < models; i++) {
      fields.add(ExampleJoin.predictionKey(i).as("key_" + i));
      fields.add(join.leaked(i).orElse(lit(null)).cast("boolean").as("leak_" + i));
      List<Column> values = join.sliceValues(i);
      for (int d = 0; d < values.size(); d++) {
        fields.add(values.get(d).cast("string").as("s_" + d + "_" + i));
      }
    }
    return when(ExampleJoin.isUsable(), struct(fields.toArray(Column[]::new)));
  }

  /**
   * A domain in the partition: the key of each label value seen (a label's key is valid), and per
   * model its sketch with the groups of the rows' values looked up without building them.
   */
  private final class Domain {
    final DomainLabels labels;
    final Model[] models = new Model[layout.models().length];

    Domain(String name) {
      labels = new DomainLabels(layout.normalization().rules(name), layout.caseSensitive());
    }

    /** The key of a row's label; a label seen for the first time makes its key valid. */
    UTF8String labelKey(UTF8String actual) {
      return labels.keyOf(
          actual,
          text -> {
            for (Model m : models) {
              if (m != null) {
                m.sketch.label(text);
              }
            }
          });
    }

    Model model(int i) {
      if (models[i] == null) {
        models[i] = new Model(i);
        labels.keys().forEach(k -> models[i].sketch.label(k.toString()));
      }
      return models[i];
    }
  }

  /** One model's sketch on a domain, and its groups by the values of the rows. */
  private final class Model {
    final int index;
    final ExampleSketch sketch = new ExampleSketch(layout.k(), layout.maxClasses());
    final ExampleSketch.Slot[] overall = new ExampleSketch.Slot[layout.groupings().length];

    @SuppressWarnings("unchecked")
    final Map<UTF8String, ExampleSketch.Slot>[] byValue = new Map[layout.groupings().length];

    Model(int index) {
      this.index = index;
    }

    /** The group of grouping {@code g} that a row's values fall in. */
    ExampleSketch.Slot slot(InternalRow row, int g) {
      int[] dims = layout.groupings()[g];
      if (dims.length == 0) {
        if (overall[g] == null) {
          overall[g] = sketch.slot(new ScoreSketch.Group(g, List.of()));
        }
        return overall[g];
      }
      if (dims.length == 1) {
        UTF8String value = value(row, dims[0]);
        Map<UTF8String, ExampleSketch.Slot> slots =
            byValue[g] == null ? (byValue[g] = new HashMap<>()) : byValue[g];
        ExampleSketch.Slot slot = slots.get(value);
        if (slot == null) {
          List<String> values = new ArrayList<>(1);
          values.add(value == null ? null : value.toString());
          slot = sketch.slot(new ScoreSketch.Group(g, values));
          slots.put(value == null ? null : value.clone(), slot);
        }
        return slot;
      }
      List<String> values = new ArrayList<>(dims.length);
      for (int d : dims) {
        UTF8String v = value(row, d);
        values.add(v == null ? null : v.toString());
      }
      return sketch.slot(new ScoreSketch.Group(g, values));
    }

    private UTF8String value(InternalRow row, int dimension) {
      int field = layout.modelField(index) + FIRST_VALUE + dimension;
      return row.isNullAt(field) ? null : row.getUTF8String(field);
    }
  }

  private final Layout layout;
  private final Map<UTF8String, Domain> domains = new HashMap<>();

  private ExampleSketching(Layout layout) {
    this.layout = layout;
  }

  @Override
  public RowKind kind() {
    return RowKind.EXAMPLE_SKETCH;
  }

  @Override
  public void absorb(InternalRow in) {
    Layout l = layout;
    UTF8String domainName = in.getUTF8String(DOMAIN);
    Domain domain = domains.get(domainName);
    if (domain == null) {
      domain = new Domain(domainName.toString());
      domains.put(domainName.clone(), domain);
    }
    UTF8String labelKey = domain.labelKey(in.getUTF8String(LABEL));
    Example example = null;
    boolean baselineRight = false;
    for (int i = 0; i < l.models().length; i++) {
      int field = l.modelField(i);
      UTF8String key = in.isNullAt(field + KEY) ? null : in.getUTF8String(field + KEY);
      boolean right = key != null && key.equals(labelKey);
      if (i == 0) {
        baselineRight = right;
      }
      boolean unresolved = !right && (key == null || !domain.labels.isLabel(key));
      boolean broken = i > 0 && baselineRight && !right;
      boolean fixed = i > 0 && !baselineRight && right;
      boolean leaked =
          i > 0 && l.leakable()[i] && !in.isNullAt(field + LEAK) && in.getBoolean(field + LEAK);
      if (unresolved || broken || fixed || leaked) {
        example = example == null ? new Example(in) : example;
        String wrongKey = !unresolved ? null : key == null ? ExampleSketch.MISSING : key.toString();
        add(in, domain.model(i), example, broken, fixed, leaked, wrongKey);
      }
    }
  }

  /** An example's id (its UTF-8 bytes, read once, when a group wants it) and hash. */
  private static final class Example {
    final InternalRow input;
    final long hash;
    byte[] id;

    Example(InternalRow input) {
      this.input = input;
      this.hash = input.getLong(HASH);
    }

    byte[] id() {
      if (id == null) {
        UTF8String s = input.getUTF8String(ID);
        id = new byte[s.numBytes()];
        s.writeToMemory(id, Platform.BYTE_ARRAY_OFFSET);
      }
      return id;
    }
  }

  private void add(
      InternalRow in,
      Model model,
      Example example,
      boolean broken,
      boolean fixed,
      boolean leaked,
      String wrongKey) {
    long hash = example.hash;
    for (int g = 0; g < layout.groupings().length; g++) {
      ExampleSketch.Slot slot = model.slot(in, g);
      if (broken && slot.wants(Outcome.BROKEN, hash)) {
        slot.offer(Outcome.BROKEN, hash, example.id());
      }
      if (fixed && slot.wants(Outcome.FIXED, hash)) {
        slot.offer(Outcome.FIXED, hash, example.id());
      }
      if (leaked && slot.wants(Outcome.LEAKED, hash)) {
        slot.offer(Outcome.LEAKED, hash, example.id());
      }
      if (wrongKey != null && slot.wantsWrong(wrongKey, hash)) {
        slot.offerWrong(wrongKey, hash, example.id());
      }
    }
  }

  @Override
  public Map<List<String>, byte[]> sketches() {
    Map<List<String>, byte[]> out = new LinkedHashMap<>();
    domains.forEach(
        (name, domain) -> {
          for (Model m : domain.models) {
            if (m != null) {
              out.put(List.of(layout.models()[m.index], name.toString()), m.sketch.toBytes());
            }
          }
        });
    return out;
  }
}
