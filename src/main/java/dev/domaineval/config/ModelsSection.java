package dev.domaineval.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Section {@code models}: the baseline and the candidates compared with it.
 *
 * @param baseline the original model
 * @param candidates the fine-tuned models, in configured order
 */
record ModelsSection(String baseline, List<String> candidates) {
  static ModelsSection read(Settings settings) {
    String baseline = settings.string("models.baseline");
    if (baseline.isBlank()) {
      settings.invalid(
          "models.baseline",
          "no baseline model is set. Set it to the model every candidate is compared with,"
              + " e.g. models.baseline = base");
    }
    List<String> candidates = settings.stringList("models.candidates");
    if (candidates.isEmpty()) {
      settings.invalid(
          "models.candidates",
          "no candidate model is set. List the fine-tuned models to evaluate, e.g."
              + " models.candidates = [ft-v1]");
    }
    // A blank baseline is reported above; only the candidates can add a blank name.
    Set<String> seen = new HashSet<>();
    if (!baseline.isBlank()) {
      seen.add(baseline);
    }
    for (String m : candidates) {
      if (m.isBlank()) {
        settings.invalid("models.candidates", "a model name is blank. Remove it or name the model");
      } else if (!seen.add(m)) {
        settings.invalid(
            "models.candidates",
            "model '" + m + "' is listed twice (as baseline or candidate). List each once");
      }
    }
    return new ModelsSection(baseline, List.copyOf(candidates));
  }
}
