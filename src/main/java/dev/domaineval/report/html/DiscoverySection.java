package dev.domaineval.report.html;

import dev.domaineval.config.SliceSpec;
import dev.domaineval.discovery.DiscoveredSlice;
import dev.domaineval.discovery.ErrorDefinition;
import dev.domaineval.report.html.view.DiscoveryView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the section of the slices discovery found. */
final class DiscoverySection {
  /** The top slices shown per candidate, domain and error definition (all significant ones too). */
  static final int TOP = 3;

  private DiscoverySection() {}

  static DiscoveryView build(ReportModel model) {
    ReportModel.Discovery d = model.discovery();
    Map<String, SliceSpec> slices = model.slicesByName();
    List<DiscoveryView.Row> rows = new ArrayList<>();
    for (DiscoveredSlice s : d.slices()) {
      if (!s.significant() && s.rank() > TOP) {
        continue;
      }
      boolean broken = s.error() == ErrorDefinition.BROKEN;
      rows.add(
          new DiscoveryView.Row(
              s.candidate(),
              s.domain(),
              s.error().id(),
              s.rank(),
              s.text(),
              Formats.count(s.examples()),
              Formats.count(s.errors()) + " (" + Formats.fmt(s.errorRate()) + ")",
              Formats.fmt(s.domainErrorRate()),
              broken
                  ? Formats.count(s.broken()) + " broken vs " + Formats.count(s.fixed()) + " fixed"
                  : Formats.count(s.confirmationErrors())
                      + " of "
                      + Formats.count(s.confirmationExamples())
                      + " wrong",
              Formats.pValue(s.pValue()),
              s.significant() ? "significant" : "not significant",
              !s.significant() ? "" : d.gate() && broken ? "gate-fail" : "gate-warn",
              ExampleFilter.discovered(
                      s.candidate(),
                      s.domain(),
                      s.predicates(),
                      s.error(),
                      model.baseline(),
                      slices)
                  .orElse("")));
    }
    return new DiscoveryView(
        d.enabled(),
        String.join(", ", d.searched()),
        String.join(", ", d.leftOut()),
        rows,
        d.slices().size(),
        model.outputs().getOrDefault("discovered_slices", "discovered_slices"));
  }
}
