package dev.domaineval.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.metrics.MetricId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code policy.margin}, {@code policy.margins} and their per-domain overrides. */
class MarginsConfigTest {
  private final ConfigLoader loader =
      new ConfigLoader(Clock.fixed(Instant.parse("2026-11-27T18:30:00Z"), ZoneOffset.UTC));

  @TempDir Path dir;

  private JobConfig load(String extra) throws IOException {
    Path job = Files.writeString(dir.resolve("job.conf"), JobFiles.MINIMAL + extra);
    return loader.load(Optional.of(job), List.of());
  }

  @Test
  void theDefaultMarginIsOnePointForEveryMetric() throws IOException {
    Policy policy = load("").policy("general");

    assertThat(policy.margin()).isEqualTo(0.01).isEqualTo(Policy.DEFAULT_MARGIN);
    assertThat(policy.margins()).isEmpty();
    assertThat(policy.margin("recall")).isEqualTo(0.01);
  }

  @Test
  void aDomainOverridesTheMarginAndMergesPerMetricMarginsKeyByKey() throws IOException {
    JobConfig job =
        load(
            """
            policy { margin = 0.02, margins { recall = 0.03 } }
            domains { general { margin = 0.005, margins { macro_f1 = 0.015 } } }
            """);

    Policy general = job.policy("general");
    assertThat(general.margin("accuracy")).isEqualTo(0.005);
    assertThat(general.margin("recall")).isEqualTo(0.03);
    assertThat(general.margin("macro_f1")).isEqualTo(0.015);
    Policy other = job.policy("legal");
    assertThat(other.margin("accuracy")).isEqualTo(0.02);
    assertThat(other.margin("macro_f1")).isEqualTo(0.02);
  }

  @Test
  void badMarginsAreReportedTogetherWithTheirLines(@TempDir Path tmp) {
    String job = tmp.resolve("job.conf").toString();

    assertThat(
            JobFiles.problems(
                tmp,
                """
                policy { margin = 2, margins { recall = -0.1, auc = 0.02 } }
                """))
        .containsExactlyInAnyOrder(
            "Invalid margin 'policy.margins.auc' ("
                + job
                + ": 5): margins take abstain_rate, accuracy, balanced_accuracy, cohen_kappa,"
                + " coverage, f1, invalid_rate, macro_f1, macro_precision, macro_recall, mcc,"
                + " precision, recall, refusal_rate, selective_accuracy, specificity, weighted_f1,"
                + " weighted_precision, weighted_recall.",
            "Invalid margin 'policy.margins.recall' ("
                + job
                + ": 5): expected a number in [0, 1], got -0.1. Use an absolute difference such as"
                + " 0.02.",
            "Invalid 'policy.margin' ("
                + job
                + ": 5): expected a number in [0, 1], got 2. Use an absolute difference such as"
                + " 0.01 (one point).");
  }

  @Test
  void everyComparedMetricOfTheRegistryMayHaveAMargin() {
    assertThat(Policy.COMPARED_METRICS)
        .isEqualTo(
            Arrays.stream(MetricId.values())
                .filter(MetricId::isCompared)
                .map(MetricId::id)
                .collect(Collectors.toSet()));
  }
}
