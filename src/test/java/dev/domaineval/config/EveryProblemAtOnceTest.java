package dev.domaineval.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A job file with two problems reports both, whatever their sections: no section, and no kind of
 * problem (unknown key, wrong type, null, bad value), hides the problems of another.
 */
class EveryProblemAtOnceTest {
  /**
   * One bad line of one section, and the key its one problem names.
   *
   * @param section the section of the job file, for the test's name
   * @param key the key the problem names (the line's own key, or the one it sets)
   * @param line the line, valid HOCON on its own
   */
  record Bad(String section, String key, String line) {
    @Override
    public String toString() {
      return line;
    }
  }

  private static final List<Bad> BAD_LINES =
      List.of(
          new Bad("run-id", "run-id", "run-id = \"2026-11-27 00:00\""),
          new Bad("input", "input.labels.format", "input.labels.format = xlsx"),
          new Bad("input", "input.on-duplicate-keys", "input.on-duplicate-keys = drop"),
          new Bad("input", "input.case-sensitive", "input.case-sensitive = 5"),
          new Bad("input", "input.labels.colums.label", "input.labels.colums.label = gold"),
          new Bad("input", "input.predictions.options", "input.predictions.options = null"),
          new Bad(
              "input.training",
              "input.training.ft-v1.colour",
              "input.training.ft-v1 { path = t, colour = red, columns { example-id = id } }"),
          new Bad("models", "models.candidates", "models.candidates = [ft-v1, base]"),
          new Bad("models", "models.colour", "models.colour = red"),
          new Bad("slices", "slices[0]", "slices = [ { column = lang, expr = \"upper(lang)\" } ]"),
          new Bad("slices", "max-slice-values", "max-slice-values = 0"),
          new Bad("policy", "policy.priority", "policy.priority = auc"),
          new Bad("policy", "policy.min-support", "policy.min-support = -1"),
          new Bad("domains", "domains.medical.labels", "domains.medical { labels = 5 }"),
          new Bad("domains", "domains.legal.role", "domains.legal { role = primary }"),
          new Bad("comparison", "comparison.alpha", "comparison.alpha = abc"),
          new Bad("bootstrap", "bootstrap.replicates", "bootstrap.replicates = 5000"),
          new Bad("bootstrap", "bootstrap.seed", "bootstrap.seed = x"),
          new Bad("bootstrap", "bootstrap.scope", "bootstrap.scope = everything"),
          new Bad("scores", "scores.curve-points", "scores.curve-points = 1"),
          new Bad("scores", "scores.resolution", "scores.resolution = true"),
          new Bad("findings", "findings.max-invalid-rate", "findings.max-invalid-rate = 2"),
          new Bad("findings", "findings.fail-on-gate", "findings.fail-on-gate = maybe"),
          new Bad("output", "output.path", "output.path = \"\""),
          new Bad("output", "output.lease-timeout", "output.lease-timeout = 1s"),
          new Bad("domains", "max-classes", "max-classes = 1"),
          new Bad("history", "history.runs", "history.runs = -1"),
          new Bad("verification", "verify-with-mllib", "verify-with-mllib = -1"),
          new Bad("spark", "spark.conf", "spark.conf = null"),
          new Bad("spark", "spark.app-name", "spark.app-name = [a]"));

  @TempDir Path dir;

  @Test
  void eachBadLineAloneIsOneProblemNamingItsKeyFileAndLine() {
    for (Bad bad : BAD_LINES) {
      assertThat(problems(bad.line()))
          .as(bad.line())
          .singleElement()
          .asString()
          .contains(bad.key(), "job.conf: 5");
    }
  }

  /**
   * Every pair of bad lines of different keys: of two sections, or two of the same section (each
   * section but the single keys has two bad lines).
   */
  static Stream<Arguments> pairs() {
    List<Arguments> pairs = new ArrayList<>();
    for (int i = 0; i < BAD_LINES.size(); i++) {
      for (int j = i + 1; j < BAD_LINES.size(); j++) {
        Bad first = BAD_LINES.get(i);
        Bad second = BAD_LINES.get(j);
        if (!overlap(first.key(), second.key())) {
          pairs.add(Arguments.of(first, second));
        }
      }
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} then {1}")
  @MethodSource("pairs")
  void twoBadLinesAreBothReportedWithTheirKeyFileAndLine(Bad first, Bad second) {
    List<String> problems = problems(first.line() + "\n" + second.line());

    assertThat(problems)
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).contains(first.key(), "job.conf: 5"))
        .anySatisfy(p -> assertThat(p).contains(second.key(), "job.conf: 6"));
  }

  @Test
  void aValueOfTheWrongTypeIsReportedOnceAndNotAgainByItsSection() {
    assertThat(problems("verify-with-mllib = true\nmodels.candidates = 5"))
        .containsExactlyInAnyOrder(
            "Invalid 'models.candidates' ("
                + dir.resolve("job.conf")
                + ": 6): Wrong value type at 'models.candidates', expecting: list but got: number.",
            "Invalid 'verify-with-mllib' ("
                + dir.resolve("job.conf")
                + ": 5): Wrong value type at 'verify-with-mllib', expecting: number but got:"
                + " boolean.");
  }

  @Test
  void aSectionSetToNullIsReportedOnceForAllItsKeys() {
    assertThat(problems("findings = null\nhistory.runs = -1"))
        .containsExactly(
            dir.resolve("job.conf")
                + ": 5: Configuration key 'findings' is set to null but expected OBJECT. Remove the"
                + " key to use its default, or set a value of its type.",
            "Invalid 'history.runs' ("
                + dir.resolve("job.conf")
                + ": 6): expected a number of runs from 0 (no history) to 1000, got -1.");
  }

  /** One key is the other or under it: the later line would replace the earlier one. */
  private static boolean overlap(String a, String b) {
    return a.startsWith(b) || b.startsWith(a);
  }

  /** The problems of a valid four-line job followed by {@code lines} (from line 5). */
  private List<String> problems(String lines) {
    return JobFiles.problems(dir, lines + "\n");
  }
}
