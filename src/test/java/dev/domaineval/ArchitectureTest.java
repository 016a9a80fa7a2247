package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The stage map of STYLE.md §1 as a test: the packages in the order data flows through them, each
 * importing only packages above it (so no cycle either); the pure stages never import Spark; no
 * main source file is longer than {@link #MAX_LINES} lines.
 */
class ArchitectureTest {
  private static final Path SOURCES =
      Path.of(System.getProperty("user.dir"), "src/main/java/dev/domaineval");

  /** The stages in the order data flows through them; a stage imports only earlier ones. */
  static final List<String> STAGES =
      List.of(
          "config",
          "slice",
          "counts",
          "metrics",
          "scores",
          "compare",
          "discovery",
          "findings",
          "input",
          "aggregate",
          "report",
          "cli");

  private static final Set<String> PURE_STAGES =
      Set.of("config", "slice", "counts", "metrics", "scores", "compare", "discovery", "findings");

  /** Sub-packages that belong to a stage, and must stay free of Spark although the stage is not. */
  private static final Set<String> PURE_SUBPACKAGES = Set.of("report/html");

  private static final Pattern SPARK_IMPORT =
      Pattern.compile("^\\s*import\\s+(static\\s+)?org\\.apache\\.(spark|hadoop)\\b.*");

  /** A reference to a project package, in an import or written out in the code. */
  private static final Pattern PROJECT_REFERENCE =
      Pattern.compile("\\bdev\\.domaineval\\.(\\w+)\\.");

  static final int MAX_LINES = 600;

  @Test
  void everyPackageIsAStageOfTheMap() throws IOException {
    Set<String> packages = new TreeSet<>();
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      dirs.filter(Files::isDirectory).forEach(d -> packages.add(d.getFileName().toString()));
    }
    assertThat(packages)
        .as("packages under %s; add a new one to STAGES (and STYLE.md's map) in its place", SOURCES)
        .isSubsetOf(STAGES)
        .isNotEmpty();
  }

  @Test
  void stagesImportOnlyEarlierStages() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<Path, String> file : mainSources().entrySet()) {
      String stage = stageOf(file.getKey());
      int rank = STAGES.indexOf(stage);
      List<String> lines = Files.readAllLines(file.getKey());
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = PROJECT_REFERENCE.matcher(lines.get(i));
        while (m.find()) {
          String used = m.group(1);
          int usedRank = STAGES.indexOf(used);
          if (usedRank > rank) {
            violations.add(
                String.format(
                    "%s:%d: %s (stage %d) uses %s (stage %d)",
                    SOURCES.relativize(file.getKey()), i + 1, stage, rank, used, usedRank));
          }
        }
      }
    }
    assertThat(violations)
        .as(
            "references to a later stage (order: %s); move the shared type to the earlier stage"
                + " or the code to the later one",
            STAGES)
        .isEmpty();
  }

  @Test
  void theImportGraphHasNoCycle() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    for (Path file : mainSources().keySet()) {
      String stage = stageOf(file);
      Matcher m = PROJECT_REFERENCE.matcher(Files.readString(file));
      while (m.find()) {
        if (!m.group(1).equals(stage)) {
          uses.computeIfAbsent(stage, k -> new TreeSet<>()).add(m.group(1));
        }
      }
    }
    List<String> cycle = findCycle(uses);
    assertThat(cycle).as("a cycle of package references").isEmpty();
  }

  @Test
  void findCycleFindsACycle() {
    assertThat(findCycle(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"))))
        .containsExactly("a", "b", "c", "a");
    assertThat(findCycle(Map.of("a", Set.of("b"), "b", Set.of("c")))).isEmpty();
  }

  @Test
  void pureStagesDoNotImportSparkOrHadoop() throws IOException {
    List<String> violations = new ArrayList<>();
    int pureFiles = 0;
    for (Path file : mainSources().keySet()) {
      String relative = SOURCES.relativize(file).toString().replace('\\', '/');
      boolean pure =
          PURE_STAGES.contains(stageOf(file))
              || PURE_SUBPACKAGES.stream().anyMatch(p -> relative.startsWith(p + "/"));
      if (!pure) {
        continue;
      }
      pureFiles++;
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (SPARK_IMPORT.matcher(lines.get(i)).matches()) {
          violations.add(String.format("%s:%d: %s", relative, i + 1, lines.get(i).trim()));
        }
      }
    }
    // Guards against a wrong working directory making the check pass vacuously.
    assertThat(pureFiles).as("Java files of the pure stages under %s", SOURCES).isPositive();
    assertThat(violations)
        .as("imports of Spark or Hadoop in a pure stage; move that code to a Spark stage")
        .isEmpty();
  }

  @Test
  void noMainSourceFileIsLongerThanTheLimit() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path file : mainSources().keySet()) {
      String relative = SOURCES.relativize(file).toString().replace('\\', '/');
      long lines = Files.readAllLines(file).size();
      if (lines > MAX_LINES) {
        violations.add(String.format("%s: %d lines (limit %d)", relative, lines, MAX_LINES));
      }
    }
    assertThat(violations)
        .as("main source files over their limit; split them by responsibility")
        .isEmpty();
  }

  /** Every main source file, with its path. */
  private static Map<Path, String> mainSources() throws IOException {
    Map<Path, String> out = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      walk.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> out.put(f, ""));
    }
    return out;
  }

  private static String stageOf(Path file) {
    return SOURCES.relativize(file).getName(0).toString();
  }

  /** A cycle of the graph as a path that ends where it starts, or an empty list. */
  static List<String> findCycle(Map<String, Set<String>> graph) {
    Set<String> done = new TreeSet<>();
    for (String start : new TreeSet<>(graph.keySet())) {
      List<String> path = new ArrayList<>();
      List<String> cycle = visit(start, graph, path, done);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    return List.of();
  }

  private static List<String> visit(
      String node, Map<String, Set<String>> graph, List<String> path, Set<String> done) {
    int at = path.indexOf(node);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
      cycle.add(node);
      return cycle;
    }
    if (done.contains(node)) {
      return List.of();
    }
    path.add(node);
    for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
      List<String> cycle = visit(next, graph, path, done);
      if (!cycle.isEmpty()) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    done.add(node);
    return List.of();
  }
}
