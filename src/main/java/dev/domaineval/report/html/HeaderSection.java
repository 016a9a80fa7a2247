package dev.domaineval.report.html;

import static dev.domaineval.report.html.Formats.count;

import dev.domaineval.findings.Severity;
import dev.domaineval.findings.ShipDecision;
import dev.domaineval.findings.Verdict;
import dev.domaineval.report.html.view.DecisionView;
import dev.domaineval.report.html.view.HeaderView;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The top of the page: the run, its models, how its verdicts and findings came out. */
final class HeaderSection {
  /** The outcomes in the order the header counts them, most severe first. */
  private static final List<Verdict.Outcome> OUTCOMES =
      List.of(
          Verdict.Outcome.FAIL,
          Verdict.Outcome.INCONCLUSIVE,
          Verdict.Outcome.WARN,
          Verdict.Outcome.PASS);

  private HeaderSection() {}

  static HeaderView build(ReportModel model) {
    return new HeaderView(
        model.runId(),
        DateTimeFormatter.ISO_INSTANT.format(model.createdAt().truncatedTo(ChronoUnit.SECONDS)),
        model.baseline(),
        model.candidates(),
        verdictCounts(model),
        String.format(
            Locale.ROOT,
            "%d fail, %d warn, %d info",
            model.assessment().count(Severity.FAIL),
            model.assessment().count(Severity.WARN),
            model.assessment().count(Severity.INFO)),
        rowsRead(model),
        title(model),
        decisions(model));
  }

  /** {@code domain-eval run R: ft-a do not ship, ft-b ship}. */
  private static String title(ReportModel model) {
    List<String> calls = new ArrayList<>();
    for (ShipDecision d : model.assessment().decisions()) {
      calls.add(d.candidate() + " " + d.call().words());
    }
    return "domain-eval run "
        + model.runId()
        + (calls.isEmpty() ? "" : ": " + String.join(", ", calls));
  }

  private static List<DecisionView> decisions(ReportModel model) {
    List<DecisionView> out = new ArrayList<>();
    for (ShipDecision d : model.assessment().decisions()) {
      List<DecisionView.Fact> facts = new ArrayList<>();
      for (ShipDecision.Fact fact : d.facts()) {
        if (fact.domain() != null) {
          facts.add(
              new DecisionView.Fact(
                  fact.domain(),
                  Anchors.domain(fact.domain()),
                  withoutSubject(fact.reason(), d.candidate(), fact.domain())));
        } else {
          facts.add(new DecisionView.Fact("", "", fact.reason()));
        }
      }
      out.add(new DecisionView(d.candidate(), d.call().words(), d.call().id(), facts));
    }
    return out;
  }

  /**
   * A reason without the "candidate on domain: " its finding's message may start with, which the
   * decision line already says (a slice's "candidate on domain (slice = value): " stays).
   */
  private static String withoutSubject(String reason, String candidate, String domain) {
    int colon = reason.indexOf(": ");
    if (colon < 0) {
      return reason;
    }
    String code = reason.substring(0, colon);
    String rest = reason.substring(colon + 2);
    String subject = candidate + " on " + domain + ": ";
    return code + ": " + (rest.startsWith(subject) ? rest.substring(subject.length()) : rest);
  }

  private static String verdictCounts(ReportModel model) {
    Map<Verdict.Outcome, Long> counts = new LinkedHashMap<>();
    for (Verdict.Outcome o : OUTCOMES) {
      counts.put(o, 0L);
    }
    model.assessment().verdicts().forEach(v -> counts.merge(v.outcome(), 1L, Long::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((o, n) -> parts.add(n + " " + o.name()));
    return String.join(", ", parts);
  }

  private static String rowsRead(ReportModel model) {
    List<String> read = new ArrayList<>();
    model
        .reconciliation()
        .forEach(
            (table, reasons) ->
                read.add(
                    table
                        + " "
                        + count(reasons.values().stream().mapToLong(Long::longValue).sum())));
    return String.join(", ", read);
  }
}
