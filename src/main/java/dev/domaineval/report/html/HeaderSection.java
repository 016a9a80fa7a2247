package dev.domaineval.report.html;

import static dev.domaineval.report.html.Formats.count;

import dev.domaineval.findings.Severity;
import dev.domaineval.findings.Verdict;
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
        rowsRead(model));
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
