package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job jar that the package phase builds ({@code target/domain-eval.jar}) is the product only:
 * the job and its relocated libraries, none of the tools of {@code src/tools/java}.
 */
class JobJarIT {
  private static final Path JAR =
      Path.of(System.getProperty("project.basedir", System.getProperty("user.dir")))
          .resolve("target/domain-eval.jar");

  /** The shaded libraries: where their classes are, and where the jar must have moved them. */
  private static final List<String> LIBRARIES =
      List.of("com/typesafe/config/", "picocli/", "freemarker/", "org/apache/commons/math3/");

  private static final String SHADED = "dev/domaineval/shaded/";

  private static List<String> entries;
  private static String mainClass;

  @BeforeAll
  static void readTheJar() throws IOException {
    assertThat(JAR).as("the job jar; build it with mvn package").isRegularFile();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      entries = jar.stream().map(ZipEntry::getName).sorted().toList();
      mainClass = jar.getManifest().getMainAttributes().getValue("Main-Class");
    }
  }

  @Test
  void holdsTheJobAndItsMainClass() {
    assertThat(entries).contains("dev/domaineval/cli/EvaluationJob.class");
    assertThat(mainClass).isEqualTo("dev.domaineval.cli.EvaluationJob");
  }

  @Test
  void holdsNoneOfTheTools() {
    assertThat(entriesUnder("dev/domaineval/bench/", "dev/domaineval/sample/"))
        .as("classes of the benchmark or the sample generator in %s", JAR)
        .isEmpty();
  }

  @Test
  void relocatesEveryShadedLibrary() {
    for (String library : LIBRARIES) {
      assertThat(classesUnder(library))
          .as("classes of %s at their original place in %s", library, JAR)
          .isEmpty();
      // Guards against a library missing from the jar making the check pass vacuously.
      assertThat(classesUnder(SHADED + library))
          .as("classes of %s relocated under %s", library, SHADED)
          .isNotEmpty();
    }
  }

  private static List<String> entriesUnder(String... prefixes) {
    return entries.stream().filter(e -> Stream.of(prefixes).anyMatch(e::startsWith)).toList();
  }

  private static List<String> classesUnder(String prefix) {
    return entriesUnder(prefix).stream().filter(e -> e.endsWith(".class")).toList();
  }
}
