package dev.domaineval.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProblemsTest {
  @Test
  void problemsAreListedInTheOrderTheyWereFoundInOneException() {
    Problems problems = new Problems();
    problems.invalid("history.runs", "job.conf: 7", "expected a number of runs from 1 to 1000");
    problems.unknown("threshold", "job.conf: 9", " Did you mean 'thresholds'?");

    assertThatThrownBy(problems::throwIfAny)
        .isInstanceOf(InvalidConfigException.class)
        .extracting(e -> ((InvalidConfigException) e).problems())
        .asList()
        .containsExactly(
            "Invalid 'history.runs' (job.conf: 7): expected a number of runs from 1 to 1000.",
            "Unknown key 'threshold' (job.conf: 9). Did you mean 'thresholds'?");
  }

  @Test
  void noProblemThrowsNothing() {
    Problems problems = new Problems();

    problems.throwIfAny();

    assertThat(problems.isEmpty()).isTrue();
  }

  @Test
  void aKeyThatCannotBeReadHidesLaterProblemsOnItAndBelowItOnly() {
    Problems problems = new Problems();
    problems.unreadable("slices", "Invalid 'slices' (job.conf: 5): expecting: list.");
    problems.invalid("slices", "job.conf: 5", "expected a list");
    problems.invalid("slices[0]", "job.conf: 5", "a slice needs exactly one of column");
    problems.invalid("slices.x", "job.conf: 5", "x");
    problems.invalid("slices-min-support", "job.conf: 6", "unknown");
    problems.invalid("max-slice-values", "job.conf: 7", "expected a positive number");

    assertThatThrownBy(problems::throwIfAny)
        .extracting(e -> ((InvalidConfigException) e).problems())
        .asList()
        .containsExactly(
            "Invalid 'slices' (job.conf: 5): expecting: list.",
            "Invalid 'slices-min-support' (job.conf: 6): unknown.",
            "Invalid 'max-slice-values' (job.conf: 7): expected a positive number.");
  }
}
