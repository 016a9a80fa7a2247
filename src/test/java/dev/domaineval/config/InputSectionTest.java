package dev.domaineval.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputSectionTest {
  @TempDir Path dir;

  @Test
  void problemsOfBothTablesAndOfTheInputOptionsAreReportedTogether() {
    String job = dir.resolve("job.conf").toString();

    assertThat(
            JobFiles.problems(
                dir,
                """
                input.predictions { table = eval.predictions, format = xlsx }
                input.labels.columns.label = ""
                input.on-duplicate-keys = drop
                input.case-sensitive = sometimes
                """))
        .containsExactly(
            "Invalid 'input.predictions.path' ("
                + job
                + ": 1): both a path and a table are set for predictions. Set only one of"
                + " input.predictions.path and input.predictions.table.",
            "Invalid 'input.predictions.format' ("
                + job
                + ": 5): expected one of csv, json, orc, parquet, got \"xlsx\".",
            "Invalid 'input.labels.columns.label' ("
                + job
                + ": 6): the labels column for label is required. Name the column of your table"
                + " that holds it.",
            "Invalid 'input.case-sensitive' ("
                + job
                + ": 8): expected true or false, got \"sometimes\".",
            "Invalid 'input.on-duplicate-keys' ("
                + job
                + ": 7): expected fail or keep-one, got \"drop\".");
  }

  @Test
  void anEncodingTheJvmDoesNotKnowIsAProblemOfItsKey() {
    String job = dir.resolve("job.conf").toString();

    assertThat(
            JobFiles.problems(
                dir,
                """
                input.labels.options { encoding = "klingon" }
                input.predictions.options { charset = "ISO-8859-1" }
                """))
        .containsExactly(
            "Invalid 'input.labels.options.encoding' ("
                + job
                + ": 5): unknown encoding \"klingon\". Use a charset name such as UTF-8,"
                + " ISO-8859-1 or windows-1252.");
  }

  @Test
  void everyProblemOfATrainingEntryIsReportedWithTheOtherEntries() {
    String job = dir.resolve("job.conf").toString();

    assertThat(
            JobFiles.problems(
                dir,
                """
                models.candidates = [ft-v1, ft-v2]
                input.training {
                  ft-v1 { path = "t1", table = t1, format = xlsx, colour = red }
                  ft-v2 = "t2"
                }
                """))
        .satisfiesExactly(
            p ->
                assertThat(p)
                    .startsWith(
                        "Invalid 'input.training.ft-v1.colour' (" + job + ": 7): unknown key;")
                    .contains("a training entry takes columns, format, options, path, schema"),
            p ->
                assertThat(p)
                    .isEqualTo(
                        "Invalid 'input.training.ft-v1.path' ("
                            + job
                            + ": 7): both a path and a table are set for training.ft-v1. Set only"
                            + " one of input.training.ft-v1.path and input.training.ft-v1.table."),
            p ->
                assertThat(p)
                    .isEqualTo(
                        "Invalid 'input.training.ft-v1.format' ("
                            + job
                            + ": 7): expected one of csv, json, orc, parquet, got \"xlsx\"."),
            // The entry sets no columns: their defaults name no file.
            p ->
                assertThat(p)
                    .startsWith("Invalid 'input.training.ft-v1.columns' (")
                    .contains("name the training table's example-id column"),
            p ->
                assertThat(p)
                    .isEqualTo(
                        "Invalid 'input.training.ft-v2' ("
                            + job
                            + ": 8): expected an object such as { path = \"...\", columns {"
                            + " example-id = id } }."));
  }
}
