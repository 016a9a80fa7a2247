package dev.domaineval.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Section {@code input.training}: the fine-tuning data of candidates, keyed by candidate, to find
 * evaluation examples that were also training examples.
 */
final class TrainingSection {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(TrainingSection.class);

  private static final Set<String> KEYS =
      Set.of("path", "table", "format", "options", "schema", "columns");

  private TrainingSection() {}

  /**
   * The training data of this run's candidates; entries of other models are ignored.
   *
   * @param labels the labels table, whose text column matching by text needs
   */
  static Map<String, InputSpec> read(Settings settings, List<String> candidates, InputSpec labels) {
    Map<String, InputSpec> out = new TreeMap<>();
    if (!settings.config().hasPath("input.training")) {
      return out;
    }
    ConfigObject all =
        settings.read("input.training", null, () -> settings.config().getObject("input.training"));
    if (all == null) {
      return out;
    }
    for (String candidate : all.keySet()) {
      String path = ConfigUtil.joinPath("input", "training", candidate);
      ConfigValue v = all.get(candidate);
      if (v.valueType() != ConfigValueType.OBJECT) {
        settings.invalid(
            path, "expected an object such as { path = \"...\", columns { example-id = id } }");
        continue;
      }
      if (!candidates.contains(candidate)) {
        // A shared job file may list the fine-tuning data of every candidate while a run
        // selects some of them.
        LOG.warn(
            "Training data is configured for '{}' ({}), which is not a candidate of this run"
                + " (models.candidates: {}): ignored",
            candidate,
            v.origin().description(),
            candidates);
        continue;
      }
      for (String key : ((ConfigObject) v).keySet()) {
        if (!KEYS.contains(key)) {
          settings.invalid(
              path + "." + key,
              "unknown key; a training entry takes "
                  + String.join(", ", new TreeSet<>(KEYS))
                  + "."
                  + ReferenceSchema.suggestion(key, KEYS));
        }
      }
      InputSpec spec =
          InputSection.table(
              settings,
              ConfigUtil.joinPath("training", candidate),
              List.of(),
              List.of("example-id", "text"));
      if (spec.column("example_id").isEmpty() && spec.column("text").isEmpty()) {
        settings.invalid(
            path + ".columns",
            "name the training table's example-id column, its text column, or both, so that"
                + " leaked examples can be found");
      }
      if (spec.column("text").isPresent() && labels.column("text").isEmpty()) {
        settings.invalid(
            "input.labels.columns.text",
            "matching training data by text needs the labels' text column. Set it, or match"
                + " by example-id only");
      }
      out.put(candidate, spec);
    }
    return out;
  }
}
