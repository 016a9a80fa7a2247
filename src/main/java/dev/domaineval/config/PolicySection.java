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
 * The keys of a gate policy (priority, targets, min-support, role), read from section {@code
 * policy} for the defaults and from each {@code domains.<name>} for its overrides.
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
    Map<String, Double> targets = new TreeMap<>(fallback.targets());
    if (source.hasPath("targets")) {
      ConfigValue t = source.getValue("targets");
      if (t.valueType() != ConfigValueType.OBJECT) {
        problems.invalid(
            path + ".targets",
            t.origin().description(),
            "expected an object such as { precision = 0.85, recall = 0.80 }");
      } else {
        ConfigObject obj = (ConfigObject) t;
        for (String metric : obj.keySet()) {
          ConfigValue v = obj.get(metric);
          Object raw = v.unwrapped();
          String key = path + ".targets." + metric;
          if (!Policy.METRICS.contains(metric)) {
            problems.add(
                key,
                String.format(
                    "Invalid target '%s' (%s): targets take %s.",
                    key,
                    v.origin().description(),
                    String.join(", ", new TreeSet<>(Policy.METRICS))));
          } else if (!(raw instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
            problems.add(
                key,
                String.format(
                    "Invalid target '%s' (%s): expected a number in [0, 1], got %s."
                        + " Use a fraction such as 0.85.",
                    key, v.origin().description(), v.render()));
          } else {
            targets.put(metric, n.doubleValue());
          }
        }
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
    return new Policy(priority, targets, minSupport, role);
  }
}
