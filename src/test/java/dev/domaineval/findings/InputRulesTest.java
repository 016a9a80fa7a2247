package dev.domaineval.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.slice.SliceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link InputRules} on its own. */
class InputRulesTest {

  @Test
  void ignoredFilesInformWithTheirCountTheirNamesAndHowToReadThem() {
    Finding f =
        InputRules.ignoredFiles(
            "predictions", "csv at /data/preds", "*.csv or part-*", List.of("NOTES.txt"));

    assertThat(f)
        .isEqualTo(
            new Finding(
                Severity.INFO,
                FindingCode.IGNORED_FILES,
                null,
                SliceKey.POOLED,
                SliceKey.OVERALL,
                "1 file of the predictions table (csv at /data/preds) was not read, as it is not"
                    + " named like data files: NOTES.txt. Data files there are named *.csv or"
                    + " part-*; rename a file that holds data, or name it in"
                    + " input.predictions.path to read it.",
                Finding.Effect.INFORMS));
  }

  @Test
  void manyIgnoredFilesNameTheFirstFive() {
    Finding f =
        InputRules.ignoredFiles(
            "labels",
            "parquet at /l",
            "*.parquet or part-*",
            List.of("a", "b", "c", "d", "e", "f"));

    assertThat(f.message())
        .startsWith("6 files of the labels table (parquet at /l) were not read, as they are")
        .contains(": a, b, c, d, e, ....");
  }
}
