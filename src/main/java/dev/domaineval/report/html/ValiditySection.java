package dev.domaineval.report.html;

import static dev.domaineval.report.html.Formats.count;
import static dev.domaineval.report.html.Formats.fmt;
import static dev.domaineval.report.html.Formats.signed;

import dev.domaineval.counts.InvalidAnswer;
import dev.domaineval.findings.Finding;
import dev.domaineval.findings.FindingCode;
import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.report.html.view.DomainView;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a domain's evaluation can be trusted, beside its verdict: per model the traps of the
 * field, each with its number and marked by the finding that flags it. Leaked examples (the share
 * of the domain that was also fine-tuning data), the gap between leaked (trained-on) and clean
 * (held-out) examples on the priority metric for both models, accuracy against always predicting
 * the majority class, and the share of invalid answers.
 */
final class ValiditySection {
  private ValiditySection() {}

  static List<DomainView.ValidityRow> build(ReportModel model, String domain) {
    List<DomainView.ValidityRow> rows = new ArrayList<>();
    MetricId priority = model.priorityMetric(domain);
    for (String candidate : model.candidates()) {
      String slice = model.leakageSlices().get(candidate);
      if (slice == null) {
        continue;
      }
      ConfusionMatrix leaked = matrix(model, candidate, domain, new SliceKey(slice, "leaked"));
      ConfusionMatrix all = matrix(model, candidate, domain, SliceKey.OVERALL);
      if (all == null) {
        continue;
      }
      long n = leaked == null ? 0 : leaked.total();
      rows.add(
          row(
              model,
              "leaked examples",
              candidate,
              String.format(
                  Locale.ROOT,
                  "%s of %s (%.1f %%) were fine-tuning data of %s",
                  count(n),
                  count(all.total()),
                  all.total() == 0 ? 0.0 : 100.0 * n / all.total(),
                  candidate),
              candidate,
              domain,
              FindingCode.DATA_LEAKAGE));
      for (String m : model.models()) {
        Optional<MetricValue> onLeaked =
            model.metric(new GroupKey(m, domain, new SliceKey(slice, "leaked")), null, priority);
        Optional<MetricValue> onClean =
            model.metric(new GroupKey(m, domain, new SliceKey(slice, "clean")), null, priority);
        if (onLeaked.isEmpty() || onClean.isEmpty()) {
          continue;
        }
        double gap = onLeaked.get().value() - onClean.get().value();
        rows.add(
            row(
                model,
                "trained-on vs held-out " + priority.id(),
                m,
                String.format(
                    Locale.ROOT,
                    "%s on %s's fine-tuning examples, %s on the others: gap %s",
                    fmt(onLeaked.get().value()),
                    candidate,
                    fmt(onClean.get().value()),
                    signed(gap)),
                m,
                domain,
                FindingCode.OVERFITTING));
      }
    }
    for (String m : model.models()) {
      ConfusionMatrix cm = matrix(model, m, domain, SliceKey.OVERALL);
      if (cm == null || cm.total() == 0) {
        continue;
      }
      long majority = 0;
      String majorityClass = "";
      for (String a : cm.actualClasses()) {
        if (cm.support(a) > majority) {
          majority = cm.support(a);
          majorityClass = a;
        }
      }
      double rate = (double) majority / cm.total();
      String mostFrequent = majorityClass;
      GroupKey g = new GroupKey(m, domain, SliceKey.OVERALL);
      model
          .metric(g, null, MetricId.ACCURACY)
          .ifPresent(
              acc ->
                  rows.add(
                      row(
                          model,
                          "accuracy vs majority class",
                          m,
                          String.format(
                              Locale.ROOT,
                              "accuracy %s; always predicting '%s' would score %s",
                              fmt(acc.value()),
                              mostFrequent,
                              fmt(rate)),
                          m,
                          domain,
                          FindingCode.ACCURACY_PARADOX)));
      model
          .metric(g, null, MetricId.INVALID_RATE)
          .ifPresent(
              inv ->
                  rows.add(
                      row(
                          model,
                          "invalid answers",
                          m,
                          String.format(
                              Locale.ROOT,
                              "%s of %s (%s)",
                              count(cm.invalidCount()),
                              count(cm.total()),
                              fmt(inv.value())),
                          m,
                          domain,
                          FindingCode.INVALID_PREDICTIONS)));
      model
          .metric(g, null, MetricId.COVERAGE)
          .ifPresent(
              coverage ->
                  rows.add(
                      row(
                          model,
                          "answered (not refused or abstained)",
                          m,
                          String.format(
                              Locale.ROOT,
                              "coverage %s: %s refused, %s abstained of %s; accuracy on the"
                                  + " answered %s",
                              fmt(coverage.value()),
                              count(cm.refusedCount()),
                              count(cm.abstainedCount()),
                              count(cm.total()),
                              model
                                  .metric(g, null, MetricId.SELECTIVE_ACCURACY)
                                  .map(v -> fmt(v.value()))
                                  .orElse("\u2014")),
                          m,
                          domain,
                          FindingCode.LOW_COVERAGE)));
      String read = answersRead(model, m, domain);
      if (!read.isEmpty()) {
        // Context for the row above, not a check of its own: its flag is the invalid answers'.
        rows.add(
            new DomainView.ValidityRow(
                "answers read as", m, read, "the normalization table's rules", "ok"));
      }
      String invalid = invalidAnswers(model, m, domain);
      if (!invalid.isEmpty()) {
        rows.add(
            new DomainView.ValidityRow(
                "answers that matched no label",
                m,
                invalid,
                "the invalid_answers table (first " + InvalidAnswer.TOP + ")",
                "ok"));
      }
    }
    return rows;
  }

