package dev.domaineval.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The keys of a gate policy (priority, targets, min-support, role, margin, margins), read from
 * section {@code policy} for the defaults and from each {@code domains.<name>} for its overrides.
 */
final class PolicySection {
  /** What a job gets when section {@code policy} cannot be read at all. */
  static final Policy FALLBACK = new Policy("recall", Map.of(), 30, Policy.Role.IN_DOMAIN);

  private PolicySection() {}

  /** The default policy of every domain, section {@code policy}. */
  static Policy defaults(Settings settings) {
    Config source = settings.read("policy", null, () -> settings.config().getConfig("policy"));
    return source == null ? FALLBACK : read(settings, source, "policy", FALLBACK);
  }

  /**
   * Reads policy keys from {@code source} (under {@code path} in messages), each falling back to
   * {@code fallback}; targets merge key by key.
   */
  static Policy read(Settings settings, Config source, String path, Policy fallback) {
    Problems problems = settings.problems();
    String origin = source.origin().description();
    String priority = fallback.priority();
    String p = settings.optString(source, "priority", path, origin);
    if (p != null) {
      if (p.equals("recall") || p.equals("precision")) {
        priority = p;
      } else {
        problems.invalid(
            path + ".priority",
            source.getValue("priority").origin().description(),
            "expected recall or precision, got \"" + p + "\"");
      }
    }
    Map<String, Double> targets =
        metricValues(
            settings,
            source,
            path,
            "targets",
            fallback.targets(),
            Policy.METRICS,
            "{ precision = 0.85, recall = 0.80 }",
            "a fraction such as 0.85");
    Map<String, Double> margins =
        metricValues(
            settings,
            source,
            path,
            "margins",
            fallback.margins(),
            Policy.COMPARED_METRICS,
            "{ recall = 0.02 }",
            "an absolute difference such as 0.02");
    double margin = fallback.margin();
    if (source.hasPath("margin")) {
      ConfigValue v = source.getValue("margin");
      if (!(v.unwrapped() instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
        problems.invalid(
            path + ".margin",
            v.origin().description(),
            "expected a number in [0, 1], got "
                + v.render()
                + ". Use an absolute difference such"
                + " as 0.01 (one point)");
      } else {
        margin = n.doubleValue();
      }
    }
    long minSupport = fallback.minSupport();
    if (source.hasPath("min-support")) {
      ConfigValue v = source.getValue("min-support");
      if (!(v.unwrapped() instanceof Number n) || n.longValue() < 0 || n.doubleValue() % 1 != 0) {
        problems.invalid(
            path + ".min-support",
            v.origin().description(),
            "expected a whole number of examples, got " + v.render());
      } else {
        minSupport = n.longValue();
      }
    }
    Policy.Role role = fallback.role();
    String r = settings.optString(source, "role", path, origin);
    if (r != null) {
      Optional<Policy.Role> parsed =
          Arrays.stream(Policy.Role.values()).filter(x -> x.id().equals(r)).findFirst();
      if (parsed.isPresent()) {
        role = parsed.get();
      } else {
        problems.invalid(
            path + ".role",
            source.getValue("role").origin().description(),
            "expected in-domain or out-of-domain, got \"" + r + "\"");
      }
    }
    return new Policy(priority, targets, minSupport, role, margin, margins);
  }

  /**
   * An object of metric id to a number in [0, 1] ({@code targets}, {@code margins}), merged key by
   * key over {@code fallback}.
   */
  private static Map<String, Double> metricValues(
      Settings settings,
      Config source,
      String path,
      String name,
      Map<String, Double> fallback,
      java.util.Set<String> allowed,
      String example,
      String valueExample) {
    Problems problems = settings.problems();
    Map<String, Double> out = new TreeMap<>(fallback);
    if (!source.hasPath(name)) {
      return out;
    }
    ConfigValue t = source.getValue(name);
    if (t.valueType() != ConfigValueType.OBJECT) {
      problems.invalid(
          path + "." + name, t.origin().description(), "expected an object such as " + example);
      return out;
    }
    ConfigObject obj = (ConfigObject) t;
    for (String metric : obj.keySet()) {
      ConfigValue v = obj.get(metric);
      Object raw = v.unwrapped();
      String key = path + "." + name + "." + metric;
      if (!allowed.contains(metric)) {
        problems.add(
            key,
            String.format(
                "Invalid %s '%s' (%s): %s take %s.",
                name.substring(0, name.length() - 1),
                key,
                v.origin().description(),
                name,
                String.join(", ", new TreeSet<>(allowed))));
      } else if (!(raw instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
        problems.add(
            key,
            String.format(
                "Invalid %s '%s' (%s): expected a number in [0, 1], got %s. Use %s.",
                name.substring(0, name.length() - 1),
                key,
                v.origin().description(),
                v.render(),
                valueExample));
      } else {
        out.put(metric, n.doubleValue());
      }
    }
    return out;
  }
}
