package dev.domaineval.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLayersTest {
  /** Environment variables that no test environment sets. */
  private static final String UNSET_A = "DOMAIN_EVAL_TEST_NEVER_SET_A1";

  private static final String UNSET_B = "DOMAIN_EVAL_TEST_NEVER_SET_B2";

  @TempDir Path dir;

  @BeforeEach
  void variablesAreUnset() {
    assumeTrue(System.getenv(UNSET_A) == null && System.getenv(UNSET_B) == null);
  }

  @Test
  void everyUnresolvedSubstitutionIsReportedWithItsLine() {
    String job = dir.resolve("job.conf").toString();

    assertThat(
            JobFiles.problems(
                dir, "run-id = ${" + UNSET_A + "}\noutput.path = ${" + UNSET_B + "}\n"))
        .containsExactly(
            job
                + ": 5: Could not resolve substitution to a value: ${"
                + UNSET_A
                + "}. Set the variable in the environment, or use the optional form ${?VAR}.",
            job
                + ": 6: Could not resolve substitution to a value: ${"
                + UNSET_B
                + "}. Set the variable in the environment, or use the optional form ${?VAR}.");
  }

  @Test
  void anUnresolvedSubstitutionIsReportedWithTheProblemsOfTheOtherSections() {
    assertThat(
            JobFiles.problems(
                dir,
                "input.labels.columns.split = ${"
                    + UNSET_A
                    + "}\nhistory.runs = -1\nslices = [ { expr = x } ]\n"))
        .satisfiesExactly(
            p -> assertThat(p).contains("job.conf: 5", "${" + UNSET_A + "}", "Set the variable"),
            p -> assertThat(p).startsWith("Invalid 'slices[0]' (").contains("job.conf: 7"),
            p -> assertThat(p).startsWith("Invalid 'history.runs' (").contains("job.conf: 6"));
  }

  @Test
  void aJobFileThatDoesNotParseIsReportedWithTheBadSetArguments() {
    assertThat(JobFiles.problems(dir, "models { baseline = base ]\n", "run-id", "x=["))
        .satisfiesExactly(
            p ->
                assertThat(p)
                    .startsWith("Cannot parse job file")
                    .contains("job.conf: 5", "Expecting close brace }"),
            p -> assertThat(p).startsWith("Invalid --set argument 'run-id': expected key=value"),
            p -> assertThat(p).startsWith("Invalid --set argument 'x=[':"));
  }

  @Test
  void aMissingJobFileIsReportedWithTheBadSetArguments() {
    Path missing = dir.resolve("no-such-job.conf");
    ConfigLoader loader = new ConfigLoader();

    Throwable thrown = catchThrowable(() -> loader.load(Optional.of(missing), List.of("run-id")));

    assertThat(thrown).isInstanceOf(InvalidConfigException.class);
    assertThat(((InvalidConfigException) thrown).problems())
        .satisfiesExactly(
            p -> assertThat(p).startsWith("Job file '" + missing + "' not found"),
            p -> assertThat(p).startsWith("Invalid --set argument 'run-id'"));
  }

  @Test
  void aBadSetArgumentIsReportedBeforeTheJobFileIsChecked() {
    // Without the argument the file would be checked as if it had not been given, and report
    // what the argument was meant to set as missing.
    assertThat(JobFiles.problems(dir, "input.labels.format = xlsx\n", "output.path=s3a://b/x"))
        .singleElement()
        .asString()
        .startsWith("Invalid --set argument 'output.path=s3a://b/x'");
  }
}
