package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** STYLE.md §1: the pure packages never import Spark (or Hadoop, which comes with it). */
class ArchitectureTest {
  private static final Path SOURCES =
      Path.of(System.getProperty("user.dir"), "src/main/java/dev/domaineval");
  private static final List<String> PURE_PACKAGES =
      List.of("metrics", "slice", "config", "compare", "findings", "scores", "report/html");
  private static final Pattern FORBIDDEN_IMPORT =
      Pattern.compile("^\\s*import\\s+(static\\s+)?org\\.apache\\.(spark|hadoop)\\b.*");

  @Test
  void purePackagesDoNotImportSparkOrHadoop() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String pkg : PURE_PACKAGES) {
      Path dir = SOURCES.resolve(pkg);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.filter(f -> f.toString().endsWith(".java")).sorted().forEach(files::add);
        }
      }
    }
    // Guards against a wrong working directory making the check pass vacuously.
    assertThat(files).as("Java files under %s", SOURCES).isNotEmpty();

    List<String> violations = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (FORBIDDEN_IMPORT.matcher(lines.get(i)).matches()) {
          violations.add(
              String.format("%s:%d: %s", SOURCES.relativize(file), i + 1, lines.get(i).trim()));
        }
      }
    }
    assertThat(violations)
        .as(
            "imports of Spark or Hadoop in a pure package (%s); move that code to a Spark package",
            PURE_PACKAGES)
        .isEmpty();
  }
}
