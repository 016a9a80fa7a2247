package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.cli.EvaluationJob;
import dev.domaineval.testing.JobRun;
import dev.domaineval.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is checked before the pass so that it fails in seconds with exit 2, and the last line of a
 * run that dies of an {@link Error}: an output path that is an input (or inside or above one), a
 * file, or not writable; a domain with more classes than {@code max-classes}.
 */
@ExtendWith(SharedSpark.class)
class OutputPathIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir"));
  private static final String CONF = ROOT.resolve("conf/sample.conf").toString();

  @TempDir Path dir;

  @Test
  void anOutputPathThatIsAnInputOrInsideOrAboveOneIsRejectedBeforeAnythingIsWritten()
      throws IOException {
    Path predictions = dir.resolve("in/predictions");
    Files.createDirectories(predictions);
    Files.copy(ROOT.resolve("data-samples/predictions.csv"), predictions.resolve("part-0.csv"));
    List<Path> before = tree(dir);

    for (Path output : List.of(predictions, predictions.resolve("out"), dir.resolve("in"))) {
      JobRun run =
          run(output.toString(), "--set", "input.predictions.path=\"" + predictions + "\"");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(EvaluationJob.INVALID);
      assertThat(run.err())
          .contains("domain-eval: Invalid output.path:")
          .contains("input.predictions.path (" + predictions + ")")
          .contains("Choose a directory outside every input");
      assertThat(tree(dir)).as("nothing written for output %s", output).isEqualTo(before);
    }
    JobRun same =
        run(predictions.toString(), "--set", "input.predictions.path=\"" + predictions + "\"");
    assertThat(same.err()).contains("is the same path as input.predictions.path");
    JobRun inside =
        run(
            predictions.resolve("out").toString(),
            "--set",
            "input.predictions.path=\"" + predictions + "\"");
    assertThat(inside.err()).contains("is inside input.predictions.path");
    JobRun above =
        run(
            dir.resolve("in").toString(),
            "--set",
            "input.predictions.path=\"" + predictions + "\"");
    assertThat(above.err()).contains("is above input.predictions.path");
    // The same checks in a dry run.
    JobRun dry =
        run(
            predictions.toString(),
            "--set",
            "input.predictions.path=\"" + predictions + "\"",
            "--dry-run");
    assertThat(dry.exitCode()).isEqualTo(EvaluationJob.INVALID);
    // Labels and training data are inputs too (the sample's are files).
    JobRun labels = run(ROOT.resolve("data-samples/labels.csv").toString());
    assertThat(labels.exitCode()).isEqualTo(EvaluationJob.INVALID);
    assertThat(labels.err()).contains("is the same path as input.labels.path");
  }

  @Test
  void anOutputPathThatIsAFileOrCannotBeWrittenIsRejectedBeforeThePass() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "not a directory\n");

    JobRun isFile = run(file.toString());
    assertThat(isFile.exitCode()).as(isFile.err()).isEqualTo(EvaluationJob.INVALID);
    assertThat(isFile.err()).contains("output.path " + file + " is a file; it must be a directory");

    JobRun underFile = run(file.resolve("out").toString());
    assertThat(underFile.exitCode()).as(underFile.err()).isEqualTo(EvaluationJob.INVALID);
    assertThat(underFile.err())
        .contains("output.path " + file.resolve("out") + " is not writable")
        .doesNotContain("Exception in");
    assertThat(Files.readString(file)).isEqualTo("not a directory\n");
  }

  @Test
  void aLabelColumnWithThousandsOfValuesStopsTheRunWithExit2NotAnOutOfMemoryError()
      throws IOException {
    Path labels = dir.resolve("labels.csv");
    List<String> lines = new ArrayList<>();
    lines.add("example_id,label,domain");
    List<String> sample = Files.readAllLines(ROOT.resolve("data-samples/labels.csv"));
    for (int i = 1; i < sample.size(); i++) {
      String id = sample.get(i).split(",")[0];
      lines.add(id + ",free text answer " + (i % 1500) + ",support");
    }
    Files.write(labels, lines);
    Path out = dir.resolve("out");

    JobRun run =
        run(
            out.toString(),
            "--set",
            "input.labels.path=\"" + labels + "\"",
            "--set",
            "input.labels.columns.split=\"\"",
            "--set",
            "slices=[]",
            "--set",
            "findings.fail-on-gate=false");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(EvaluationJob.INVALID);
    assertThat(run.err())
        .contains("domain 'support' has 1500 classes, more than max-classes = 200")
        .contains("check input.labels.columns.label");
    assertThat(out.resolve("_runs")).doesNotExist();
  }

  @Test
  void anErrorStillEndsWithADomainEvalLineAndExit1() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    int code;
    try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setErr(e);
      code =
          EvaluationJob.run(
              new EvaluationJob(
                  config -> {
                    throw new OutOfMemoryError("Java heap space (injected)");
                  },
                  false),
              "--config",
              CONF,
              "--set",
              "output.path=\"" + dir.resolve("out") + "\"");
    } finally {
      System.setErr(old);
    }
    assertThat(code).isEqualTo(EvaluationJob.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "domain-eval: the run failed: java.lang.OutOfMemoryError: Java heap space (injected)."
                + " The driver ran out of memory");
  }

  private static JobRun run(String output, String... more) {
    List<String> args = new ArrayList<>(List.of("--config", CONF, "--set"));
    args.add("output.path=\"" + output + "\"");
    args.addAll(List.of(more));
    return JobRun.of(args.toArray(String[]::new));
  }

  private static List<Path> tree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.sorted().toList();
    }
  }
}
