package dev.domaineval.report.html;

import dev.domaineval.findings.Finding;
import dev.domaineval.report.html.view.FindingsView;
import java.util.List;

/** The findings, most severe first, as many as the page shows. */
final class FindingsSection {
  private FindingsSection() {}

  static FindingsView build(ReportModel model, int maxFindings) {
    List<Finding> findings = model.assessment().findings();
    return new FindingsView(
        findings.stream().limit(maxFindings).map(FindingsSection::row).toList(),
        findings.size(),
        model.outputs().getOrDefault("findings", "findings"));
  }

  private static FindingsView.Row row(Finding f) {
    return new FindingsView.Row(
        f.severity().name(),
        f.code().name(),
        f.model() == null ? "all models" : f.model(),
        f.domain(),
        f.slice().isOverall() ? "overall" : f.slice().slice() + " = " + f.slice().value(),
        f.message());
  }
}