  /** The most answers a validity row names rule by rule; the others are summed. */
  static final int RULES_SHOWN = 6;

  /**
   * How a model's answers on a domain were read (the normalization table's rows): each rule with
   * its predictions, most first, e.g. "exact 703 · case 5 · alias:junk→spam 3 · invalid 10"; empty
   * when the run has no such rows.
   */
  static String answersRead(ReportModel model, String m, String domain) {
    List<dev.domaineval.counts.AnswerCount> counts =
        model.answers().stream()
            .filter(c -> c.model().equals(m) && c.domain().equals(domain))
            .sorted(
                java.util.Comparator.comparingLong(dev.domaineval.counts.AnswerCount::predictions)
                    .reversed()
                    .thenComparing(dev.domaineval.counts.AnswerCount::rule))
            .toList();
    List<String> parts = new ArrayList<>();
    long rest = 0;
    for (int i = 0; i < counts.size(); i++) {
      if (i < RULES_SHOWN) {
        parts.add(counts.get(i).rule() + " " + count(counts.get(i).predictions()));
      } else {
        rest += counts.get(i).predictions();
      }
    }
    if (counts.size() > RULES_SHOWN) {
      int more = counts.size() - RULES_SHOWN;
      parts.add(more + (more == 1 ? " more rule " : " more rules ") + count(rest));
    }
    return String.join(" \u00B7 ", parts);
  }

  /** The most invalid answers a validity row names; the table lists {@link InvalidAnswer#TOP}. */
  static final int INVALID_SHOWN = 5;

  /**
   * A model's most frequent answers on a domain that matched no label, as written and quoted, each
   * with its predictions ("at least" when the count is a bound), e.g. {@code "N/A" 12 · (blank) 3 ·
   * "I think it is spam…" 2}; empty when the run kept none.
   */
  static String invalidAnswers(ReportModel model, String m, String domain) {
    List<InvalidAnswer> answers =
        model.invalidAnswers().stream()
            .filter(a -> a.model().equals(m) && a.domain().equals(domain))
            .sorted(InvalidAnswer.ORDER)
            .toList();
    // Blank answers ("", " ", "  ") are one entry, where the first of them ranks.
    java.util.Map<String, long[]> entries = new java.util.LinkedHashMap<>();
    for (InvalidAnswer a : answers) {
      String text =
          a.answer().isBlank()
              ? "(blank)"
              : "\u201C" + a.answer() + (a.truncated() ? "\u2026" : "") + "\u201D";
      long[] n = entries.computeIfAbsent(text, t -> new long[2]);
      n[0] += a.predictions();
      n[1] += a.maxPredictions();
    }
    List<String> parts = new ArrayList<>();
    int shown = 0;
    for (var e : entries.entrySet()) {
      if (shown++ == INVALID_SHOWN) {
        break;
      }
      long[] n = e.getValue();
      parts.add(e.getKey() + " " + (n[0] == n[1] ? "" : "\u2265") + count(n[0]));
    }
    if (entries.size() > INVALID_SHOWN) {
      parts.add((entries.size() - INVALID_SHOWN) + " more in the table");
    }
    return String.join(" \u00B7 ", parts);
  }

  private static ConfusionMatrix matrix(
      ReportModel model, String m, String domain, SliceKey slice) {
    return model.matrices().get(new GroupKey(m, domain, slice));
  }

  /**
   * A check, flagged when a finding of its code is about the model on the domain (on any slice:
   * DATA_LEAKAGE is about the leakage slice, OVERFITTING about the split and leakage slices).
   */
  private static DomainView.ValidityRow row(
      ReportModel model,
      String check,
      String shownModel,
      String value,
      String findingModel,
      String domain,
      FindingCode code) {
    Optional<Finding> flag =
        model.assessment().findings().stream()
            .filter(
                f ->
                    f.code() == code && findingModel.equals(f.model()) && domain.equals(f.domain()))
            .findFirst();
    return new DomainView.ValidityRow(
        check,
        shownModel,
        value,
        flag.map(f -> f.severity().name() + " " + code.name()).orElse("not flagged"),
        flag.map(f -> "flag-" + f.severity().id()).orElse("ok"));
  }
}
