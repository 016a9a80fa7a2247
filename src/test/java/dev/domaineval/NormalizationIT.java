package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answer normalization end to end, through the job's entry point on Parquet files: a model whose
 * answers are written every way an LLM writes them ({@code " SPAM"}, {@code "spam."}, full-width
 * letters, {@code "Answer: spam"}, {@code "Junk!"}) gets the same confusion counts as a model that
 * answers the same classes with the labels themselves, and the normalization table counts each rule
 * as often as the test wrote its variant, adding up to the matched predictions.
 */
@ExtendWith(SharedSpark.class)
class NormalizationIT {
  private static final int EXAMPLES = 3_000;

  @TempDir Path dir;

  /** A variant of an answer: how the test writes it, and the rule that must decide it. */
  private record Variant(String rule, java.util.function.UnaryOperator<String> write) {}

  private static final List<Variant> COMMON =
      List.of(
          new Variant("exact", s -> s),
          new Variant("case", s -> "  " + s.toUpperCase(java.util.Locale.ROOT)),
          new Variant("punctuation", s -> s + "."),
          new Variant("punctuation", s -> "\"" + s + "\""),
          new Variant("unicode", NormalizationIT::fullWidth),
          new Variant("white-space", s -> "\t" + s));

  /** Spam's own rules: the answer pattern and the aliases of its configuration below. */
  private static final List<Variant> SPAM_ONLY =
      List.of(
          new Variant("pattern", s -> "Answer: " + s),
          new Variant("alias", s -> s.equals("spam") ? "Junk!" : "not  spam"));

  /** What the llm answers on garbage examples, in turn: no label after any step. */
  private static final List<String> GARBAGE =
      List.of("I think so...", "", "It depends on " + "x".repeat(120), "I think so...");

