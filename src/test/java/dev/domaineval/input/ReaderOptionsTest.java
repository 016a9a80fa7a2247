package dev.domaineval.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domaineval.config.InputSpec;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReaderOptionsTest {

  private static InputSpec spec(String format, Map<String, String> options) {
    return new InputSpec(
        "labels",
        Optional.of("/data/labels"),
        Optional.empty(),
        format,
        options,
        Optional.empty(),
        Map.of());
  }

  @Test
  void csvIsReadAsRfc4180UnderTheUsersOptions() {
    Map<String, String> options = ReaderOptions.of(spec("csv", Map.of("header", "true")));

    assertThat(options)
        .containsEntry("header", "true")
        .containsEntry("multiLine", "true")
        .containsEntry("quote", "\"")
        .containsEntry("escape", "\"");
  }

  @Test
  void theUsersOptionsWinWhateverTheirCase() {
    Map<String, String> options =
        ReaderOptions.of(spec("csv", Map.of("multiline", "false", "ESCAPE", "\\")));

    assertThat(options)
        .containsEntry("multiline", "false")
        .containsEntry("ESCAPE", "\\")
        .containsEntry("quote", "\"")
        .doesNotContainKeys("multiLine", "escape");
  }

  @Test
  void otherFormatsGetNoCsvDefaults() {
    assertThat(ReaderOptions.of(spec("parquet", Map.of())))
        .doesNotContainKeys("multiLine", "quote", "escape");
    assertThat(ReaderOptions.of(spec("json", Map.of())))
        .doesNotContainKeys("multiLine", "quote", "escape");
  }

  @Test
  void filesAreNeverSkippedEvenWhenTheOptionsAskForIt() {
    Map<String, String> options =
        ReaderOptions.of(spec("parquet", Map.of("ignorecorruptfiles", "true")));

    assertThat(options)
        .containsEntry("ignoreCorruptFiles", "false")
        .containsEntry("ignoreMissingFiles", "false")
        .doesNotContainKey("ignorecorruptfiles");
  }
}
