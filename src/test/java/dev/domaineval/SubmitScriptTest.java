package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
            // Added by the script (lib.sh's JIT_JAVA_OPTS), after any options already given.
            "--conf",
            "spark.driver.extraJavaOptions=-XX:-DontCompileHugeMethods",
            "--conf",
            "spark.executor.extraJavaOptions=-XX:-DontCompileHugeMethods",
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

  @Test
  void jitOptionIsAppendedToTheJavaOptionsGivenOrSetInTheClusterDefaults(@TempDir Path confDir)
      throws Exception {
    Files.writeString(
        confDir.resolve("spark-defaults.conf"),
        "spark.master yarn\nspark.driver.extraJavaOptions   -Dfrom.defaults=1 -Dy=2\n"
            + "spark.executor.extraJavaOptions -Dignored=1\n");
    Result r =
        submit(
            Map.of("SPARK_CONF_DIR", confDir.toString()),
            "--master",
            "yarn",
            "--config",
            "conf/sample.conf",
            "--conf",
            "spark.executor.extraJavaOptions=-XX:+UseG1GC -Dgiven=1",
            "--print-command");

    assertThat(r.exitCode()).as(r.output()).isZero();
    // The cluster's default is kept where nothing replaces it; a --conf replaces it, as in Spark.
    assertThat(r.output())
        .contains(
            "--conf spark.driver.extraJavaOptions=-Dfrom.defaults=1\\ -Dy=2\\"
                + " -XX:-DontCompileHugeMethods")
        .contains(
            "--conf spark.executor.extraJavaOptions=-XX:+UseG1GC\\ -Dgiven=1\\"
                + " -XX:-DontCompileHugeMethods")
        .doesNotContain("ignored");
  }

  private record Result(int exitCode, String output) {}

  private static Result submit(String... args) throws IOException, InterruptedException {
    return submit(Map.of(), args);
  }

  private static Result submit(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", "scripts/submit.sh"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectErrorStream(true);
    // A plain SPARK_HOME of the environment must not change the line under test.
    pb.environment().remove("SPARK_HOME");
    pb.environment().remove("SPARK_CONF_DIR");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
