package dev.domaineval.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The layers of a job's settings, highest first: {@code --set} arguments (a later one over an
 * earlier one), the job file, the defaults of {@code reference.conf}. Substitutions such as {@code
 * ${?RUN_ID}} are resolved from the environment once the layers are merged.
 */
final class ConfigLayers {
  /** The defaults of one candidate's entry under input.training. */
  private static final Config TRAINING_DEFAULTS =
      ConfigFactory.parseString(
          "path = \"\", table = \"\", format = parquet, options {}, schema = \"\","
              + " columns { example-id = \"\", text = \"\" }");

  private ConfigLayers() {}

  /**
   * The job file with the {@code --set} arguments over it, unresolved; empty when the file is
   * missing or cannot be parsed, or an argument is not {@code key=value} HOCON (each reported).
   */
  static Optional<Config> user(Optional<Path> jobFile, List<String> overrides, Problems problems) {
    Config user = ConfigFactory.empty();
    boolean complete = true;
    if (jobFile.isPresent()) {
      Path file = jobFile.get();
      if (!Files.isRegularFile(file)) {
        problems.add(
            "--config",
            String.format(
                "Job file '%s' not found (working directory %s). Pass an existing file with"
                    + " --config.",
                file, Path.of("").toAbsolutePath()));
        complete = false;
      } else {
        try {
          user = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults());
        } catch (ConfigException e) {
          problems.add("--config", "Cannot parse job file: " + e.getMessage());
          complete = false;
        }
      }
    }
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        problems.add(
            "--set",
            String.format(
                "Invalid --set argument '%s': expected key=value, e.g. --set run-id=2026-11-27.",
                override));
        complete = false;
        continue;
      }
      String key = override.substring(0, eq).trim();
      try {
        Config one =
            ConfigFactory.parseString(
                override, ConfigParseOptions.defaults().setOriginDescription("--set " + key));
        user = one.withFallback(user);
      } catch (ConfigException e) {
        problems.add(
            "--set",
            String.format(
                "Invalid --set argument '%s': %s. Quote a value with special characters,"
                    + " e.g. --set 'output.path=\"s3a://bucket/eval\"'.",
                override, e.getMessage()));
        complete = false;
      }
    }
    // Without a layer the others would be checked as if it said nothing: misleading problems.
    return complete ? Optional.of(user) : Optional.empty();
  }

  /**
   * The user's settings over the defaults, resolved. Every substitution that cannot be resolved is
   * reported, and its key falls back to its default so that the rest can still be checked; empty
   * when the layers cannot be resolved even so.
   */
  static Optional<Config> merge(Config user, Config defaults, Problems problems) {
    try {
      return Optional.of(layered(user, defaults).resolve());
    } catch (ConfigException e) {
      List<Map.Entry<String, ConfigException>> unresolved = unresolved(user, defaults);
      if (unresolved.isEmpty()) {
        problems.add("", substitutionMessage(e));
        return Optional.empty();
      }
      Config rest = user;
      for (Map.Entry<String, ConfigException> u : unresolved) {
        problems.unreadable(u.getKey(), substitutionMessage(u.getValue()));
        rest = rest.withoutPath(u.getKey());
      }
      try {
        return Optional.of(layered(rest, defaults).resolve());
      } catch (ConfigException again) {
        return Optional.empty();
      }
    }
  }

  /** Each candidate's training entry over its defaults, then the user's settings over ours. */
  private static Config layered(Config user, Config defaults) {
    Config withTraining = user;
    if (user.hasPath("input.training")
        && user.getValue("input.training").valueType() == ConfigValueType.OBJECT) {
      for (String candidate : user.getObject("input.training").keySet()) {
        withTraining =
            withTraining.withFallback(
                TRAINING_DEFAULTS.atPath(ConfigUtil.joinPath("input", "training", candidate)));
      }
    }
    return withTraining.withFallback(defaults);
  }

  /**
   * The keys whose substitutions cannot be resolved, each with its error, in the order of their
   * lines: what is left after resolving everything that can be.
   */
  private static List<Map.Entry<String, ConfigException>> unresolved(Config user, Config defaults) {
    Map<String, ConfigException> out = new TreeMap<>();
    try {
      Config partial =
          layered(user, defaults).resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
      collect(partial.root(), new ArrayList<>(), out);
    } catch (ConfigException e) {
      return List.of();
    }
    List<Map.Entry<String, ConfigException>> sorted = new ArrayList<>(out.entrySet());
    sorted.sort(Comparator.comparingInt(u -> lineOf(u.getValue())));
    return sorted;
  }

  private static int lineOf(ConfigException e) {
    return e.origin() == null ? Integer.MAX_VALUE : e.origin().lineNumber();
  }

  private static void collect(
      ConfigObject object, List<String> path, Map<String, ConfigException> out) {
    for (String key : object.keySet()) {
      ConfigValue value = object.get(key);
      path.add(key);
      try {
        value.atKey(key).resolve();
      } catch (ConfigException e) {
        if (value instanceof ConfigObject inner) {
          collect(inner, path, out);
        } else {
          out.put(ConfigUtil.joinPath(path), e);
        }
      }
      path.remove(path.size() - 1);
    }
  }

  private static String substitutionMessage(ConfigException e) {
    return e.getMessage()
        + ". Set the variable in the environment, or use the optional form ${?VAR}.";
  }
}
