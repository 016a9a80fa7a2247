package dev.domaineval.bench;

import java.util.List;
import java.util.Locale;

/**
 * The shape of a generated benchmark data set: its size and the fixed layout of its domains and
 * slice columns, which the generator, the floor plans and the job config all read from here.
 *
 * @param examples labelled examples (label rows), at least 1
 * @param models models with a prediction per example, at least 1: {@code base}, then {@code ft-1},
 *     {@code ft-2}, ...
 * @param seed seed of every random choice; the same seed and size give the same rows
 */
public record BenchShape(long examples, int models, long seed) {

  /** Share of (example, model) pairs without a prediction row. */
  public static final double MISSING_RATE = 0.002;

  /** Share of prediction rows whose prediction is invalid (blank, null or not a class). */
  public static final double INVALID_RATE = 0.005;

  /** Orphan prediction rows (no label row), per thousand examples. */
  public static final int ORPHANS_PER_THOUSAND = 2;

  /** Share of label rows with a null label. */
  public static final double NULL_LABEL_RATE = 0.0005;

  /**
   * One domain of the data set.
   *
   * @param name the value of the {@code domain} column
   * @param share the fraction of examples in this domain
   * @param classes the labels; the first is the positive class of a binary domain
   * @param priors the fraction of the domain's examples with each label, in the order of classes
   * @param binary whether the domain is binary (then the job config names its positive class)
   * @param accuracy the baseline's chance of predicting an example right
   * @param gain what each further (fine-tuned) model adds to that chance: negative on a domain it
   *     forgets
   * @param outOfDomain whether the job's config gives the domain {@code role = out-of-domain}
   *     (fine-tuning did not target it: its drops are forgetting)
   */
  public record Domain(
      String name,
      double share,
      List<String> classes,
      List<Double> priors,
      boolean binary,
      double accuracy,
      double gain,
      boolean outOfDomain) {
    public Domain {
      classes = List.copyOf(classes);
      priors = List.copyOf(priors);
      if (classes.size() != priors.size() || classes.size() < 2) {
        throw new IllegalArgumentException(
            "Domain " + name + ": expected one prior per class and at least two classes");
      }
    }
  }

  /**
   * One slice column of the label table.
   *
   * @param name the column
   * @param cardinality how many distinct non-null values it has (at most)
   * @param prefix the values are this prefix followed by a number
   */
  public record SliceColumn(String name, int cardinality, String prefix) {}

  /** Each fine-tuned model's gain in accuracy on the domains it was tuned for. */
  private static final double TUNED_GAIN = 0.02;

  /**
   * Six domains of skewed size: three multiclass, three binary, one with a rare positive class, and
   * one out-of-domain set on which each fine-tuned model is 2.8 points less accurate (the
   * forgetting the paired tests and margins must report once, at domain level).
   */
  public static final List<Domain> DOMAINS =
      List.of(
          new Domain(
              "support",
              0.35,
              List.of("billing", "technical", "account", "shipping", "returns", "other"),
              List.of(0.30, 0.25, 0.15, 0.12, 0.10, 0.08),
              false,
              0.80,
              TUNED_GAIN,
              false),
          new Domain(
              "spam",
              0.25,
              List.of("spam", "ham"),
              List.of(0.30, 0.70),
              true,
              0.90,
              TUNED_GAIN,
              false),
          new Domain(
              "legal",
              0.15,
              List.of("contract", "litigation", "ip", "employment"),
              List.of(0.45, 0.30, 0.15, 0.10),
              false,
              0.75,
              TUNED_GAIN,
              false),
          new Domain(
              "medical",
              0.10,
              List.of("urgent", "routine"),
              List.of(0.08, 0.92),
              true,
              0.88,
              TUNED_GAIN,
              false),
          // The rare positive class: 1 % of the domain's examples.
          new Domain(
              "fraud",
              0.05,
              List.of("fraud", "ok"),
              List.of(0.01, 0.99),
              true,
              0.97,
              TUNED_GAIN,
              false),
          new Domain(
              "general",
              0.10,
              List.of("question", "request", "feedback"),
              List.of(0.50, 0.30, 0.20),
              false,
              0.85,
              -0.028,
              true));

  /**
   * The slice columns, in the order in which a benchmark with {@code k} slice columns takes the
   * first {@code k}. The first four are the reference shape (12, 8, 4 and ~1,000 values); {@code
   * site} is the high-cardinality one.
   */
  public static final List<SliceColumn> SLICE_COLUMNS =
      List.of(
          new SliceColumn("language", 12, "lang-"),
          new SliceColumn("channel", 8, "channel-"),
          new SliceColumn("length_bucket", 4, "len-"),
          new SliceColumn("site", 1000, "site-"),
          new SliceColumn("tier", 2, "tier-"),
          new SliceColumn("region", 3, "region-"),
          new SliceColumn("device", 3, "device-"),
          new SliceColumn("topic", 6, "topic-"));

  /** The name of the column with more than a few hundred values. */
  public static final String HIGH_CARDINALITY_COLUMN = "site";

  /** The values of the {@code split} column, and the share of examples in each. */
  public static final List<String> SPLITS = List.of("test", "validation", "train");

  public BenchShape {
    if (examples < 1) {
      throw new IllegalArgumentException(
          "Invalid number of examples: " + examples + ". Use a positive number such as 1000000.");
    }
    if (models < 1 || models > 99) {
      throw new IllegalArgumentException(
          "Invalid number of models: " + models + ". Use 1 to 99 (2: a baseline and a candidate).");
    }
  }

  /** The model names: {@code base}, {@code ft-1}, {@code ft-2}, ... */
  public List<String> modelNames() {
    return java.util.stream.IntStream.range(0, models).mapToObj(BenchShape::modelName).toList();
  }

  /** The name of model number {@code m} (0 is the baseline). */
  public static String modelName(int m) {
    return m == 0 ? "base" : "ft-" + m;
  }

  /** The first {@code k} slice columns. */
  public static List<SliceColumn> sliceColumns(int k) {
    if (k < 0 || k > SLICE_COLUMNS.size()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "Invalid number of slice columns: %d. Use 0 to %d.",
              k,
              SLICE_COLUMNS.size()));
    }
    return SLICE_COLUMNS.subList(0, k);
  }

  /** The folder name of a data set of this shape, e.g. {@code e1000000-m2-s42}. */
  public String folderName() {
    return "e" + examples + "-m" + models + "-s" + seed;
  }
}
