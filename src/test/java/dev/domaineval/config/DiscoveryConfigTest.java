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

class DiscoveryConfigTest {
  private static final String MINIMAL =
      """
      input.predictions.path = "preds"
      input.labels.path = "labels"
      models { baseline = base, candidates = [ft-v1] }
      output.path = "out"
      """;

  private final ConfigLoader loader =
      new ConfigLoader(Clock.fixed(Instant.parse("2026-12-07T18:30:00Z"), ZoneOffset.UTC));

  @TempDir Path dir;

  private JobConfig load(String extra) throws IOException {
    Path job = Files.writeString(dir.resolve("job.conf"), MINIMAL + extra);
    return loader.load(Optional.of(job), List.of());
  }

  @Test
  void discoveryIsOnByDefaultWithTheDocumentedSettings() throws IOException {
    DiscoverySpec spec = load("").discovery();

    assertThat(spec).isEqualTo(DiscoverySpec.DEFAULTS);
    assertThat(spec.enabled()).isTrue();
    assertThat(spec.maxPredicates()).isEqualTo(3);
    assertThat(spec.topK()).isEqualTo(10);
    assertThat(spec.alpha()).isEqualTo(0.95);
    assertThat(spec.gate()).isFalse();
  }

  @Test
  void minSupportZeroTakesEachDomainPolicysOwn() throws IOException {
    assertThat(load("").discovery().minSupport(30)).isEqualTo(30);
    assertThat(load("").discovery().minSupport(0)).isEqualTo(1);
    assertThat(load("discovery.min-support = 200\n").discovery().minSupport(30)).isEqualTo(200);
  }

  @Test
  void everySettingCanBeChanged() throws IOException {
    assertThat(
            load("discovery { enabled = false, max-predicates = 2, min-support = 50, top-k = 5,"
                    + " alpha = 1, gate = true }\n")
                .discovery())
        .isEqualTo(new DiscoverySpec(false, 2, 50, 5, 1.0, true));
  }

  @Test
  void outOfRangeValuesAreNamedWithTheirRange() {
    assertThatThrownBy(() -> load("discovery { max-predicates = 5, top-k = 0, alpha = 0 }\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'discovery.max-predicates'")
        .hasMessageContaining("expected 1 to 4 predicates per slice, got 5")
        .hasMessageContaining("Invalid 'discovery.top-k'")
        .hasMessageContaining("Invalid 'discovery.alpha'");
    assertThatThrownBy(() -> load("discovery.min-support = -1\n"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Invalid 'discovery.min-support'");
  }
}
