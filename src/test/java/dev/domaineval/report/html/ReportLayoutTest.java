package dev.domaineval.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The report's layers: the sections ({@code report.html}) build the view model ({@code
 * report.html.view}) from the run's results, and the renderer ({@code report.html.render}) turns
 * the view into HTML. The view and the renderer know nothing of the run, so a change to what a run
 * computes never reaches them, and the page can be rendered from a view alone.
 */
class ReportLayoutTest {
  private static final Path HTML =
      Path.of(System.getProperty("user.dir"), "src/main/java/dev/domaineval/report/html");
  private static final Pattern PROJECT_NAME = Pattern.compile("dev\\.domaineval\\.[\\w.]+");
  private static final String VIEW = "dev.domaineval.report.html.view";
  private static final String RENDER = "dev.domaineval.report.html.render";

  @Test
  void theViewModelUsesNothingButItself() throws IOException {
    assertThat(foreignNames(HTML.resolve("view"), List.of(VIEW)))
        .as("names of other project packages in the view model; keep it plain records")
        .isEmpty();
  }

  @Test
  void theRendererUsesNothingOfTheRunOnlyTheViewModel() throws IOException {
    assertThat(foreignNames(HTML.resolve("render"), List.of(VIEW, RENDER)))
        .as(
            "names of other project packages in the renderer; give the view model what the page"
                + " needs and build it in a section instead")
        .isEmpty();
  }

  /** Every mention of a project package other than the allowed ones, as file:line: name. */
  private static List<String> foreignNames(Path dir, List<String> allowed) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
    // Guards against a wrong working directory making the check pass vacuously.
    assertThat(files).as("Java files under %s", dir).isNotEmpty();
    List<String> out = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = PROJECT_NAME.matcher(lines.get(i));
        while (m.find()) {
          String name = m.group();
          if (allowed.stream().noneMatch(a -> name.equals(a) || name.startsWith(a + "."))) {
            out.add(String.format("%s:%d: %s", HTML.relativize(file), i + 1, name));
          }
        }
      }
    }
    return out;
  }
}