  private static String fullWidth(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c > 0x20 && c < 0x7F ? (char) (c - 0x21 + 0xFF01) : c);
    }
    return b.toString();
  }

  @Test
  void everyWayOfWritingAnAnswerCountsAsTheAnswer(SparkSession spark) throws IOException {
    List<Row> labels = new ArrayList<>();
    List<Row> predictions = new ArrayList<>();
    // Per domain and rule, how many of the llm model's predictions the test wrote that way.
    Map<String, Long> expected = new TreeMap<>();
    // Per model, domain and raw answer that matched no label, how many the test wrote.
    Map<String, Long> invalidRaw = new TreeMap<>();
    for (int id = 0; id < EXAMPLES; id++) {
      boolean spam = id % 2 == 0;
      String domain = spam ? "spam" : "medical";
      List<String> classes = spam ? List.of("spam", "ham") : List.of("urgent", "routine", "n/a");
      String label = classes.get((id / 2) % classes.size());
      // Right four times in five, else the next class.
      String answer =
          id % 5 == 0 ? classes.get((classes.indexOf(label) + 1) % classes.size()) : label;
      String exampleId = String.format("e%05d", id);
      labels.add(RowFactory.create(exampleId, label, domain));
      List<Variant> variants = new ArrayList<>(COMMON);
      if (spam) {
        variants.addAll(SPAM_ONLY);
      }
      // One in 13 is garbage for both models: no label after any step.
      boolean garbage = id % 13 == 0;
      // One in 17 (not garbage) the llm refuses, one in 19 it is unsure; the clean model then
      // answers garbage: the same wrong answer, in (invalid).
      boolean refuses = !garbage && id % 17 == 0;
      boolean unsure = !garbage && !refuses && id % 19 == 0;
      String clean = garbage || refuses || unsure ? "maybe" : answer;
      String llm;
      String rule;
      if (garbage) {
        llm = GARBAGE.get((id / 26) % GARBAGE.size());
        rule = "invalid";
      } else if (refuses) {
        llm = "I'm sorry, I can't help with that.";
        rule = "refusal:1";
      } else if (unsure) {
        llm = "Unsure.";
        rule = "abstain";
      } else {
        Variant v = variants.get((id / 7) % variants.size());
        llm = v.write().apply(answer);
        rule =
            v.rule().equals("alias")
                ? (answer.equals("spam") ? "alias:junk\u2192spam" : "alias:not spam\u2192ham")
                : v.rule();
      }
      expected.merge(domain + "|" + rule, 1L, Long::sum);
      if (garbage) {
        invalidRaw.merge("llm|" + domain + "|" + llm, 1L, Long::sum);
      }
      if (garbage || refuses || unsure) {
        invalidRaw.merge("clean|" + domain + "|" + clean, 1L, Long::sum);
      }
      predictions.add(RowFactory.create(exampleId, "clean", clean));
      predictions.add(RowFactory.create(exampleId, "llm", llm));
    }
    Path in = dir.resolve("in");
    spark
        .createDataFrame(
            labels,
            new StructType()
                .add("example_id", DataTypes.StringType)
                .add("label", DataTypes.StringType)
                .add("domain", DataTypes.StringType))
        .write()
        .parquet(in.resolve("labels").toString());
    spark
        .createDataFrame(
            predictions,
            new StructType()
                .add("example_id", DataTypes.StringType)
                .add("model", DataTypes.StringType)
                .add("prediction", DataTypes.StringType))
        .write()
        .parquet(in.resolve("predictions").toString());
    Path job =
        Files.writeString(
            dir.resolve("job.conf"),
            String.format(
                """
                run-id = llm
                input.labels = { path = "%s", format = parquet }
                input.predictions = { path = "%s", format = parquet }
                models = { baseline = clean, candidates = [llm] }
                output.path = "%s"
                findings.fail-on-gate = false
                normalization { english-refusals = true, abstain-values = [unsure] }
                domains.medical.normalization.keep-raw-answers = false
                domains.spam {
                  positive-class = spam
                  normalization {
                    answer-pattern = "answer:\\\\s*(.+)"
                    aliases { spam = [junk], ham = ["not spam"] }
                  }
                }
                """,
                in.resolve("labels"), in.resolve("predictions"), dir.resolve("out")));

    JobRun run = JobRun.of("--config", job.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();

    String out = dir.resolve("out").toString();
    List<String> cleanCells = confusion(spark, out, "clean");
    List<String> llmCells = confusion(spark, out, "llm");
    // Refusals and abstentions are columns of their own; as (invalid) they are the clean model's.
    assertThat(llmCells).anyMatch(c -> c.contains("|(refused)|"));
    assertThat(llmCells).anyMatch(c -> c.contains("|(abstained)|"));
    assertThat(cleanCells).noneMatch(c -> c.contains("|(refused)|"));
    assertThat(cleanCells).isNotEmpty().isEqualTo(asInvalid(llmCells));
    assertThat(columnTotal(llmCells, "(refused)"))
        .isEqualTo(expected.getOrDefault("spam|refusal:1", 0L) + expected.get("medical|refusal:1"));
    assertThat(columnTotal(llmCells, "(abstained)"))
        .isEqualTo(expected.getOrDefault("spam|abstain", 0L) + expected.get("medical|abstain"));

    // The answer metrics: each domain's coverage is its share of examples neither refused nor
    // abstained on, as written here; LOW_COVERAGE warns below 0.9.
    for (String domain : List.of("spam", "medical")) {
      long refused = expected.getOrDefault(domain + "|refusal:1", 0L);
      long abstained = expected.getOrDefault(domain + "|abstain", 0L);
      long examples = EXAMPLES / 2;
      double coverage =
          spark
              .read()
              .parquet(out + "/metrics/run_id=llm")
              .where(
                  "model = 'llm' AND domain = '"
                      + domain
                      + "' AND slice = '*' AND metric = 'coverage'")
              .collectAsList()
              .get(0)
              .<Double>getAs("value");
      assertThat(coverage)
          .isCloseTo(
              (double) (examples - refused - abstained) / examples,
              org.assertj.core.api.Assertions.within(1e-12));
      boolean low =
          !spark
              .read()
              .parquet(out + "/findings/run_id=llm")
              .where("code = 'LOW_COVERAGE' AND model = 'llm' AND domain = '" + domain + "'")
              .isEmpty();
      assertThat(low).as(domain).isEqualTo(coverage < 0.9);
    }
    Map<String, Long> counted = new TreeMap<>();
    for (Row r :
        spark
            .read()
            .parquet(out + "/normalization/run_id=llm")
            .where("model = 'llm'")
            .collectAsList()) {
      counted.put(r.getAs("domain") + "|" + r.getAs("rule"), r.<Long>getAs("predictions"));
    }
    assertThat(counted).isEqualTo(expected);
    // The reconciliation's matched predictions (every model's) are the table's rows, summed.
    long matched =
        spark
            .read()
            .parquet(out + "/reconciliation/run_id=llm")
            .where("table = 'predictions' AND reason = 'matched'")
            .collectAsList()
            .get(0)
            .<Long>getAs("rows");
    long inTable =
        spark
            .read()
            .parquet(out + "/normalization/run_id=llm")
            .agg(org.apache.spark.sql.functions.sum("predictions"))
            .collectAsList()
            .get(0)
            .getLong(0);
    assertThat(inTable).isEqualTo(matched).isEqualTo(2L * EXAMPLES);
    assertThat(counted.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(EXAMPLES);
    Map<String, Long> cleanRules = new TreeMap<>();
    for (Row r :
        spark
            .read()
            .parquet(out + "/normalization/run_id=llm")
            .where("model = 'clean'")
            .collectAsList()) {
      cleanRules.merge(r.<String>getAs("rule"), r.<Long>getAs("predictions"), Long::sum);
    }
    // The clean model answers "maybe" wherever the llm answered no label.
    long notAnswered =
        expected.entrySet().stream()
            .filter(e -> e.getKey().matches(".*\\|(invalid|refusal:1|abstain)"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    assertThat(cleanRules)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("exact", EXAMPLES - notAnswered, "invalid", notAnswered));

    // The invalid answers as written, counted exactly (few distinct answers), spam only: medical
    // keeps no answer text. Their shares are of the model's invalid predictions in the domain.
    Map<String, String> listed = new TreeMap<>();
    for (Row r : spark.read().parquet(out + "/invalid_answers/run_id=llm").collectAsList()) {
      String answer = r.getAs("answer");
      assertThat(r.<Long>getAs("max_predictions")).isEqualTo(r.<Long>getAs("predictions"));
      assertThat(r.<Boolean>getAs("truncated")).isEqualTo(answer.length() == 100);
      listed.put(
          r.getAs("model") + "|" + r.getAs("domain") + "|" + answer,
          r.getAs("predictions") + " " + r.getAs("rank") + " " + r.getAs("share"));
    }
    Map<String, String> wanted = new TreeMap<>();
    Map<String, Long> invalidOf = new TreeMap<>();
    invalidRaw.forEach((k, n) -> invalidOf.merge(k.substring(0, k.lastIndexOf('|')), n, Long::sum));
    for (String model : List.of("clean", "llm")) {
      List<Map.Entry<String, Long>> answers =
          invalidRaw.entrySet().stream()
              .filter(e -> e.getKey().startsWith(model + "|spam|"))
              .sorted(
                  Map.Entry.<String, Long>comparingByValue()
                      .reversed()
                      .thenComparing(Map.Entry.comparingByKey()))
              .toList();
      for (int i = 0; i < answers.size(); i++) {
        String key = answers.get(i).getKey();
        String raw = key.substring((model + "|spam|").length());
        String truncated = raw.length() > 100 ? raw.substring(0, 100) : raw;
        wanted.put(
            model + "|spam|" + truncated,
            answers.get(i).getValue()
                + " "
                + (i + 1)
                + " "
                + (double) answers.get(i).getValue() / invalidOf.get(model + "|spam"));
      }
    }
    assertThat(listed).hasSize(4).isEqualTo(wanted);
    assertThat(invalidOf.get("clean|spam"))
        .isEqualTo(
            counted.get("spam|invalid")
                + expected.getOrDefault("spam|refusal:1", 0L)
                + expected.getOrDefault("spam|abstain", 0L));
  }

  /** Cells with (refused) and (abstained) counted as (invalid), summed again and sorted. */
  private static List<String> asInvalid(List<String> cells) {
    Map<String, Long> sums = new TreeMap<>();
    for (String c : cells) {
      String[] f = c.split("\\|");
      String predicted =
          f[2].equals("(refused)") || f[2].equals("(abstained)") ? "(invalid)" : f[2];
      sums.merge(f[0] + "|" + f[1] + "|" + predicted, Long.parseLong(f[3]), Long::sum);
    }
    List<String> out = new ArrayList<>();
    sums.forEach((k, n) -> out.add(k + "|" + n));
    return out;
  }

  private static long columnTotal(List<String> cells, String predicted) {
    return cells.stream()
        .map(c -> c.split("\\|"))
        .filter(f -> f[2].equals(predicted))
        .mapToLong(f -> Long.parseLong(f[3]))
        .sum();
  }

  /** A model's overall confusion cells, domain|actual|predicted|count, sorted. */
  private static List<String> confusion(SparkSession spark, String out, String model) {
    return spark
        .read()
        .parquet(out + "/confusion/run_id=llm")
        .where("model = '" + model + "' AND slice = '*' AND domain <> '*'")
        .orderBy("domain", "actual", "predicted")
        .collectAsList()
        .stream()
        .map(
            r ->
                r.getAs("domain")
                    + "|"
                    + r.getAs("actual")
                    + "|"
                    + r.getAs("predicted")
                    + "|"
                    + r.getAs("count"))
        .toList();
  }
}
