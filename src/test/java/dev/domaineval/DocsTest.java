package dev.domaineval;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation honest: the README stays a short front door, relative links lead to files
 * that exist, and docs/configuration.md documents exactly the keys of reference.conf.
 *
 * <p>"Documented" means: the key, in backticks and nothing else, is the first cell of a row of a
 * table whose header's first cell is {@code Key} in docs/configuration.md, e.g. {@code |
 * `policy.min-support` | `30` | ... |}. Tables with another first header (such as the slice fields,
 * headed {@code Field}) are not key tables. A path segment in angle brackets is a name the user
 * chooses ({@code domains.<name>.positive-class}): such a key must lie under an object of
 * reference.conf, whose sub-keys are free names (an empty object such as {@code domains {}}, or a
 * map with example entries such as {@code policy.targets}).
 */
class DocsTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir"));
  private static final Path README = ROOT.resolve("README.md");
  private static final Path DOCS = ROOT.resolve("docs");
  private static final Path CONFIGURATION = DOCS.resolve("configuration.md");
  private static final Path REFERENCE_CONF = ROOT.resolve("src/main/resources/reference.conf");
  private static final String PREFIX = "domain-eval";
  private static final int MAX_README_LINES = 400;

  /** An inline Markdown link or image, {@code [text](target)} or {@code [text](target "title")}. */
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

  /** A table row whose first cell is one backticked word: group 1 is the word. */
  private static final Pattern KEY_ROW = Pattern.compile("^\\|\\s*`([^`|]+)`\\s*\\|.*");

  /** A table header row: group 1 is its first cell. */
  private static final Pattern HEADER_ROW = Pattern.compile("^\\|\\s*([^|`]*?)\\s*\\|.*");

  private static final Pattern SEPARATOR_ROW = Pattern.compile("^\\|[\\s:|-]+\\|\\s*$");
  private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z-]+>");

  @Test
  void readmeIsAShortFrontDoor() throws IOException {
    assertThat(Files.readAllLines(README).size())
        .as("lines of README.md: move details into docs/ and link them")
        .isLessThanOrEqualTo(MAX_README_LINES);
  }

  @Test
  void relativeLinksPointToExistingFiles() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(README));
    try (Stream<Path> docs = Files.list(DOCS)) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    // Guards against a wrong working directory making the check pass vacuously.
    assertThat(pages).as("Markdown pages under %s", DOCS).hasSizeGreaterThan(1);

    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      List<String> lines = Files.readAllLines(page);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = LINK.matcher(lines.get(i));
        while (m.find()) {
          String target = m.group(1);
          if (isExternalOrAnchor(target)) {
            continue;
          }
          String file = target.replaceFirst("#.*$", "");
          if (!Files.exists(page.getParent().resolve(file).normalize())) {
            broken.add(String.format("%s:%d: %s", ROOT.relativize(page), i + 1, target));
          }
        }
      }
    }
    assertThat(broken).as("relative links to files that do not exist").isEmpty();
  }

  @Test
  void everyKeyOfReferenceConfIsDocumented() throws IOException {
    Set<String> documented = documentedKeys();
    Set<String> missing = new TreeSet<>(referenceKeys());
    missing.removeAll(documented);
    assertThat(missing)
        .as(
            "keys of reference.conf without a row in a 'Key' table of docs/configuration.md"
                + " (first cell: the key in backticks)")
        .isEmpty();
  }

  @Test
  void everyDocumentedKeyExistsInReferenceConf() throws IOException {
    Config reference = reference();
    List<String> unknown = new ArrayList<>();
    for (String key : documentedKeys()) {
      Matcher placeholder = PLACEHOLDER.matcher(key);
      if (placeholder.find()) {
        // domains.<name>.role: the part before the first placeholder must be an object of free
        // names (a map) in reference.conf.
        String map = key.substring(0, placeholder.start());
        map = map.endsWith(".") ? map.substring(0, map.length() - 1) : map;
        if (map.isEmpty()
            || !reference.hasPath(map)
            || reference.getValue(map).valueType() != ConfigValueType.OBJECT) {
          unknown.add(key + " (no object '" + map + "' in reference.conf)");
        }
      } else if (!isValidPath(key) || !reference.hasPathOrNull(key)) {
        unknown.add(key);
      }
    }
    assertThat(unknown)
        .as("keys documented in docs/configuration.md that reference.conf does not have")
        .isEmpty();
  }

  @Test
  void documentedKeysIncludeNamedPlaceholders() throws IOException {
    // The convention above is only useful while the file follows it: guards against a table
    // header renamed away from "Key", which would silently empty the set.
    assertThat(documentedKeys()).contains("run-id", "domains.<name>.positive-class");
  }

  private static boolean isExternalOrAnchor(String target) {
    return target.startsWith("http://")
        || target.startsWith("https://")
        || target.startsWith("mailto:")
        || target.startsWith("#");
  }

  private static boolean isValidPath(String key) {
    try {
      ConfigUtil.splitPath(key);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static Config reference() {
    return ConfigFactory.parseFile(REFERENCE_CONF.toFile()).getConfig(PREFIX);
  }

  /**
   * The keys a user can set: every leaf path of reference.conf ({@code entrySet()}), plus its empty
   * objects ({@code domains {}}, {@code spark.conf {}}), which are maps of names the user chooses
   * and which {@code entrySet()} leaves out.
   */
  private static Set<String> referenceKeys() {
    Config reference = reference();
    Set<String> keys = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
      keys.add(e.getKey());
    }
    addEmptyObjects(reference.root(), "", keys);
    // Guards against a wrong working directory or prefix making the check pass vacuously.
    assertThat(keys).as("keys of %s", REFERENCE_CONF).contains("run-id", "output.path");
    return keys;
  }

  private static void addEmptyObjects(ConfigObject object, String prefix, Set<String> keys) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      if (e.getValue() instanceof ConfigObject child) {
        String path = prefix + ConfigUtil.joinPath(e.getKey());
        if (child.isEmpty()) {
          keys.add(path);
        } else {
          addEmptyObjects(child, path + ".", keys);
        }
      }
    }
  }

  /** The first cells of the rows of every table headed {@code | Key | ...} (see the class doc). */
  private static Set<String> documentedKeys() throws IOException {
    Set<String> keys = new TreeSet<>();
    boolean inKeyTable = false;
    String previous = "";
    for (String line : Files.readAllLines(CONFIGURATION)) {
      String trimmed = line.trim();
      if (!trimmed.startsWith("|")) {
        inKeyTable = false;
      } else if (SEPARATOR_ROW.matcher(trimmed).matches()) {
        Matcher header = HEADER_ROW.matcher(previous);
        inKeyTable = header.matches() && header.group(1).equals("Key");
      } else if (inKeyTable) {
        Matcher row = KEY_ROW.matcher(trimmed);
        if (row.matches()) {
          keys.add(row.group(1).trim());
        }
      }
      previous = trimmed;
    }
    return keys;
  }
}
