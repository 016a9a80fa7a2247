package dev.domaineval.report.html;

import dev.domaineval.config.SliceSpec;
import dev.domaineval.counts.ExampleSketch.Outcome;
import dev.domaineval.discovery.ErrorDefinition;
import dev.domaineval.discovery.Predicate;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The filter that selects every example of a group's outcome, written as a Spark SQL condition over
 * the labels joined with each model's prediction by example id (a column per model, named after
 * it): what the report prints under the examples of a finding, so that all of them are one query
 * away.
 */
final class ExampleFilter {
  private ExampleFilter() {}

  /**
   * The condition, or empty when the group's slice value cannot be written as one (the {@code
   * (other)} bucket of a capped slice).
   *
   * @param slices the run's slices by name
   */
  static Optional<String> of(
      GroupKey group, Outcome outcome, String baseline, Map<String, SliceSpec> slices) {
    List<String> terms = new ArrayList<>();
    if (!group.isPooledDomain()) {
      terms.add("domain = " + literal(group.domain()));
    }
    SliceKey slice = group.slice();
    if (!slice.isOverall()) {
      SliceSpec spec = slices.get(slice.slice());
      if (spec == null) {
        return Optional.empty();
      }
      List<SliceSpec> parts = new ArrayList<>();
      if (spec.isCross()) {
        spec.parts().forEach(p -> parts.add(slices.get(p)));
      } else {
        parts.add(spec);
      }
      String[] values =
          spec.isCross() ? slice.value().split("\\|", -1) : new String[] {slice.value()};
      if (values.length != parts.size() || parts.contains(null)) {
        return Optional.empty();
      }
      for (int i = 0; i < parts.size(); i++) {
        Optional<String> term = term(parts.get(i), values[i]);
        if (term.isEmpty()) {
          return Optional.empty();
        }
        terms.add(term.get());
      }
    }
    String model = column(group.model());
    String base = column(baseline);
    terms.add(
        switch (outcome) {
          case BROKEN -> right(base) + " AND " + wrong(model);
          case FIXED -> wrong(base) + " AND " + right(model);
          case LEAKED -> "example_id IN (the fine-tuning data of " + group.model() + ")";
          case INVALID ->
              "("
                  + model
                  + " IS NULL OR "
                  + model
                  + " NOT IN (the labels of "
                  + (group.isPooledDomain() ? "its domain" : group.domain())
                  + "))";
        });
    return Optional.of(String.join(" AND ", terms));
  }

  /**
   * The condition of a discovered slice's errors on a domain: its predicates, then the candidate
   * wrong and, for {@code broken}, the baseline right. Empty when a predicate's value cannot be
   * written (the {@code (other)} bucket).
   */
  static Optional<String> discovered(
      String candidate,
      String domain,
      List<Predicate> predicates,
      ErrorDefinition error,
      String baseline,
      Map<String, SliceSpec> slices) {
    List<String> terms = new ArrayList<>();
    terms.add("domain = " + literal(domain));
    for (Predicate p : predicates) {
      SliceSpec spec = slices.get(p.dimension());
      if (spec == null) {
        return Optional.empty();
      }
      Optional<String> term = term(spec, p.value() == null ? SliceKey.NULL_VALUE : p.value());
      if (term.isEmpty()) {
        return Optional.empty();
      }
      terms.add(term.get());
    }
    if (error == ErrorDefinition.BROKEN) {
      terms.add(right(column(baseline)));
    }
    terms.add(wrong(column(candidate)));
    return Optional.of(String.join(" AND ", terms));
  }

  private static Optional<String> term(SliceSpec spec, String value) {
    if (spec.kind() == SliceSpec.Kind.LEAKAGE) {
      return Optional.of(
          "example_id "
              + (value.equals("leaked") ? "IN" : "NOT IN")
              + " (the fine-tuning data of "
              + spec.sql()
              + ")");
    }
    if (value.equals(SliceKey.OTHER_VALUE)) {
      return Optional.empty();
    }
    String expr =
        spec.kind() == SliceSpec.Kind.COLUMN ? column(spec.sql()) : "(" + spec.sql() + ")";
    if (value.equals(SliceKey.NULL_VALUE)) {
      return Optional.of(expr + " IS NULL");
    }
    return Optional.of(expr + " = " + literal(unescaped(value)));
  }

  /** The data's value of a reported one (see {@link SliceKey#escape}). */
  private static String unescaped(String value) {
    return value.startsWith("\\") && value.substring(1).matches(SliceKey.MARKER_LIKE)
        ? value.substring(1)
        : value;
  }

  /** A model's prediction (its column) equals the label. */
  private static String right(String model) {
    return model + " = label";
  }

  /** A model's prediction (its column) is missing or not the label. */
  private static String wrong(String model) {
    return "(" + model + " IS NULL OR " + model + " <> label)";
  }

  private static String column(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
