package dev.domaineval.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Writes a seeded, realistic evaluation data set: {@code labels.csv} (one row per example) and
 * {@code predictions.csv} (one row per example and model), both UTF-8 with a header row, {@code \n}
 * line ends and RFC 4180 quoting. An empty field is null; a value is quoted when it contains a
 * comma, a quote or a line break, or starts or ends with white space (so a blank prediction reads
 * back as blank, not as null). No value contains a line break, so a file has one line per row.
 *
 * <p>What the data shows, a base model {@code base} against its fine-tuned candidate {@code ft-v1}:
 *
 * <ul>
 *   <li>{@code medical} (35 % of examples): binary triage, positive class {@code urgent} (~8 %).
 *       The base model has ~0.93 accuracy but recalls only ~0.3 of urgent cases (the accuracy
 *       paradox); ft-v1 lifts recall to ~0.85 at precision ~0.85 or more.
 *   <li>{@code spam} (25 %): binary, positive class {@code spam} (~30 %). ft-v1 cuts false
 *       positives, so precision rises (~0.73 to ~0.91), but it also lets more spam through: recall
 *       falls (~0.86 to ~0.78), a one-sided gain.
 *   <li>{@code legal} (25 %): multiclass {@code contract > litigation > ip, employment}; ft-v1
 *       improves every class moderately on inputs shorter than 2048 tokens, but it was fine-tuned
 *       on inputs cut at 2048 tokens and breaks most long inputs that base gets right (a regression
 *       in the long-input slice). Long inputs are harder for every model.
 *   <li>{@code general} (15 %): out-of-domain sentiment {@code positive / negative / neutral};
 *       ft-v1 is much worse than base (accuracy ~0.86 to ~0.70: catastrophic forgetting), which the
 *       no-regression gate must catch.
 * </ul>
 *
 * <p>~12 % of the medical, spam and legal examples were also in ft-v1's fine-tuning set: their
 * {@code split} is {@code train}. ft-v1 has memorized them and is nearly always right there, while
 * base does as well on them as on the rest (overfitting, judged on the held-out splits).
 *
 * <p>Two more models have predictions, but the sample job config does not select them, so their
 * rows must be excluded and counted: {@code ft-v0}, an older, weaker candidate, and {@code
 * ft-good}, a well-adapted candidate that is clearly better than base on every in-domain domain
 * (recall and precision ~0.9 or more), no worse out of domain and not memorizing, which a job that
 * selects it passes. Slice columns: {@code language} ({@code en}, {@code de}, {@code fr}, ~2 %
 * null; non-English inputs are a little harder), {@code source} (depends on the domain), {@code
 * input_tokens} (log-normal per domain, 5..4000 inclusive) and {@code split} ({@code train} as
 * above, {@code validation} ~10 %, else {@code test}). Models share part of each example's
 * difficulty, so their errors are correlated as real models' are.
 *
 * <p>Messy reality, a few of each (more from base, which was not tuned to the output format):
 * missing, blank and unparseable predictions, valid labels in another case or with surrounding
 * spaces ({@code SPAM}, {@code " urgent "}), valid labels written as a chatty LLM writes them
 * ({@code "Spam."}, {@code "Answer: urgent"}, {@code junk}; base ~6 %), refusals ({@code "I'm
 * sorry, ..."}) and abstentions ({@code "I cannot determine the category"}), examples without a
 * prediction from a model, predictions whose {@code example_id} ({@code orphan-NNNNNN}) has no
 * label row, and label rows with a null label. Example ids are unique in labels and (example id,
 * model) pairs are unique in predictions.
 *
 * <p>{@code score} is the model's probability of the domain's positive class with 4 decimals in [0,
 * 1], present only for binary domains and parseable predictions; it is at least 0.5 exactly when
 * the prediction is the positive class, except for ~0.2 % of rows where the verbalised answer and
 * the score disagree.
 *
 * <p>Each example draws from its own random stream derived from the seed and its index, so the
 * output is byte-identical for the same seed and size, and the first n examples are the same
 * whatever the total size. Rows are streamed; memory use does not grow with the size.
 */
public final class SampleGenerator {

  public static final String LABELS_FILE = "labels.csv";
  public static final String PREDICTIONS_FILE = "predictions.csv";

  /**
   * The ids of the examples ft-v1 was fine-tuned on: the {@code train} split, which thereby also
   * leaked into the evaluation set (DATA_LEAKAGE).
   */
  public static final String TRAINING_FILE = "training-ft-v1.csv";

  public static final String LABELS_HEADER =
      "example_id,label,domain,split,language,source,input_tokens";
  public static final String PREDICTIONS_HEADER = "example_id,model,prediction,score";
  public static final int DEFAULT_EXAMPLES = 2000;
  public static final long DEFAULT_SEED = 42;

  /** The original model, the baseline of the sample config. */
  public static final String BASE_MODEL = "base";

  /** The fine-tuned candidate the sample config selects. */
  public static final String CANDIDATE_MODEL = "ft-v1";

  /**
   * An earlier candidate whose rows are in the file but which the sample config does not select.
   */
  public static final String UNSELECTED_MODEL = "ft-v0";

  /**
   * A well-adapted candidate: clearly better than base in domain, no worse out of domain, no
   * memorization. The sample config does not select it; a job that selects it passes every gate.
   */
  public static final String ADAPTED_MODEL = "ft-good";

  /** Every model, in the order their rows are written for an example. */
  public static final List<String> MODELS =
      List.of(BASE_MODEL, CANDIDATE_MODEL, UNSELECTED_MODEL, ADAPTED_MODEL);

  // Index of ft-v1 in MODELS: the model that memorized its fine-tuning set.
  private static final int CANDIDATE_INDEX = 1;

  private static final String USAGE =
      "Usage: SampleGenerator <output-dir> [--examples N] [--seed S]"
          + " (defaults: --examples "
          + DEFAULT_EXAMPLES
          + " --seed "
          + DEFAULT_SEED
          + ")";

  // ---- Domain mix -------------------------------------------------------------------------

  // Share of examples in medical, spam, legal and general (in that order).
  private static final double[] DOMAIN_SHARES = {0.35, 0.25, 0.25, 0.15};

  // ---- medical: binary triage, positive class urgent ----------------------------------------

  // Share of medical examples labelled urgent: rare, so accuracy hides missed urgent cases.
  private static final double MEDICAL_URGENT_RATE = 0.08;
  // base: recall of urgent (most urgent cases are missed).
  private static final double BASE_MEDICAL_RECALL = 0.32;
  // base: share of routine cases flagged urgent; with the recall above, accuracy is ~0.93.
  private static final double BASE_MEDICAL_FALSE_POSITIVE_RATE = 0.010;
  // ft-v1: recall of urgent after fine-tuning.
  private static final double FT_V1_MEDICAL_RECALL = 0.87;
  // ft-v1: share of routine cases flagged urgent; gives precision ~0.9.
  private static final double FT_V1_MEDICAL_FALSE_POSITIVE_RATE = 0.005;
  // ft-v0: an earlier, weaker candidate.
  private static final double FT_V0_MEDICAL_RECALL = 0.60;
  // ft-v0: share of routine cases flagged urgent.
  private static final double FT_V0_MEDICAL_FALSE_POSITIVE_RATE = 0.030;
  // ft-good: recall of urgent of a well-adapted model.
  private static final double FT_GOOD_MEDICAL_RECALL = 0.98;
  // ft-good: share of routine cases flagged urgent; gives precision ~0.94.
  private static final double FT_GOOD_MEDICAL_FALSE_POSITIVE_RATE = 0.004;

  // ---- spam: binary, positive class spam ----------------------------------------------------

  // Share of spam examples labelled spam.
  private static final double SPAM_RATE = 0.30;
  // base: recall of spam.
  private static final double BASE_SPAM_RECALL = 0.90;
  // base: share of ham flagged as spam; gives precision ~0.76.
  private static final double BASE_SPAM_FALSE_POSITIVE_RATE = 0.12;
  // ft-v1: recall of spam on held-out examples, lower than base's (a one-sided gain).
  private static final double FT_V1_SPAM_RECALL = 0.74;
  // ft-v1: share of ham flagged as spam; gives precision ~0.91.
  private static final double FT_V1_SPAM_FALSE_POSITIVE_RATE = 0.03;
  // ft-v0: recall of spam.
  private static final double FT_V0_SPAM_RECALL = 0.85;
  // ft-v0: share of ham flagged as spam.
  private static final double FT_V0_SPAM_FALSE_POSITIVE_RATE = 0.07;
  // ft-good: recall of spam, a little above base's.
  private static final double FT_GOOD_SPAM_RECALL = 0.95;
  // ft-good: share of ham flagged as spam; gives precision ~0.96.
  private static final double FT_GOOD_SPAM_FALSE_POSITIVE_RATE = 0.015;

  // ---- legal: multiclass ----------------------------------------------------------------------

  private static final List<String> LEGAL_CLASSES =
      List.of("contract", "litigation", "ip", "employment");
  // Share of each legal class, in LEGAL_CLASSES order.
  private static final double[] LEGAL_CLASS_RATES = {0.45, 0.25, 0.15, 0.15};
  // base: share of each legal class answered correctly; a wrong answer follows class frequency.
  private static final double[] BASE_LEGAL_ACCURACY = {0.85, 0.70, 0.55, 0.60};
  // ft-v1: share of each legal class answered correctly (moderately better everywhere).
  private static final double[] FT_V1_LEGAL_ACCURACY = {0.90, 0.80, 0.72, 0.75};
  // ft-v0: share of each legal class answered correctly.
  private static final double[] FT_V0_LEGAL_ACCURACY = {0.87, 0.74, 0.62, 0.66};
  // ft-good: share of each legal class answered correctly (macro precision and recall ~0.9+).
  private static final double[] FT_GOOD_LEGAL_ACCURACY = {0.97, 0.96, 0.95, 0.95};

  // ---- general: out-of-domain sentiment ---------------------------------------------------

  private static final List<String> GENERAL_CLASSES = List.of("positive", "negative", "neutral");
  // Share of each sentiment, in GENERAL_CLASSES order.
  private static final double[] GENERAL_CLASS_RATES = {0.40, 0.35, 0.25};
  // base: share of each sentiment answered correctly.
  private static final double[] BASE_GENERAL_ACCURACY = {0.92, 0.90, 0.76};
  // ft-v1: share of each sentiment answered correctly (catastrophic forgetting, ~0.70 overall).
  private static final double[] FT_V1_GENERAL_ACCURACY = {0.76, 0.74, 0.58};
  // ft-v0: share of each sentiment answered correctly.
  private static final double[] FT_V0_GENERAL_ACCURACY = {0.88, 0.86, 0.69};
  // ft-good: share of each sentiment answered correctly (as good as base, a little better).
  private static final double[] FT_GOOD_GENERAL_ACCURACY = {0.94, 0.92, 0.80};
  // Share of wrong answers on a positive or negative example that say neutral (not the opposite).
  private static final double GENERAL_ERROR_TO_NEUTRAL = 0.75;

  // ---- Slice columns ------------------------------------------------------------------------

  // Share of in-domain examples that were also in ft-v1's fine-tuning set (split train).
  private static final double TRAIN_RATE = 0.12;
  // Share of examples in the validation split; the rest (after train) are test.
  private static final double VALIDATION_RATE = 0.10;
  // ft-v1's chance of being right on an example of its fine-tuning set (memorized).
  private static final double FT_V1_MEMORIZED_ACCURACY = 0.98;
  // Share of languages en, de, fr and null (in LANGUAGES order).
  private static final double[] LANGUAGE_RATES = {0.70, 0.15, 0.13, 0.02};

  private static final List<String> LANGUAGES = Arrays.asList("en", "de", "fr", null);
  // Log-odds subtracted from a model's chance of being right on a de or fr input.
  private static final double NON_ENGLISH_LOGIT_PENALTY = 0.3;
  // Inputs of at least this many tokens are truncated by the model's context window.
  private static final int LONG_INPUT_TOKENS = 2048;
  // Log-odds subtracted from a model's chance of being right on a truncated input.
  private static final double LONG_INPUT_LOGIT_PENALTY = 0.6;
  // Per model (MODELS order): more log-odds off on long inputs; ft-v1 was tuned on cut inputs.
  private static final double[] LONG_INPUT_EXTRA_LOGIT_PENALTIES = {0, 3.0, 0, 0};
  // Inclusive bounds of input_tokens.
  private static final int MIN_TOKENS = 5;

  private static final int MAX_TOKENS = 4000;

  // ---- How models relate and how they answer --------------------------------------------------

  // Chance that a model's draw uses the example's shared difficulty (correlated errors).
  private static final double SHARED_DIFFICULTY_WEIGHT = 0.7;
  // Share of binary-domain rows whose score falls on the other side of 0.5 than the answer.
  private static final double SCORE_DISAGREEMENT_RATE = 0.002;

  // ---- Messy reality ------------------------------------------------------------------------

  // Share of label rows whose label is null (never annotated).
  private static final double NULL_LABEL_RATE = 0.003;
  // Chance, per example, that an orphan id (predictions for every model, no label row) follows.
  private static final double ORPHAN_RATE = 0.003;
  // Per model (MODELS order): share of examples with no prediction row from that model.
  private static final double[] MISSING_PREDICTION_RATES = {0.0025, 0.003, 0.01, 0.002};
  // Per model: share of predictions that are null (the serving call failed).
  private static final double[] NULL_PREDICTION_RATES = {0.004, 0.0015, 0.002, 0.001};
  // Per model: share of predictions that are white space only.
  private static final double[] BLANK_PREDICTION_RATES = {0.003, 0.001, 0.0015, 0.001};
  // Per model: share of predictions that are free text outside the label set.
  private static final double[] UNPARSEABLE_PREDICTION_RATES = {0.011, 0.002, 0.003, 0.002};
  // Per model: share of predictions that are a valid label in another case or padded by spaces.
  private static final double[] CASE_VARIANT_RATES = {0.006, 0.002, 0.003, 0.002};
  // Per model: share of predictions that are a valid label written as an LLM writes it, which the
  // answer normalization of conf/sample.conf reads back ("Spam.", "\"ham\"", "Answer: urgent",
  // "junk"). Drawn after the rates above from the same draw, in a stream of their own, so every
  // other value of the sample stays as it was.
  private static final double[] LLM_STYLE_RATES = {0.06, 0.004, 0.01, 0.002};
  // Free-text answers an LLM gives instead of a label (the first is listed twice: most common).
  private static final List<String> UNPARSEABLE_TEXTS =
      List.of(
          "I cannot determine the category",
          "I cannot determine the category",
          "I'm sorry, but I can't classify this text.",
          "The category is \"unclear\"",
          "N/A");

  private static final List<Domain> DOMAINS =
      List.of(
          Domain.binary(
              "medical",
              "urgent",
              "routine",
              MEDICAL_URGENT_RATE,
              new double[][] {
                {BASE_MEDICAL_RECALL, BASE_MEDICAL_FALSE_POSITIVE_RATE},
                {FT_V1_MEDICAL_RECALL, FT_V1_MEDICAL_FALSE_POSITIVE_RATE},
                {FT_V0_MEDICAL_RECALL, FT_V0_MEDICAL_FALSE_POSITIVE_RATE},
                {FT_GOOD_MEDICAL_RECALL, FT_GOOD_MEDICAL_FALSE_POSITIVE_RATE}
              },
              TRAIN_RATE,
              List.of("ehr", "email"),
              new double[] {0.8, 0.2},
              350,
              0.7),
          Domain.binary(
              "spam",
              "spam",
              "ham",
              SPAM_RATE,
              new double[][] {
                {BASE_SPAM_RECALL, BASE_SPAM_FALSE_POSITIVE_RATE},
                {FT_V1_SPAM_RECALL, FT_V1_SPAM_FALSE_POSITIVE_RATE},
                {FT_V0_SPAM_RECALL, FT_V0_SPAM_FALSE_POSITIVE_RATE},
                {FT_GOOD_SPAM_RECALL, FT_GOOD_SPAM_FALSE_POSITIVE_RATE}
              },
              TRAIN_RATE,
              List.of("email", "forum"),
              new double[] {0.85, 0.15},
              120,
              0.9),
          new Domain(
              "legal",
              false,
              LEGAL_CLASSES,
              LEGAL_CLASS_RATES,
              new double[][] {
                BASE_LEGAL_ACCURACY,
                FT_V1_LEGAL_ACCURACY,
                FT_V0_LEGAL_ACCURACY,
                FT_GOOD_LEGAL_ACCURACY
              },
              frequencyConfusion(LEGAL_CLASS_RATES),
              TRAIN_RATE,
              List.of("web", "email"),
              new double[] {0.6, 0.4},
              800,
              0.8),
          new Domain(
              "general",
              false,
              GENERAL_CLASSES,
              GENERAL_CLASS_RATES,
              new double[][] {
                BASE_GENERAL_ACCURACY,
                FT_V1_GENERAL_ACCURACY,
                FT_V0_GENERAL_ACCURACY,
                FT_GOOD_GENERAL_ACCURACY
              },
              new double[][] {
                {0, 1 - GENERAL_ERROR_TO_NEUTRAL, GENERAL_ERROR_TO_NEUTRAL},
                {1 - GENERAL_ERROR_TO_NEUTRAL, 0, GENERAL_ERROR_TO_NEUTRAL},
                {0.5, 0.5, 0}
              },
              // Out of domain: no general example was in the fine-tuning set.
              0,
              List.of("web", "forum"),
              new double[] {0.5, 0.5},
              40,
              0.6));

  private SampleGenerator() {}

  /**
   * The rows written by one run.
   *
   * @param labelsFile the labels CSV
   * @param predictionsFile the predictions CSV
   * @param labelRows label rows, header excluded
   * @param predictionRows prediction rows, header excluded, orphans included
   * @param predictionRowsByModel prediction rows per model, in {@link #MODELS} order
   */
  public record Summary(
      Path labelsFile,
      Path predictionsFile,
      long labelRows,
      long predictionRows,
      Map<String, Long> predictionRowsByModel) {

    public Summary {
      Objects.requireNonNull(labelsFile, "labelsFile");
      Objects.requireNonNull(predictionsFile, "predictionsFile");
      predictionRowsByModel =
          Collections.unmodifiableMap(new LinkedHashMap<>(predictionRowsByModel));
    }

    /** Prediction rows of one model, 0 for an unknown model. */
    public long predictionRowsFor(String model) {
      return predictionRowsByModel.getOrDefault(model, 0L);
    }

    /** One line for the command line. */
    public String describe() {
      return String.format(
          "Wrote %d label rows to %s and %d prediction rows to %s (per model: %s)",
          labelRows, labelsFile, predictionRows, predictionsFile, predictionRowsByModel);
    }
  }

  /** {@code SampleGenerator <output-dir> [--examples N] [--seed S]}; exit 2 on bad arguments. */
  public static void main(String[] args) {
    Path outputDir = null;
    int examples = DEFAULT_EXAMPLES;
    long seed = DEFAULT_SEED;
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--examples") || arg.equals("--seed")) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("Missing value after " + arg + ".");
          }
          String value = args[++i];
          if (arg.equals("--examples")) {
            examples = parsePositiveInt(arg, value);
          } else {
            seed = parseLong(arg, value);
          }
        } else if (arg.startsWith("--")) {
          throw new IllegalArgumentException("Unknown option '" + arg + "'.");
        } else if (outputDir == null) {
          outputDir = Path.of(arg);
        } else {
          throw new IllegalArgumentException(
              "Unexpected argument '"
                  + arg
                  + "': the output directory is already "
                  + outputDir
                  + ".");
        }
      }
      if (outputDir == null) {
        throw new IllegalArgumentException("Missing the output directory.");
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + " " + USAGE);
      System.exit(2);
      return;
    }
    try {
      System.out.println(generate(outputDir, examples, seed).describe());
    } catch (IOException e) {
      System.err.println(
          "Cannot write the sample to " + outputDir + ": " + e + ". Check that it is writable.");
      System.exit(1);
    }
  }

  /**
   * Writes {@value #LABELS_FILE}, {@value #PREDICTIONS_FILE} and {@value #TRAINING_FILE} into
   * {@code outputDir} (created if missing, files replaced), streaming the rows.
   *
   * @param examples number of label rows, at least 1
   * @param seed the same seed and size give byte-identical files
   */
  public static Summary generate(Path outputDir, int examples, long seed) throws IOException {
    Objects.requireNonNull(outputDir, "outputDir");
    if (examples < 1) {
      throw new IllegalArgumentException(
          "Invalid number of examples "
              + examples
              + ": expected at least 1. Pass a positive count such as "
              + DEFAULT_EXAMPLES
              + ".");
    }
    Files.createDirectories(outputDir);
    Path labelsFile = outputDir.resolve(LABELS_FILE);
    Path predictionsFile = outputDir.resolve(PREDICTIONS_FILE);
    int idWidth = Math.max(7, Integer.toString(examples).length());
    long[] rowsByModel = new long[MODELS.size()];
    long labelRows = 0;
    try (Writer labels = writer(labelsFile);
        Writer predictions = writer(predictionsFile);
        Writer training = writer(outputDir.resolve(TRAINING_FILE))) {
      labels.write(LABELS_HEADER);
      labels.write('\n');
      training.write("example_id\n");
      predictions.write(PREDICTIONS_HEADER);
      predictions.write('\n');
      StringBuilder row = new StringBuilder(128);
      for (int index = 1; index <= examples; index++) {
        writeExample(index, idWidth, seed, labels, predictions, training, row, rowsByModel);
        labelRows++;
      }
    }
    Map<String, Long> byModel = new LinkedHashMap<>();
    long predictionRows = 0;
    for (int m = 0; m < MODELS.size(); m++) {
      byModel.put(MODELS.get(m), rowsByModel[m]);
      predictionRows += rowsByModel[m];
    }
    return new Summary(labelsFile, predictionsFile, labelRows, predictionRows, byModel);
  }

  private static void writeExample(
      int index,
      int idWidth,
      long seed,
      Writer labels,
      Writer predictions,
      Writer training,
      StringBuilder row,
      long[] rowsByModel)
      throws IOException {
    SplittableRandom rng = new SplittableRandom(exampleSeed(seed, index));
    Domain domain = DOMAINS.get(pick(rng, DOMAIN_SHARES));
    int trueClass = pick(rng, domain.classRates());
    boolean nullLabel = rng.nextDouble() < NULL_LABEL_RATE;
    double splitDraw = rng.nextDouble();
    String split =
        splitDraw < domain.trainRate()
            ? "train"
            : splitDraw < domain.trainRate() + VALIDATION_RATE ? "validation" : "test";
    String language = LANGUAGES.get(pick(rng, LANGUAGE_RATES));
    String source = domain.sources().get(pick(rng, domain.sourceRates()));
    int tokens = tokens(rng, domain);
    String exampleId = "ex-" + pad(index, idWidth);
    if (split.equals("train")) {
      training.write(exampleId);
      training.write('\n');
    }

    row.setLength(0);
    appendField(row, exampleId).append(',');
    appendField(row, nullLabel ? null : domain.classes().get(trueClass)).append(',');
    appendField(row, domain.id()).append(',');
    appendField(row, split).append(',');
    appendField(row, language).append(',');
    appendField(row, source).append(',');
    row.append(tokens).append('\n');
    labels.append(row);

    boolean longInput = tokens >= LONG_INPUT_TOKENS;
    double penalty =
        (language != null && !language.equals("en") ? NON_ENGLISH_LOGIT_PENALTY : 0)
            + (longInput ? LONG_INPUT_LOGIT_PENALTY : 0);
    double sharedDifficulty = rng.nextDouble();
    for (int m = 0; m < MODELS.size(); m++) {
      if (rng.nextDouble() < MISSING_PREDICTION_RATES[m]) {
        continue;
      }
      double modelPenalty = penalty + (longInput ? LONG_INPUT_EXTRA_LOGIT_PENALTIES[m] : 0);
      // ft-v1 saw the answers of its fine-tuning set: it recalls them whatever the input.
      double pCorrect =
          m == CANDIDATE_INDEX && split.equals("train")
              ? FT_V1_MEMORIZED_ACCURACY
              : shiftLogit(domain.correctRates()[m][trueClass], -modelPenalty);
      writePrediction(
          rng, exampleId, m, domain, trueClass, pCorrect, sharedDifficulty, predictions, row);
      rowsByModel[m]++;
    }

    if (rng.nextDouble() < ORPHAN_RATE) {
      // An example whose label row was lost: every model has answered it.
      String orphanId = "orphan-" + pad(index, 6);
      Domain orphanDomain = DOMAINS.get(pick(rng, DOMAIN_SHARES));
      int orphanClass = pick(rng, orphanDomain.classRates());
      double orphanDifficulty = rng.nextDouble();
      for (int m = 0; m < MODELS.size(); m++) {
        writePrediction(
            rng,
            orphanId,
            m,
            orphanDomain,
            orphanClass,
            orphanDomain.correctRates()[m][orphanClass],
            orphanDifficulty,
            predictions,
            row);
        rowsByModel[m]++;
      }
    }
  }

  private static void writePrediction(
      SplittableRandom rng,
      String exampleId,
      int model,
      Domain domain,
      int trueClass,
      double pCorrect,
      double sharedDifficulty,
      Writer predictions,
      StringBuilder row)
      throws IOException {
    double difficulty =
        rng.nextDouble() < SHARED_DIFFICULTY_WEIGHT ? sharedDifficulty : rng.nextDouble();
    boolean correct = difficulty < pCorrect;
    int predicted = correct ? trueClass : pick(rng, domain.confusion()[trueClass]);
    // How far the draw is from the decision boundary: right answers are mostly confident,
    // wrong ones mostly not.
    double margin =
        correct ? (pCorrect - difficulty) / pCorrect : (difficulty - pCorrect) / (1 - pCorrect);
    double confidence =
        (correct ? 0.55 + 0.45 * Math.sqrt(margin) : 0.5 + 0.3 * margin)
            + (rng.nextDouble() - 0.5) * 0.04;
    int confidence4 = (int) Math.max(5001, Math.min(10000, Math.round(confidence * 10000)));

    String prediction = domain.classes().get(predicted);
    boolean parseable = true;
    double messy = rng.nextDouble();
    double nullUpTo = NULL_PREDICTION_RATES[model];
    double blankUpTo = nullUpTo + BLANK_PREDICTION_RATES[model];
    double unparseableUpTo = blankUpTo + UNPARSEABLE_PREDICTION_RATES[model];
    double caseVariantUpTo = unparseableUpTo + CASE_VARIANT_RATES[model];
    double llmStyleUpTo = caseVariantUpTo + LLM_STYLE_RATES[model];
    if (messy < nullUpTo) {
      prediction = null;
      parseable = false;
    } else if (messy < blankUpTo) {
      prediction = rng.nextBoolean() ? " " : "  ";
      parseable = false;
    } else if (messy < unparseableUpTo) {
      prediction = UNPARSEABLE_TEXTS.get(rng.nextInt(UNPARSEABLE_TEXTS.size()));
      parseable = false;
    } else if (messy < caseVariantUpTo) {
      prediction = caseVariant(rng, prediction);
    } else if (messy < llmStyleUpTo) {
      prediction = llmStyle(new SplittableRandom(Double.doubleToLongBits(messy)), prediction);
    }

    String score = null;
    if (domain.isBinary() && parseable) {
      int score4 = predicted == 0 ? confidence4 : 10000 - confidence4;
      if (rng.nextDouble() < SCORE_DISAGREEMENT_RATE) {
        score4 = 10000 - score4;
      }
      score = formatScore(score4);
    }

    row.setLength(0);
    appendField(row, exampleId).append(',');
    appendField(row, MODELS.get(model)).append(',');
    appendField(row, prediction).append(',');
    appendField(row, score).append('\n');
    predictions.append(row);
  }

  /** A valid label as an LLM might write it: {@code SPAM}, {@code Urgent}, {@code " ham "}. */
  private static String caseVariant(SplittableRandom rng, String label) {
    switch (rng.nextInt(4)) {
      case 0:
        return label.toUpperCase(Locale.ROOT);
      case 1:
        return Character.toUpperCase(label.charAt(0)) + label.substring(1);
      case 2:
        return " " + label + " ";
      default:
        return label + " ";
    }
  }

  /**
   * A valid label as a chatty LLM writes it, read back by the answer normalization of {@code
   * conf/sample.conf}: {@code "Routine."}, {@code "\"spam\""}, {@code "Answer: urgent"}, and the
   * aliases {@code junk} (spam) and {@code "not spam"} (ham).
   */
  private static String llmStyle(SplittableRandom rng, String label) {
    String capitalized = Character.toUpperCase(label.charAt(0)) + label.substring(1);
    switch (rng.nextInt(4)) {
      case 0:
        return capitalized + ".";
      case 1:
        return "\"" + label + "\"";
      case 2:
        return "Answer: " + label;
      default:
        return label.equals("spam")
            ? "junk"
            : label.equals("ham") ? "not spam" : "Answer: " + capitalized;
    }
  }

  private static int tokens(SplittableRandom rng, Domain domain) {
    double value = domain.medianTokens() * Math.exp(domain.tokenSpread() * rng.nextGaussian());
    return (int) Math.max(MIN_TOKENS, Math.min(MAX_TOKENS, Math.round(value)));
  }

  /** An index drawn with probability proportional to its weight. */
  private static int pick(SplittableRandom rng, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = rng.nextDouble() * total;
    double cumulative = 0;
    for (int i = 0; i < weights.length - 1; i++) {
      cumulative += weights[i];
      if (u < cumulative) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static double shiftLogit(double p, double delta) {
    if (delta == 0) {
      return p;
    }
    double logit = Math.log(p / (1 - p)) + delta;
    return 1 / (1 + Math.exp(-logit));
  }

  /** Wrong answers follow the frequency of the other classes. */
  private static double[][] frequencyConfusion(double[] rates) {
    double[][] confusion = new double[rates.length][rates.length];
    for (int t = 0; t < rates.length; t++) {
      for (int p = 0; p < rates.length; p++) {
        confusion[t][p] = t == p ? 0 : rates[p];
      }
    }
    return confusion;
  }

  private static String formatScore(int score4) {
    if (score4 >= 10000) {
      return "1.0000";
    }
    return "0." + pad(score4, 4);
  }

  private static String pad(long value, int width) {
    String digits = Long.toString(value);
    if (digits.length() >= width) {
      return digits;
    }
    return "0".repeat(width - digits.length()) + digits;
  }

  /** Appends a CSV field: nothing for null, quoted when RFC 4180 or edge white space needs it. */
  private static StringBuilder appendField(StringBuilder row, String value) {
    if (value == null) {
      return row;
    }
    if (needsQuotes(value)) {
      return row.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
    return row.append(value);
  }

  private static boolean needsQuotes(String value) {
    if (value.isEmpty()
        || Character.isWhitespace(value.charAt(0))
        || Character.isWhitespace(value.charAt(value.length() - 1))) {
      return true;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  private static BufferedWriter writer(Path file) throws IOException {
    return new BufferedWriter(
        new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
  }

  /** Independent stream per example (SplitMix64 finaliser), so example n never depends on size. */
  private static long exampleSeed(long seed, long index) {
    return mix64(mix64(seed) + index * 0x9E3779B97F4A7C15L);
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static int parsePositiveInt(String option, String value) {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= 1) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "Invalid "
            + option
            + " '"
            + value
            + "': expected a positive integer. Use e.g. "
            + option
            + " "
            + DEFAULT_EXAMPLES
            + ".");
  }

  private static long parseLong(String option, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid "
              + option
              + " '"
              + value
              + "': expected an integer. Use e.g. "
              + option
              + " 42.");
    }
  }

  /**
   * One domain's generating parameters.
   *
   * @param classes the label set; for a binary domain the positive class comes first
   * @param correctRates per model (MODELS order) and true class: chance of a right answer
   * @param confusion per true class: weights of the wrong answers (diagonal 0)
   * @param trainRate share of examples that were also in ft-v1's fine-tuning set (split train)
   */
  private record Domain(
      String id,
      boolean isBinary,
      List<String> classes,
      double[] classRates,
      double[][] correctRates,
      double[][] confusion,
      double trainRate,
      List<String> sources,
      double[] sourceRates,
      double medianTokens,
      double tokenSpread) {

    /** A binary domain from prevalence and per-model (recall, false positive rate) pairs. */
    static Domain binary(
        String id,
        String positive,
        String negative,
        double prevalence,
        double[][] recallAndFalsePositiveRate,
        double trainRate,
        List<String> sources,
        double[] sourceRates,
        double medianTokens,
        double tokenSpread) {
      double[][] correct = new double[recallAndFalsePositiveRate.length][];
      for (int m = 0; m < correct.length; m++) {
        correct[m] =
            new double[] {recallAndFalsePositiveRate[m][0], 1 - recallAndFalsePositiveRate[m][1]};
      }
      return new Domain(
          id,
          true,
          List.of(positive, negative),
          new double[] {prevalence, 1 - prevalence},
          correct,
          new double[][] {{0, 1}, {1, 0}},
          trainRate,
          sources,
          sourceRates,
          medianTokens,
          tokenSpread);
    }
  }
}
