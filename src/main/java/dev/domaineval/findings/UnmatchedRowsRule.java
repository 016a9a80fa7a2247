package dev.domaineval.findings;

import dev.domaineval.counts.Reason;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code UNMATCHED_ROWS}, from the reconciliation counts of the labels and the predictions:
 * labelled examples a model has no prediction for (warn, per model; they count as invalid),
 * predictions without a label row (info, per model) and label rows without a label or without a
 * domain (info).
 */
final class UnmatchedRowsRule implements FindingRule {
  private static final String MISSING_PREDICTION =
      Reason.MISSING_PREDICTION.id() + Reason.DETAIL_SEPARATOR;

  @Override
  public List<Finding> findings(Evidence e) {
    long usable = 0;
    Map<String, Long> missing = new TreeMap<>();
    Map<String, Long> orphans = new TreeMap<>();
    long nullLabels = 0;
    long nullDomains = 0;
    for (Evidence.InputCount c : e.inputs()) {
      if (c.table().equals("labels")) {
        if (c.reason().equals(Reason.PREDICTED_BY_ALL_MODELS.id())) {
          usable += c.rows();
        } else if (c.reason().startsWith(MISSING_PREDICTION)) {
          usable += c.rows();
          for (String m : c.reason().substring(MISSING_PREDICTION.length()).split(",")) {
            missing.merge(m, c.rows(), Long::sum);
          }
        } else if (c.reason().equals(Reason.NULL_LABEL.id())) {
          nullLabels += c.rows();
        } else if (c.reason().equals(Reason.NULL_DOMAIN.id())) {
          nullDomains += c.rows();
        }
      } else if (c.reason().equals(Reason.NO_LABEL.id()) && c.model() != null) {
        orphans.merge(c.model(), c.rows(), Long::sum);
      }
    }
    List<Finding> findings = new ArrayList<>();
    final long labelled = usable;
    missing.forEach(
        (model, n) ->
            findings.add(
                new Finding(
                    Severity.WARN,
                    FindingCode.UNMATCHED_ROWS,
                    model,
                    SliceKey.POOLED,
                    SliceKey.OVERALL,
                    String.format(
                        Locale.ROOT,
                        "%s has no prediction for %d of %d labelled examples (%.2f %%); they count"
                            + " as (invalid). Check that the model's predictions are complete.",
                        model,
                        n,
                        labelled,
                        100.0 * n / labelled))));
    orphans.forEach(
        (model, n) ->
            findings.add(
                new Finding(
                    Severity.INFO,
                    FindingCode.UNMATCHED_ROWS,
                    model,
                    SliceKey.POOLED,
                    SliceKey.OVERALL,
                    String.format(
                        Locale.ROOT,
                        "%d predictions of %s have no label row; they are excluded (reconciliation"
                            + " reason no_label).",
                        n,
                        model))));
    if (nullLabels > 0) {
      findings.add(excludedLabelRows(nullLabels, "label", Reason.NULL_LABEL));
    }
    if (nullDomains > 0) {
      findings.add(excludedLabelRows(nullDomains, "domain", Reason.NULL_DOMAIN));
    }
    return findings;
  }

  /** Label rows without a usable label or domain, excluded under their reason (info). */
  private static Finding excludedLabelRows(long rows, String column, Reason reason) {
    return new Finding(
        Severity.INFO,
        FindingCode.UNMATCHED_ROWS,
        null,
        SliceKey.POOLED,
        SliceKey.OVERALL,
        String.format(
            Locale.ROOT,
            "%d label rows have a null or blank %s; they are excluded (reason %s).",
            rows,
            column,
            reason.id()));
  }
}
