package dev.domaineval.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Section {@code domains}: per domain, its positive class, label set and policy overrides (over the
 * defaults of section {@code policy}, read by {@link PolicySection}).
 */
final class DomainsSection {
  private static final Set<String> KEYS =
      Set.of(
          "positive-class",
          "labels",
          "priority",
          "targets",
          "min-support",
          "role",
          "margin",
          "margins",
          "normalization");

  /** The largest {@code max-classes}: a matrix of 5,000² cells per group is the driver's limit. */
  static final int MAX_CLASSES = 5000;

  private DomainsSection() {}

  /** Key {@code max-classes}: the most classes a domain may have. */
  static int maxClasses(Settings settings) {
    int max = settings.integer("max-classes");
    if (max < 2 || max > MAX_CLASSES) {
      settings.invalid(
          "max-classes", "expected a number of classes from 2 to " + MAX_CLASSES + ", got " + max);
    }
    return max;
  }

  /** The configured domains by name. */
  static Map<String, DomainSpec> read(Settings settings, Policy defaultPolicy) {
    Problems problems = settings.problems();
    Map<String, DomainSpec> result = new TreeMap<>();
    ConfigObject obj = settings.read("domains", null, () -> settings.config().getObject("domains"));
    if (obj == null) {
      return result;
    }
    for (String name : obj.keySet()) {
      ConfigValue v = obj.get(name);
      String path = ConfigUtil.joinPath("domains", name);
      String origin = v.origin().description();
      if (v.valueType() != ConfigValueType.OBJECT) {
        problems.invalid(
            path,
            origin,
            "expected an object such as { positive-class = urgent }, got "
                + v.valueType().name().toLowerCase(Locale.ROOT));
        continue;
      }
      if (ConfigLoader.RESERVED_VALUES.contains(name)) {
        problems.add(
            path,
            String.format(
                "Invalid domain name '%s' (%s): '*', '(invalid)', '(refused)', '(abstained)' and '(null)' are reserved in"
                    + " the outputs.",
                name, origin));
      }
      ConfigObject d = (ConfigObject) v;
      for (String key : d.keySet()) {
        if (!KEYS.contains(key)) {
          problems.unknown(
              path + "." + key,
              d.get(key).origin().description(),
              " A domain takes: labels, positive-class, priority, targets, min-support, role,"
                  + " margin, margins, normalization."
                  + ReferenceSchema.suggestion(key, KEYS));
        }
      }
      Config dc = d.toConfig();
      String positive = settings.optString(dc, "positive-class", path, origin);
      List<String> labels =
          dc.hasPath("labels") ? settings.optStringList(dc, "labels", path, origin) : List.of();
      // A label set that cannot be read is reported; the domain's other keys are still checked.
      Set<String> distinct = labelSet(problems, path, origin, labels == null ? List.of() : labels);
      if (positive != null) {
        positive = positive.trim();
        if (positive.isEmpty()) {
          problems.invalid(
              path + ".positive-class",
              origin,
              "blank. Name the class whose recall and precision matter, or remove the key for a"
                  + " multiclass domain");
        } else if (!distinct.isEmpty() && (!distinct.contains(positive) || distinct.size() != 2)) {
          problems.invalid(
              path,
              origin,
              "a binary domain with positive-class '"
                  + positive
                  + "' needs exactly two labels including it, got labels "
                  + distinct);
        }
      }
      result.put(
          name,
          new DomainSpec(
              name,
              Optional.ofNullable(positive),
              List.copyOf(distinct),
              PolicySection.read(settings, dc, path, defaultPolicy)));
    }
    return result;
  }

  /** The distinct labels, trimmed; a blank, reserved or repeated label is reported. */
  private static Set<String> labelSet(
      Problems problems, String path, String origin, List<String> labels) {
    Set<String> distinct = new LinkedHashSet<>();
    for (String label : labels) {
      String t = label.trim();
      if (t.isEmpty() || ConfigLoader.RESERVED_VALUES.contains(t)) {
        problems.invalid(path + ".labels", origin, "label \"" + label + "\" is blank or reserved");
      } else if (!distinct.add(t)) {
        problems.invalid(path + ".labels", origin, "label '" + t + "' is listed twice");
      }
    }
    return distinct;
  }
}
