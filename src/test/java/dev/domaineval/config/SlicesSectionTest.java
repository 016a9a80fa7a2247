package dev.domaineval.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlicesSectionTest {
  @TempDir Path dir;

  @Test
  void aSliceWithTwoKindsStillHasItsFromAndHighCardinalityChecked() {
    String job = dir.resolve("job.conf").toString();

    assertThat(
            JobFiles.problems(
                dir,
                "slices = [\n"
                    + "  { column = lang, expr = \"upper(lang)\", from = features,"
                    + " high-cardinality = lots }\n"
                    + "]\n"))
        .containsExactly(
            "Invalid 'slices[0]' ("
                + job
                + ": 6): a slice needs exactly one of column, expr or cross, got 2. Example: {"
                + " name = language, column = lang }.",
            "Invalid 'slices[0].from' ("
                + job
                + ": 6): expected labels or predictions, got"
                + " \"features\".",
            "Invalid 'slices[0].high-cardinality' (" + job + ": 6): expected true or false.");
  }

  @Test
  void aCrossWithOnePartStillHasItsFromChecked() {
    String job = dir.resolve("job.conf").toString();

    assertThat(
            JobFiles.problems(
                dir,
                """
                slices = [
                  { column = lang }
                  { cross = [lang], from = labels }
                ]
                """))
        .containsExactly(
            "Invalid 'slices[1].cross' ("
                + job
                + ": 7): a cross needs two or more slice names,"
                + " got [lang].",
            "Invalid 'slices[1]' ("
                + job
                + ": 7): from and high-cardinality belong on the crossed slices, not on the"
                + " cross.");
  }

  @Test
  void problemsOfSeveralSlicesAndOfMaxSliceValuesAreReportedTogether() {
    String job = dir.resolve("job.conf").toString();

    assertThat(
            JobFiles.problems(
                dir,
                """
                slices = [
                  { expr = "upper(lang)" }
                  { name = "two words", column = lang }
                  { cross = [lang, source] }
                ]
                max-slice-values = 0
                """))
        .containsExactly(
            "Invalid 'slices[0]' ("
                + job
                + ": 6): an expr slice needs a name, e.g. { name = length_bucket, expr ="
                + " \"...\" }.",
            "Invalid 'slices[1].name' ("
                + job
                + ": 7): \"two words\" is not a valid slice name. Use letters, digits, '_', '.'"
                + " and '-'.",
            "Invalid 'slices[2].cross' ("
                + job
                + ": 8): cross 'lang_x_source' names 'lang', which is not a column or expr slice"
                + " defined in 'slices' (defined: []).",
            "Invalid 'slices[2].cross' ("
                + job
                + ": 8): cross 'lang_x_source' names 'source', which is not a column or expr"
                + " slice defined in 'slices' (defined: []).",
            "Invalid 'max-slice-values' ("
                + job
                + ": 10): expected a positive number of values per slice, such as 1000; got 0.");
  }

  @Test
  void aSliceNamedLikeTheLeakageSliceIsReportedWithTheOtherSliceProblems() {
    assertThat(
            JobFiles.problems(
                dir,
                """
                input.training.ft-v1 { path = "train", columns { example-id = id } }
                slices = [ { name = leakage, column = lang }, { column = lang, from = both } ]
                """))
        .satisfiesExactly(
            p -> assertThat(p).startsWith("Invalid 'slices[1].from' (").contains("job.conf: 6"),
            p ->
                assertThat(p)
                    .startsWith("Invalid 'slices' (")
                    .contains("job.conf: 6", "'leakage' is reserved for the leakage slice"));
  }
}
