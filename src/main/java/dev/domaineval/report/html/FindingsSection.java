package dev.domaineval.report.html;

import dev.domaineval.config.SliceSpec;
import dev.domaineval.counts.ExampleSketch.Outcome;
import dev.domaineval.counts.ListedExample;
import dev.domaineval.findings.Finding;
import dev.domaineval.findings.FindingCode;
import dev.domaineval.findings.Severity;
import dev.domaineval.report.html.view.FindingsView;
import dev.domaineval.slice.GroupKey;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The findings, grouped by code, model and domain so that a metric's drop in twelve slices is one
 * row with its twelve slices listed, not twelve rows: most severe first (the findings come sorted),
 * a message repeated word for word shown once, the INFO groups folded at the end.
 */
final class FindingsSection {
  private FindingsSection() {}

  /**
   * The groups of the first {@code maxFindings} findings (the most severe), so the page stays the
   * same size however many findings a run has.
   */
  static FindingsView build(ReportModel model, int maxFindings) {
    List<Finding> findings = model.assessment().findings();
    List<Finding> shown = findings.subList(0, Math.min(maxFindings, findings.size()));
    Map<List<String>, List<Finding>> byGroup = new LinkedHashMap<>();
    for (Finding f : shown) {
      byGroup
          .computeIfAbsent(
              List.of(f.code().name(), String.valueOf(f.model()), f.domain()),
              k -> new ArrayList<>())
          .add(f);
    }
    List<FindingsView.Group> groups = new ArrayList<>();
    List<FindingsView.Group> info = new ArrayList<>();
    Map<GroupKey, Map<Outcome, List<String>>> listed = listed(model.examples());
    for (List<Finding> members : byGroup.values()) {
      FindingsView.Group g = group(model, members, listed);
      (members.get(0).severity() == Severity.INFO ? info : groups).add(g);
    }
    return new FindingsView(
        groups,
        info,
        shown.size(),
        findings.size(),
        model.outputs().getOrDefault("findings", "findings"));
  }

  /** One group; its first member is its most severe (the findings come most severe first). */
  private static FindingsView.Group group(
      ReportModel model, List<Finding> members, Map<GroupKey, Map<Outcome, List<String>>> listed) {
    Finding first = members.get(0);
    Set<String> slices = new LinkedHashSet<>();
    members.stream().filter(f -> f.slice().isOverall()).forEach(f -> slices.add("overall"));
    members.forEach(f -> slices.add(slice(f)));
    Set<String> messages = new LinkedHashSet<>();
    messages.add(first.message());
    List<String> more = new ArrayList<>();
    for (Finding f : members.subList(1, members.size())) {
      if (messages.add(f.message())) {
        more.add(f.severity().name() + " · " + slice(f) + ": " + f.message());
      }
    }
    return new FindingsView.Group(
        first.severity().name(),
        first.code().name(),
        first.model() == null ? "all models" : first.model(),
        first.domain(),
        List.copyOf(slices),
        first.message(),
        more,
        members.size(),
        model.domains().contains(first.domain()) ? Anchors.domain(first.domain()) : "",
        examples(model, first, listed));
  }

  /** The listed examples' ids by group and outcome, in rank order (the examples come sorted). */
  private static Map<GroupKey, Map<Outcome, List<String>>> listed(List<ListedExample> examples) {
    Map<GroupKey, Map<Outcome, List<String>>> out = new HashMap<>();
    for (ListedExample e : examples) {
      out.computeIfAbsent(e.group(), k -> new EnumMap<>(Outcome.class))
          .computeIfAbsent(e.outcome(), k -> new ArrayList<>())
          .add(e.exampleId());
    }
    return out;
  }

  /** The outcome whose examples show a gating finding, by its code (none for the others). */
  private static Optional<Outcome> outcome(FindingCode code) {
    return switch (code) {
      case REGRESSION, FORGETTING, ONE_SIDED_GAIN -> Optional.of(Outcome.BROKEN);
      case DATA_LEAKAGE -> Optional.of(Outcome.LEAKED);
      case INVALID_PREDICTIONS -> Optional.of(Outcome.INVALID);
      default -> Optional.empty();
    };
  }

  /** The examples behind a gating finding of a model, with the filter that selects all of them. */
  private static List<FindingsView.Examples> examples(
      ReportModel model, Finding f, Map<GroupKey, Map<Outcome, List<String>>> listed) {
    Optional<Outcome> outcome = outcome(f.code());
    if (!f.gates() || f.model() == null || f.severity() == Severity.INFO || outcome.isEmpty()) {
      return List.of();
    }
    GroupKey group = new GroupKey(f.model(), f.domain(), f.slice());
    List<String> ids = listed.getOrDefault(group, Map.of()).getOrDefault(outcome.get(), List.of());
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<String, SliceSpec> slices = model.slicesByName();
    String what =
        switch (outcome.get()) {
          case BROKEN -> "broken (" + model.baseline() + " right, " + f.model() + " wrong)";
          case FIXED -> "fixed (" + model.baseline() + " wrong, " + f.model() + " right)";
          case LEAKED -> "leaked (in the fine-tuning data of " + f.model() + ")";
          case INVALID -> "invalid (" + f.model() + "'s prediction missing or no label)";
        };
    return List.of(
        new FindingsView.Examples(
            ids.size() + " listed " + what + " examples, " + f.domain() + ", " + slice(f),
            ids,
            ExampleFilter.of(group, outcome.get(), model.baseline(), slices).orElse(""),
            model.outputs().getOrDefault("examples", "examples")));
  }

  private static String slice(Finding f) {
    return f.slice().isOverall() ? "overall" : f.slice().slice() + " = " + f.slice().value();
  }
}
