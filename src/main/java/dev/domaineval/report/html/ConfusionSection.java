package dev.domaineval.report.html;

import static dev.domaineval.report.html.Formats.count;

import dev.domaineval.metrics.ConfusionMatrix;
import dev.domaineval.report.html.view.DomainView;
import dev.domaineval.slice.GroupKey;
import dev.domaineval.slice.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Each model's confusion matrix on a domain's overall slice, as a heat map: counts and row shares
 * (actual rows, predicted columns, invalid predictions as a last column when there are any).
 */
final class ConfusionSection {
  private ConfusionSection() {}

  static List<DomainView.Matrix> build(ReportModel model, String domain) {
    List<DomainView.Matrix> out = new ArrayList<>();
    for (String m : model.models()) {
      ConfusionMatrix cm = model.matrices().get(new GroupKey(m, domain, SliceKey.OVERALL));
      if (cm != null) {
        out.add(matrix(m, cm));
      }
    }
    return out;
  }

  private static DomainView.Matrix matrix(String model, ConfusionMatrix cm) {
    List<String> predicted = new ArrayList<>(cm.classes());
    if (cm.invalidCount() > 0) {
      predicted.add(ConfusionMatrix.INVALID);
    }
    List<DomainView.MatrixRow> rows = new ArrayList<>();
    for (String a : cm.actualClasses()) {
      long support = cm.support(a);
      List<DomainView.MatrixCell> cells = new ArrayList<>();
      for (String p : predicted) {
        long n = cm.count(a, p);
        double share = support == 0 ? 0 : (double) n / support;
        // One blue hue whose strength is the row share: readable for every colour vision, and the
        // numbers are printed in every cell anyway.
        String style =
            String.format(Locale.ROOT, "background:rgba(0,114,178,%.3f)", 0.06 + 0.94 * share);
        cells.add(
            new DomainView.MatrixCell(
                count(n), String.format(Locale.ROOT, "%.1f%%", 100 * share), style, share > 0.5));
      }
      rows.add(new DomainView.MatrixRow(a, count(support), cells));
    }
    return new DomainView.Matrix(model, predicted, rows);
  }
}
