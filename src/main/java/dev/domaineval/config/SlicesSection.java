package dev.domaineval.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Section {@code slices} and {@code max-slice-values}: the configured slices, in configured order.
 * The automatic split and leakage slices are added by {@link AutomaticSlices}.
 *
 * @param slices the column, expression and cross slices
 * @param maxSliceValues the most values reported per slice dimension
 */
record SlicesSection(List<SliceSpec> slices, int maxSliceValues) {
  /**
   * Column and expression slices a job may configure: grouping ids pack one bit per dimension and
   * one for the domain into a long; a few bits stay free for the automatic split and leakage
   * slices.
   */
  static final int MAX_DIMENSIONS = 56;

  private static final Pattern SLICE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
  private static final Set<String> KEYS =
      Set.of("name", "column", "expr", "cross", "from", "high-cardinality");

  SlicesSection {
    slices = List.copyOf(slices);
  }

  static SlicesSection read(Settings settings) {
    List<SliceSpec> slices = slices(settings);
    int maxSliceValues = settings.integer("max-slice-values");
    if (maxSliceValues < 1) {
      settings.invalid(
          "max-slice-values",
          "expected a positive number of values per slice, such as 1000; got " + maxSliceValues);
    }
    return new SlicesSection(slices, maxSliceValues);
  }

  /** A cross with where it was configured, checked once every slice is known. */
  private record Located(SliceSpec spec, String where, String origin) {}

