package dev.domaineval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit guard in a real JVM exit: a child JVM that runs {@link ExitGuardProbe} on the test
 * classpath, so that {@code System.exit} and {@code Runtime.halt} do what they do in the job.
 */
class ExitGuardIT {
  @TempDir Path dir;

  /** What the child JVM did. */
  record Exit(int code, String err) {}

  @Test
  void anExitDuringTheRunExitsWithOneAfterSparksHooksAndSaysSo() throws Exception {
    Exit exit = probe("exit-during-run", 0);

    assertThat(exit.code()).as("exit code; stderr: %s", exit.err()).isEqualTo(1);
    assertThat(exit.err())
        .contains(
            "domain-eval: the JVM was asked to exit during the run (System.exit called by code the"
                + " run executed, an uncaught error or a signal), before the run finished; nothing"
                + " more is published and the exit code is 1.");
    assertThat(exit.err().indexOf("probe: spark's hooks ran"))
        .as("Spark's hooks run before the guard halts the JVM")
        .isNotNegative()
        .isLessThan(exit.err().indexOf("domain-eval: the JVM was asked to exit"));
  }

  @Test
  void aFinishedRunKeepsItsExitCode() throws Exception {
    for (int code : List.of(0, 3)) {
      Exit exit = probe("finish", code);

      assertThat(exit.code()).as("exit code; stderr: %s", exit.err()).isEqualTo(code);
      assertThat(exit.err()).contains("probe: spark's hooks ran").doesNotContain("domain-eval:");
    }
  }

  @Test
  void theJobsMainKeepsItsExitCodes() throws Exception {
    Exit version = java(EvaluationJob.class, "--version");
    Exit badOption = java(EvaluationJob.class, "--no-such-option");

    assertThat(version.code()).as("exit code; stderr: %s", version.err()).isEqualTo(0);
    assertThat(badOption.code()).as("exit code; stderr: %s", badOption.err()).isEqualTo(2);
    assertThat(badOption.err())
        .contains("domain-eval: Unknown option: '--no-such-option'")
        .doesNotContain("asked to exit during the run");
  }

  private Exit probe(String mode, int code) throws IOException, InterruptedException {
    return java(ExitGuardProbe.class, mode, Integer.toString(code));
  }

  /** Runs the class's main in a child JVM on the test classpath. */
  private Exit java(Class<?> main, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
    command.addAll(List.of(args));
    Path err = Files.createTempFile(dir, main.getSimpleName(), ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the child JVM ends").isTrue();
    return new Exit(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
  }
}
