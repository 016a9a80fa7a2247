package dev.domaineval.report.html.view;

import java.util.List;

/**
 * Everything the report page prints, in the order of the page, already formatted: the template only
 * places and escapes these values. Built from a run's results by the sections of {@code
 * report.html}; knows nothing of the run itself.
 *
 * @param header the title, the run's verdict and finding counts, the rows read
 * @param verdicts the candidate × domain verdict matrix and its reasons
 * @param findings the most severe findings
 * @param domains per domain, in the order of the verdict matrix's columns
 * @param slices the worst slice rows
 * @param discovery the slices discovery found
 * @param history trends over earlier runs and the change since the reference run
 * @param inputs the input tables, their reconciliation and where the full data is
 */
public record ReportView(
    HeaderView header,
    VerdictsView verdicts,
    FindingsView findings,
    List<DomainView> domains,
    SlicesView slices,
    DiscoveryView discovery,
    HistoryView history,
    InputsView inputs) {

  public ReportView {
    domains = List.copyOf(domains);
  }
}