  private static List<SliceSpec> slices(Settings settings) {
    Problems problems = settings.problems();
    ConfigList list = settings.read("slices", null, () -> settings.config().getList("slices"));
    if (list == null) {
      return List.of();
    }
    Map<String, SliceSpec> byName = new LinkedHashMap<>();
    List<Located> crosses = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ConfigValue v = list.get(i);
      String where = "slices[" + i + "]";
      if (v.valueType() != ConfigValueType.OBJECT) {
        problems.invalid(
            where,
            v.origin().description(),
            "expected an object such as { name = language, column = lang }, got "
                + v.valueType().name().toLowerCase(Locale.ROOT));
        continue;
      }
      Optional<Located> entry = entry(settings, (ConfigObject) v, where);
      if (entry.isEmpty()) {
        continue;
      }
      SliceSpec spec = entry.get().spec();
      if (spec.isCross()) {
        crosses.add(entry.get());
      }
      if (!SLICE_NAME.matcher(spec.name()).matches()) {
        problems.invalid(
            where + ".name",
            entry.get().origin(),
            "\""
                + spec.name()
                + "\" is not a valid slice name. Use letters, digits, '_', '.' and '-'");
        continue;
      }
      if (byName.put(spec.name(), spec) != null) {
        problems.invalid(
            where + ".name",
            entry.get().origin(),
            "slice name '" + spec.name() + "' is used twice. Give each slice its own name");
      }
    }
    long dimensions = byName.values().stream().filter(x -> !x.isCross()).count();
    if (dimensions > MAX_DIMENSIONS) {
      problems.invalid(
          "slices",
          list.origin().description(),
          dimensions
              + " column and expression slices, at most "
              + MAX_DIMENSIONS
              + " are supported (with automatic split and leakage slices). Remove some, or cross"
              + " fewer");
    }
    checkCrosses(problems, byName, crosses);
    return List.copyOf(byName.values());
  }

  /**
   * One entry of the list, its name not yet checked; empty when it does not define a slice (each
   * problem reported).
   */
  private static Optional<Located> entry(Settings settings, ConfigObject object, String where) {
    Problems problems = settings.problems();
    Config s = object.toConfig();
    String origin = object.origin().description();
    for (String key : object.keySet()) {
      if (!KEYS.contains(key)) {
        problems.unknown(
            where + "." + key,
            origin,
            " A slice takes: " + String.join(", ", new TreeSet<>(KEYS)) + ".");
      }
    }
    String column = settings.optString(s, "column", where, origin);
    String expr = settings.optString(s, "expr", where, origin);
    List<String> cross =
        s.hasPath("cross") ? settings.optStringList(s, "cross", where, origin) : null;
    int kinds = (column != null ? 1 : 0) + (expr != null ? 1 : 0) + (cross != null ? 1 : 0);
    if (kinds != 1) {
      problems.invalid(
          where,
          origin,
          "a slice needs exactly one of column, expr or cross, got "
              + kinds
              + ". Example: { name = language, column = lang }");
    }
    // The other keys are checked even when the kind is wrong, so that one run shows every problem.
    String name = settings.optString(s, "name", where, origin);
    Optional<SliceSpec.TableRef> from = Optional.empty();
    String fromValue = settings.optString(s, "from", where, origin);
    if (fromValue != null) {
      if (fromValue.equals("labels")) {
        from = Optional.of(SliceSpec.TableRef.LABELS);
      } else if (fromValue.equals("predictions")) {
        from = Optional.of(SliceSpec.TableRef.PREDICTIONS);
      } else {
        problems.invalid(
            where + ".from", origin, "expected labels or predictions, got \"" + fromValue + "\"");
      }
    }
    boolean highCardinality = false;
    if (s.hasPath("high-cardinality")) {
      try {
        highCardinality = s.getBoolean("high-cardinality");
      } catch (ConfigException e) {
        problems.invalid(where + ".high-cardinality", origin, "expected true or false");
      }
    }
    if (kinds != 1) {
      return Optional.empty();
    }
    SliceSpec spec;
    if (cross != null) {
      if (cross.size() < 2) {
        problems.invalid(
            where + ".cross", origin, "a cross needs two or more slice names, got " + cross);
      }
      if (from.isPresent() || highCardinality) {
        problems.invalid(
            where,
            origin,
            "from and high-cardinality belong on the crossed slices, not on the cross");
      }
      if (cross.size() < 2) {
        return Optional.empty();
      }
      spec =
          new SliceSpec(
              name != null ? name : String.join("_x_", cross),
              SliceSpec.Kind.CROSS,
              "",
              cross,
              Optional.empty(),
              false);
    } else if (column != null) {
      spec =
          new SliceSpec(
              name != null ? name : column,
              SliceSpec.Kind.COLUMN,
              column,
              List.of(),
              from,
              highCardinality);
    } else {
      if (name == null) {
        problems.invalid(
            where,
            origin,
            "an expr slice needs a name, e.g. { name = length_bucket, expr = \"...\" }");
        return Optional.empty();
      }
      spec = new SliceSpec(name, SliceSpec.Kind.EXPRESSION, expr, List.of(), from, highCardinality);
    }
    return Optional.of(new Located(spec, where, origin));
  }

  /** Each cross names two or more distinct column or expr slices, and no other cross the same. */
  private static void checkCrosses(
      Problems problems, Map<String, SliceSpec> byName, List<Located> crosses) {
    Set<Set<String>> dimensionSets = new HashSet<>();
    for (SliceSpec s : byName.values()) {
      if (!s.isCross()) {
        dimensionSets.add(Set.of(s.name()));
      }
    }
    for (Located located : crosses) {
      SliceSpec cross = located.spec();
      Set<String> parts = new LinkedHashSet<>();
      boolean partsValid = true;
      for (String part : cross.parts()) {
        SliceSpec target = byName.get(part);
        if (target == null || target.isCross()) {
          partsValid = false;
          problems.invalid(
              located.where() + ".cross",
              located.origin(),
              "cross '"
                  + cross.name()
                  + "' names '"
                  + part
                  + "', which is not a column or expr slice defined in 'slices' (defined: "
                  + byName.values().stream().filter(x -> !x.isCross()).map(SliceSpec::name).toList()
                  + ")");
        } else if (!parts.add(part)) {
          partsValid = false;
          problems.invalid(
              located.where() + ".cross",
              located.origin(),
              "'" + part + "' appears twice in cross '" + cross.name() + "'. List it once");
        }
      }
      // With a bad part the remaining parts would falsely collide with another slice.
      if (partsValid && !dimensionSets.add(Set.copyOf(parts))) {
        problems.invalid(
            located.where() + ".cross",
            located.origin(),
            "another slice already crosses " + parts + ". Remove one of them");
      }
    }
  }
}
