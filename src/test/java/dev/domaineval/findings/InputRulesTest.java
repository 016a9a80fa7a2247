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
  void replacementCharactersInACsvFileNameTheEncodingItWasReadWithAndTheKeyToSet() {
    Finding f =
        InputRules.replacementCharacters(
            "labels", "csv at /data/labels.csv", java.util.Optional.of("UTF-8"), 5);

    assertThat(f)
        .isEqualTo(
            new Finding(
                Severity.WARN,
                FindingCode.REPLACEMENT_CHARACTERS,
                null,
                SliceKey.POOLED,
                SliceKey.OVERALL,
                "5 values of the labels table (csv at /data/labels.csv) contain U+FFFD, the"
                    + " replacement character: the file is probably not UTF-8 (read as UTF-8). Set"
                    + " input.labels.options.encoding to the file's encoding, such as ISO-8859-1"
                    + " or windows-1252.",
                Finding.Effect.INFORMS));
  }

  @Test
  void replacementCharactersInAParquetTablePointUpstream() {
    Finding f =
        InputRules.replacementCharacters(
            "predictions", "parquet at /p", java.util.Optional.empty(), 1);

    assertThat(f.message())
        .isEqualTo(
            "1 value of the predictions table (parquet at /p) contains U+FFFD, the replacement"
                + " character: its text was decoded with a wrong encoding before the table was"
                + " written (the table itself stores text as UTF-8). Fix the job that writes it.");
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
