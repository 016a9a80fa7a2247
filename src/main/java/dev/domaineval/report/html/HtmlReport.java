package dev.domaineval.report.html;

import dev.domaineval.report.html.render.HtmlRenderer;
import dev.domaineval.report.html.view.ReportView;
import java.util.List;

/**
 * A run's self-contained {@code report.html}: verdict first, then per domain the comparison,
 * confusion matrices and charts, the worst slices, the history of earlier runs, and the inputs.
 *
 * <p>Each section of the page builds its part of the {@link ReportView} from the run's results
 * ({@link ReportModel}); the {@link HtmlRenderer} turns the view into the page and knows nothing of
 * the run.
 */
public final class HtmlReport {
  /** The most slice rows the slice table shows (the worst ones); the rest are in Parquet. */
  public static final int DEFAULT_MAX_SLICE_ROWS = 300;

  /** The most findings the findings list shows (the most severe); the rest are in Parquet. */
  public static final int DEFAULT_MAX_FINDINGS = 300;

  private static final HtmlRenderer RENDERER = new HtmlRenderer();

  private final int maxSliceRows;
  private final int maxFindings;

  /** A report with the default limits. */
  public HtmlReport() {
    this(DEFAULT_MAX_SLICE_ROWS, DEFAULT_MAX_FINDINGS);
  }

  /** A report that shows at most this many slice rows and findings. */
  public HtmlReport(int maxSliceRows, int maxFindings) {
    this.maxSliceRows = maxSliceRows;
    this.maxFindings = maxFindings;
  }

  /** Renders the report. */
  public String render(ReportModel model) {
    return RENDERER.render(view(model));
  }

  /** What the report shows, section by section, in the order of the page. */
  public ReportView view(ReportModel model) {
    List<String> domains = model.domains();
    return new ReportView(
        HeaderSection.build(model),
        VerdictSection.build(model, domains),
        FindingsSection.build(model, maxFindings),
        domains.stream().map(d -> DomainSection.build(model, d)).toList(),
        SliceSection.build(model, maxSliceRows),
        DiscoverySection.build(model),
        HistorySection.build(model, domains),
        InputsSection.build(model));
  }
}
