package dev.domaineval.report.html;

import dev.domaineval.compare.TargetDecision;
import dev.domaineval.findings.ReasonKind;
import dev.domaineval.findings.Verdict;
import dev.domaineval.metrics.MetricId;
import dev.domaineval.metrics.MetricValue;
import dev.domaineval.report.html.view.VerdictsView;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The verdict matrix, candidate × domain, with the reasons of every verdict. */
final class VerdictSection {
  /** The reasons a verdict shows before the rest are folded away. */
  static final int REASONS_SHOWN = 3;

  private VerdictSection() {}

  static VerdictsView build(ReportModel model, List<String> domains) {
    List<VerdictsView.Row> rows = new ArrayList<>();
    for (String candidate : model.candidates()) {
      List<VerdictsView.Cell> cells = new ArrayList<>();
      for (String domain : domains) {
        cells.add(cell(model, candidate, domain));
      }
      rows.add(new VerdictsView.Row(candidate, cells));
    }
    return new VerdictsView(domains, rows);
  }

  /** Every candidate's verdict on one domain. */
  static List<VerdictsView.Cell> cells(ReportModel model, String domain) {
    return model.candidates().stream().map(c -> cell(model, c, domain)).toList();
  }

  private static VerdictsView.Cell cell(ReportModel model, String candidate, String domain) {
    Optional<Verdict> v =
        model.assessment().verdicts().stream()
            .filter(x -> x.candidate().equals(candidate) && x.domain().equals(domain))
            .findFirst();
    String outcome = v.map(x -> x.outcome().name()).orElse("NONE");
    List<String> reasons = v.map(Verdict::reasons).orElse(List.of());
    Map<String, Integer> codes = new LinkedHashMap<>();
    for (String r : reasons) {
      int colon = r.indexOf(':');
      String code = colon > 0 ? r.substring(0, colon) : r;
      if (code.matches("[A-Z_]+")) {
        codes.merge(code, 1, Integer::sum);
      }
    }
    List<String> codeText = new ArrayList<>();
    codes.forEach((code, n) -> codeText.add(n > 1 ? code + " ×" + n : code));
    int shown = Math.min(REASONS_SHOWN, reasons.size());
    return new VerdictsView.Cell(
        candidate,
        domain,
        outcome,
        outcome.toLowerCase(Locale.ROOT),
        String.join(", ", codeText),
        reasons.subList(0, shown),
        reasons.subList(shown, reasons.size()),
        v.map(Verdict::kindId).orElse(""),
        Anchors.domain(domain),
        v.map(x -> x.kinds().stream().map(ReasonKind::id).toList()).orElse(List.of()),
        headline(model, candidate, domain));
  }

  /**
   * The decisive number of a cell: the candidate's priority metric on the whole domain, and its
   * target met, missed or inside the interval, decided as the gate decides it ({@link
   * TargetDecision}).
   */
  static String headline(ReportModel model, String candidate, String domain) {
    MetricId metric = model.priorityMetric(domain);
    Optional<MetricValue> value =
        model.metric(new GroupKey(candidate, domain, SliceKey.OVERALL), null, metric);
    if (value.isEmpty() || Double.isNaN(value.get().value())) {
      return "";
    }
    String text = metric.id() + " " + Formats.fmt(value.get().value());
    boolean binary = model.isBinary(domain);
    for (Map.Entry<String, Double> t :
        new TreeMap<>(model.policies().apply(domain).targets()).entrySet()) {
      if (MetricId.forPolicy(t.getKey(), binary).orElse(null) == metric) {
        String vs =
            switch (TargetDecision.of(value.get(), t.getValue())) {
              case MET -> "met";
              case MISSED -> "missed";
              case INCONCLUSIVE -> "inside the interval";
            };
        text += ", target ≥ " + Formats.fmt(t.getValue()) + " " + vs;
      }
    }
    return text;
  }
}
