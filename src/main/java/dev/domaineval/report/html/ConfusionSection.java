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
 * Each model's confusion matrix on a domain's overall slice, as a heat map (actual rows, predicted
 * columns, invalid predictions as a last column when there are any), then each candidate's change
 * against the baseline. Every cell prints its count, its share of the row (recall's view) and of
 * the column (precision's view); the shade follows the share the domain's priority reads, and the
 * cell that priority makes costly in a binary domain is marked: a missed positive (actual positive,
 * predicted negative) when the priority is recall, a false alarm (actual negative, predicted
 * positive) when it is precision. The shade stays light enough for dark text (WCAG AA).
 */
final class ConfusionSection {
  /** The strongest shade: dark text on it keeps a contrast above 4.5:1. */
  private static final double MAX_ALPHA = 0.55;

  private ConfusionSection() {}

  static List<DomainView.Matrix> build(ReportModel model, String domain) {
    List<DomainView.Matrix> out = new ArrayList<>();
    boolean byColumn = model.policies().apply(domain).priority().equals("precision");
    String positive = model.positiveClasses().get(domain);
    ConfusionMatrix base =
        model.matrices().get(new GroupKey(model.baseline(), domain, SliceKey.OVERALL));
    List<ConfusionMatrix> all = new ArrayList<>();
    for (String m : model.models()) {
      ConfusionMatrix cm = model.matrices().get(new GroupKey(m, domain, SliceKey.OVERALL));
      if (cm != null) {
        out.add(matrix(m, cm, byColumn, positive));
      }
    }
    if (base != null) {
      for (String c : model.candidates()) {
        ConfusionMatrix cm = model.matrices().get(new GroupKey(c, domain, SliceKey.OVERALL));
        if (cm != null) {
          out.add(difference(c, model.baseline(), base, cm));
        }
      }
    }
    return out;
  }

  private static List<String> predicted(ConfusionMatrix cm) {
    List<String> predicted = new ArrayList<>(cm.classes());
    for (String nonAnswer : ConfusionMatrix.NON_ANSWERS) {
      if (cm.predictedCount(nonAnswer) > 0) {
        predicted.add(nonAnswer);
      }
    }
    return predicted;
  }

  private static DomainView.Matrix matrix(
      String model, ConfusionMatrix cm, boolean byColumn, String positive) {
    List<String> predicted = predicted(cm);
    List<DomainView.MatrixRow> rows = new ArrayList<>();
    for (String a : cm.actualClasses()) {
      long support = cm.support(a);
      List<DomainView.MatrixCell> cells = new ArrayList<>();
      for (String p : predicted) {
        long n = cm.count(a, p);
        long column = columnTotal(cm, p);
        double rowShare = support == 0 ? 0 : (double) n / support;
        double columnShare = column == 0 ? 0 : (double) n / column;
        double shade = byColumn ? columnShare : rowShare;
        // One blue hue whose strength is the share the priority reads: readable for every colour
        // vision, and the numbers are printed in every cell anyway.
        String style =
            String.format(
                Locale.ROOT, "background:rgba(0,114,178,%.3f)", 0.04 + (MAX_ALPHA - 0.04) * shade);
        boolean costly = positive != null && costly(a, p, positive, byColumn);
        cells.add(
            new DomainView.MatrixCell(
                count(n),
                percent(rowShare),
                column == 0 ? "—" : percent(columnShare),
                style,
                costly ? "costly" : "",
                String.format(
                    Locale.ROOT,
                    "actual %s, predicted %s: %s examples, %s of the actual %s, %s of the predicted"
                        + " %s%s",
                    a,
                    p,
                    count(n),
                    percent(rowShare),
                    a,
                    column == 0 ? "—" : percent(columnShare),
                    p,
                    costly
                        ? byColumn
                            ? " (false alarms: costly where precision comes first)"
                            : " (missed cases: costly where recall comes first)"
                        : "")));
      }
      rows.add(new DomainView.MatrixRow(a, count(support), cells));
    }
    return new DomainView.Matrix(
        model,
        predicted,
        rows,
        model
            + ": actual (rows) × predicted (columns); count, row % and column %; shaded by "
            + (byColumn ? "column % (precision comes first)" : "row % (recall comes first)"),
        false);
  }

  /** The candidate's counts minus the baseline's, cell by cell, over the union of their columns. */
  private static DomainView.Matrix difference(
      String candidate, String baseline, ConfusionMatrix base, ConfusionMatrix cand) {
    List<String> predicted = predicted(cand);
    for (String p : predicted(base)) {
      if (!predicted.contains(p)) {
        predicted.add(p);
      }
    }
    List<DomainView.MatrixRow> rows = new ArrayList<>();
    for (String a : cand.actualClasses()) {
      List<DomainView.MatrixCell> cells = new ArrayList<>();
      for (String p : predicted) {
        long d = cell(cand, a, p) - cell(base, a, p);
        boolean right = a.equals(p);
        // More examples on the diagonal, or fewer off it, is a gain.
        String css = d == 0 ? "" : (d > 0) == right ? "gain" : "loss";
        cells.add(
            new DomainView.MatrixCell(
                d == 0 ? "0" : Formats.signedCount(d),
                "",
                "",
                "",
                css,
                String.format(
                    Locale.ROOT,
                    "actual %s, predicted %s: %s examples with %s than with %s",
                    a,
                    p,
                    Formats.signedCount(d),
                    candidate,
                    baseline)));
      }
      rows.add(new DomainView.MatrixRow(a, count(cand.support(a)), cells));
    }
    return new DomainView.Matrix(
        candidate + " − " + baseline,
        predicted,
        rows,
        candidate
            + " − "
            + baseline
            + ": change of each count (green: more right or fewer wrong, red: fewer right or more"
            + " wrong)",
        true);
  }

  private static long cell(ConfusionMatrix cm, String actual, String predicted) {
    return cm.actualClasses().contains(actual) ? cm.count(actual, predicted) : 0;
  }

  private static long columnTotal(ConfusionMatrix cm, String predicted) {
    long total = 0;
    for (String a : cm.actualClasses()) {
      total += cm.count(a, predicted);
    }
    return total;
  }

  /** The cell a binary domain's priority makes costly. */
  private static boolean costly(
      String actual, String predicted, String positive, boolean byColumn) {
    return byColumn
        ? !actual.equals(positive) && predicted.equals(positive)
        : actual.equals(positive) && !predicted.equals(positive);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
