package dev.domaineval.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys and types that {@code reference.conf} declares: a key it does not know is reported with
 * the closest one it does, and a value of the wrong type (an object where a number belongs, ...)
 * with what was expected. Values are checked by the section readers.
 */
final class ReferenceSchema {
  /** Keys under these take names the job chooses (reader options, domains, candidates, ...). */
  private static final List<String> FREE_FORM_PREFIXES =
      List.of(
          "input.predictions.options.",
          "input.labels.options.",
          "spark.conf.",
          "domains.",
          "input.training.",
          "policy.targets.",
          "policy.margins.",
          "normalization.aliases.");

  private ReferenceSchema() {}

  /** Reports every key of {@code merged} that {@code defaults} does not declare. */
  static void checkKeys(Config merged, Config defaults, Problems problems) {
    Set<String> known = new HashSet<>();
    for (Map.Entry<String, ConfigValue> e : defaults.entrySet()) {
      known.add(e.getKey());
    }
    for (Map.Entry<String, ConfigValue> e : merged.entrySet()) {
      String path = e.getKey();
      // Slices are checked entry by entry by their section.
      if (known.contains(path) || path.equals("slices")) {
        continue;
      }
      boolean free = FREE_FORM_PREFIXES.stream().anyMatch(path::startsWith);
      if (free) {
        continue;
      }
      // An object or list in the defaults replaced by a scalar is a type problem for
      // checkTypes, not an unknown key.
      if (defaults.hasPathOrNull(path)) {
        continue;
      }
      problems.unknown(path, e.getValue().origin().description(), suggestion(path, known));
    }
  }

  /**
   * Reports every value whose type differs from its default's; the section readers then skip those
   * keys.
   */
  static void checkTypes(Config merged, Config defaults, Problems problems) {
    try {
      merged.checkValid(defaults);
    } catch (ConfigException.ValidationFailed e) {
      for (ConfigException.ValidationProblem p : e.problems()) {
        problems.unreadable(
            p.path(),
            String.format(
                "Invalid '%s' (%s): %s.", p.path(), p.origin().description(), p.problem()));
      }
    }
  }

  /** " Did you mean 'x'?" for the closest known key, or where to look when none is close. */
  static String suggestion(String key, Set<String> known) {
    return known.stream()
        .min(Comparator.comparingInt(k -> distance(key, k)))
        .filter(k -> distance(key, k) <= Math.max(2, key.length() / 4))
        .map(k -> " Did you mean '" + k + "'?")
        .orElse(" Remove it; see reference.conf for the keys a job file may set.");
  }

  /** The Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
