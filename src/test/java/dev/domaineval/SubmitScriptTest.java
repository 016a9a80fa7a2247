package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code scripts/submit.sh} builds the same spark-submit line for every kind of master (ClusterIT
 * runs it for real against a standalone cluster): the job file shipped with --files, the main
 * class, the run id, and the job file named without its folder where the driver runs in the
 * cluster.
 */
class SubmitScriptTest {
  private static final Path PROJECT = Path.of(System.getProperty("user.dir"));

  @ParameterizedTest
  @CsvSource({
    "local[*], client, conf/example-nightly.conf",
    "spark://master:7077, client, conf/example-nightly.conf",
    "yarn, cluster, example-nightly.conf",
    "k8s://https://kube:6443, cluster, example-nightly.conf"
  })
  void submitLineIsTheSameForEveryMasterUpToTheJobFilesPath(
      String master, String deployMode, String configArgument) throws Exception {
    Result r =
        submit(
            "--master",
            master,
            "--deploy-mode",
            deployMode,
            "--config",
            "conf/example-nightly.conf",
            "--run-id",
            "2026-11-27",
            "--conf",
            "spark.executor.memory=8g",
            "--print-command",
            "--",
            "--set",
            "findings.fail-on-gate=true");

    assertThat(r.exitCode()).as(r.output()).isZero();
    String expectedTail =
        String.join(
            " ",
            "--master",
            master.replace("[", "\\[").replace("*", "\\*").replace("]", "\\]"),
            "--deploy-mode",
            deployMode,
            "--name",
            "domain-eval\\ 2026-11-27",
            "--class",
            "dev.domaineval.cli.EvaluationJob",
            "--files",
            "conf/example-nightly.conf",
            "--conf",
            "spark.executor.memory=8g",
            PROJECT.resolve("target/domain-eval.jar").toString(),
            "--config",
            configArgument,
            "--set",
            "run-id=2026-11-27",
            "--set",
            "findings.fail-on-gate=true");
    assertThat(r.output().strip()).endsWith(expectedTail);
  }

  @Test
  void missingMasterIsABadUsageWithExitCode2() throws Exception {
    Result r = submit("--config", "conf/sample.conf", "--print-command");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.output()).contains("--master is required");
  }

  @Test
  void missingJobFileIsNamedWithExitCode2() throws Exception {
    Result r = submit("--master", "yarn", "--config", "conf/no-such.conf", "--print-command");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.output()).contains("job file 'conf/no-such.conf' not found");
  }

  private record Result(int exitCode, String output) {}

  private static Result submit(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", "scripts/submit.sh"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectErrorStream(true);
    // A plain SPARK_HOME of the environment must not change the line under test.
    pb.environment().remove("SPARK_HOME");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
