package dev.domaineval.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryConfigTest {
  private static final String MINIMAL =
      """
      input.predictions.path = "preds"
      input.labels.path = "labels"
      models { baseline = base, candidates = [ft-v1] }
      output.path = "out"
      """;

  private final ConfigLoader loader =
      new ConfigLoader(Clock.fixed(Instant.parse("2026-11-27T18:30:00Z"), ZoneOffset.UTC));

  @TempDir Path dir;

  private JobConfig load(String extra, String... sets) throws IOException {
    Path job = Files.writeString(dir.resolve("job.conf"), MINIMAL + extra);
    return loader.load(Optional.of(job), List.of(sets));
  }

  @Test
  void historyShowsThirtyRunsAndComparesWithTheLastOneByDefault() throws IOException {
    JobConfig job = load("");

    assertThat(job.history()).isEqualTo(HistorySpec.DEFAULT);
    assertThat(job.history().runs()).isEqualTo(30);
    assertThat(job.history().referenceRun()).isEmpty();
  }

  @Test
  void aReferenceRunCanBePinned() throws IOException {
    JobConfig job = load("history { runs = 7, reference-run = 2026-11-20 }\n");

    assertThat(job.history()).isEqualTo(new HistorySpec(7, Optional.of("2026-11-20")));
  }

  @Test
  void zeroRunsTurnsHistoryOffAndThenNoRunCanBeTheReference() throws IOException {
    assertThat(load("history.runs = 0\n").history())
        .isEqualTo(new HistorySpec(0, Optional.empty()));
    assertThatThrownBy(() -> load("history { runs = 0, reference-run = 2026-11-20 }\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'history.reference-run' (")
        .hasMessageContaining("history is off (history.runs = 0)");
  }

  @Test
  void historyKeysOutOfRangeAreReportedWithTheirLine() {
    assertThatThrownBy(() -> load("history.runs = -1\nhistory.reference-run = \"../x\"\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'history.runs' (")
        .hasMessageContaining(
            "job.conf: 5): expected a number of runs from 0 (no history) to 1000, got -1")
        .hasMessageContaining("Invalid 'history.reference-run' (")
        .hasMessageContaining("job.conf: 6): expected the run id of a published run");
  }
}
