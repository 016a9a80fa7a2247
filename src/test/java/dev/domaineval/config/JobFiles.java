package dev.domaineval.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Writes job files for the section tests and loads them. */
final class JobFiles {
  /** A valid job in four lines: text appended to it starts on line 5 of job.conf. */
  static final String MINIMAL =
      """
      input.predictions.path = "preds"
      input.labels.path = "labels"
      models { baseline = base, candidates = [ft-v1] }
      output.path = "out"
      """;

  private static final ConfigLoader LOADER =
      new ConfigLoader(Clock.fixed(Instant.parse("2026-11-27T18:30:00Z"), ZoneOffset.UTC));

  private JobFiles() {}

  /** The problems of MINIMAL followed by {@code lines}, as job.conf in {@code dir}. */
  static List<String> problems(Path dir, String lines, String... overrides) {
    Path job = write(dir, MINIMAL + lines);
    Throwable thrown = catchThrowable(() -> LOADER.load(Optional.of(job), List.of(overrides)));
    assertThat(thrown).isInstanceOf(InvalidConfigException.class);
    return ((InvalidConfigException) thrown).problems();
  }

  static Path write(Path dir, String content) {
    Path job = dir.resolve("job.conf");
    try {
      Files.writeString(job, content);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return job;
  }
}
