package dev.domaineval.aggregate;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;

import dev.domaineval.config.Normalization;
import dev.domaineval.counts.ExampleSketch;
import dev.domaineval.counts.ExampleSketch.Outcome;
import dev.domaineval.counts.ScoreSketch;
import dev.domaineval.input.AnswerChain;
import dev.domaineval.input.ExampleJoin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One partition's {@link ExampleSketch} per (model, domain), from the example rows of the pass: per
 * grouping of the row's base set, a candidate's broken, fixed and leaked examples and every model's
 * wrong predictions whose key is not yet known as a label (see {@link SketchPartitions}). A row's
 * fields are read only when its example has an outcome: most rows are right for every model and
 * cost a comparison of keys.
 */
final class ExampleSketching implements SketchPartitions.PartitionSketch {
  private static final UTF8String EXAMPLE = UTF8String.fromString(RowKind.EXAMPLE.id());

  /** Position of the id, its hash and the first model's fine-tuning flag in the input struct. */
  static final int ID = 0;

  static final int HASH = 1;
  static final int FIRST_LEAK = 2;

  /**
   * Where the sketch reads a row's fields.
   *
   * @param predicted per model, the field of its prediction key
   * @param dims per model, per slice dimension, the field of the model's value
   * @param groupings per grouping of the plan, its dimensions
   * @param groupingBase per grouping, the base set it is counted in
   * @param leakable per model, whether it has fine-tuning data (a leaked flag to read)
   */
  record Layout(
      int kind,
      int domain,
      int actual,
      int base,
      int input,
      int inputFields,
      int[] predicted,
      int[][] dims,
      int[][] groupings,
      long[] groupingBase,
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
      return PassRows.EXAMPLE_INPUT;
    }
  }

  /**
   * The layout of the pass's rows.
   *
   * @param wideDims the prediction-side dimensions (a further model's value has its own column)
   */
  static Layout layout(
      StructType schema,
      List<String> models,
      int dimensions,
      List<Integer> wideDims,
      List<List<Integer>> groupings,
      List<Long> groupingBase,
      boolean[] leakable,
      int k,
      int maxClasses,
      boolean caseSensitive,
      Normalization normalization) {
    int[] predicted = new int[models.size()];
    int[][] dims = new int[models.size()][dimensions];
    for (int i = 0; i < models.size(); i++) {
      predicted[i] = schema.fieldIndex(PassRows.predictedBy(i));
      for (int d = 0; d < dimensions; d++) {
        dims[i][d] =
            schema.fieldIndex(
                i > 0 && wideDims.contains(d) ? PassRows.dimensionOf(d, i) : PassRows.dimension(d));
      }
    }
    int[][] g = new int[groupings.size()][];
    long[] base = new long[groupings.size()];
    for (int i = 0; i < g.length; i++) {
      g[i] = groupings.get(i).stream().mapToInt(Integer::intValue).toArray();
      base[i] = groupingBase.get(i);
    }
    return new Layout(
        schema.fieldIndex(PassRows.KIND),
        schema.fieldIndex(PassRows.DOMAIN),
        schema.fieldIndex(PassRows.ACTUAL),
        schema.fieldIndex(PassRows.BASE_SET),
        schema.fieldIndex(PassRows.EXAMPLE_INPUT),
        ((StructType) schema.apply(PassRows.EXAMPLE_INPUT).dataType()).size(),
        predicted,
        dims,
        g,
        base,
        models.toArray(String[]::new),
        leakable,
        k,
        maxClasses,
        caseSensitive,
        normalization);
  }

  /**
   * What an example row carries for the sketch ({@link PassRows#EXAMPLE_INPUT}): the example id,
   * its xxhash64 (Spark's, seed 42: the order in which examples are chosen) and per model whether
   * the example is in its fine-tuning data (null for a model without any).
   */
  static Column input(ExampleJoin join, int models) {
    List<Column> fields = new ArrayList<>();
    fields.add(ExampleJoin.exampleId().as("id"));
    fields.add(xxhash64(ExampleJoin.exampleId()).as("hash"));
    for (int i = 0; i < models; i++) {
      fields.add(join.leaked(i).orElse(lit(null)).cast("boolean").as("leak_" + i));
    }
    return struct(fields.toArray(Column[]::new));
  }

  /** The type of {@link #input} with {@code models} models. */
  static StructType inputType(int models) {
    StructType type =
        new StructType().add("id", DataTypes.StringType).add("hash", DataTypes.LongType);
    for (int i = 0; i < models; i++) {
      type = type.add("leak_" + i, DataTypes.BooleanType);
    }
    return type;
  }

  /**
   * A domain in the partition: the key of each label value seen (a label's key is valid), and per
   * model its sketch with the groups of the rows' values looked up without building them.
   */
  private final class Domain {
    final AnswerChain chain;
    final Map<UTF8String, UTF8String> keyOfLabel = new HashMap<>();
    final Set<UTF8String> labelKeys = new HashSet<>();
    final Model[] models = new Model[layout.models().length];

    Domain(String name) {
      chain = new AnswerChain(layout.normalization().rules(name), layout.caseSensitive());
    }

    /** The key of a row's label; a label seen for the first time makes its key valid. */
    UTF8String labelKey(UTF8String actual) {
      UTF8String key = keyOfLabel.get(actual);
      if (key == null) {
        String labelKey = chain.labelKey(actual.toString());
        key = UTF8String.fromString(labelKey == null ? "" : labelKey);
        keyOfLabel.put(actual.clone(), key);
        if (labelKeys.add(key)) {
          String text = key.toString();
          for (Model m : models) {
            if (m != null) {
              m.sketch.label(text);
            }
          }
        }
      }
      return key;
    }

    Model model(int i) {
      if (models[i] == null) {
        models[i] = new Model(i);
        labelKeys.forEach(k -> models[i].sketch.label(k.toString()));
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
      int field = layout.dims()[index][dimension];
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
  public void absorb(InternalRow row) {
    Layout l = layout;
    if (row.isNullAt(l.input()) || !EXAMPLE.equals(row.getUTF8String(l.kind()))) {
      return;
    }
    UTF8String domainName = row.getUTF8String(l.domain());
    Domain domain = domains.get(domainName);
    if (domain == null) {
      domain = new Domain(domainName.toString());
      domains.put(domainName.clone(), domain);
    }
    UTF8String labelKey = domain.labelKey(row.getUTF8String(l.actual()));
    Example example = null;
    boolean baselineRight = false;
    for (int i = 0; i < l.models().length; i++) {
      UTF8String key = row.isNullAt(l.predicted()[i]) ? null : row.getUTF8String(l.predicted()[i]);
      boolean right = key != null && key.equals(labelKey);
      if (i == 0) {
        baselineRight = right;
      }
      boolean unresolved = !right && (key == null || !domain.labelKeys.contains(key));
      boolean broken = i > 0 && baselineRight && !right;
      boolean fixed = i > 0 && !baselineRight && right;
      boolean leaked = false;
      if (i > 0 && l.leakable()[i]) {
        example =
            example == null ? new Example(row.getStruct(l.input(), l.inputFields())) : example;
        leaked = example.leaked(i);
      }
      if (unresolved || broken || fixed || leaked) {
        example =
            example == null ? new Example(row.getStruct(l.input(), l.inputFields())) : example;
        String wrongKey = !unresolved ? null : key == null ? ExampleSketch.MISSING : key.toString();
        add(row, domain.model(i), example, broken, fixed, leaked, wrongKey);
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

    boolean leaked(int model) {
      return !input.isNullAt(FIRST_LEAK + model) && input.getBoolean(FIRST_LEAK + model);
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
      InternalRow row,
      Model model,
      Example example,
      boolean broken,
      boolean fixed,
      boolean leaked,
      String wrongKey) {
    Layout l = layout;
    long hash = example.hash;
    long base = row.getLong(l.base());
    for (int g = 0; g < l.groupings().length; g++) {
      if (l.groupingBase()[g] != base) {
        continue;
      }
      ExampleSketch.Slot slot = model.slot(row, g);
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
