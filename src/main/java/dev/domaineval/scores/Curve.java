package dev.domaineval.scores;

import dev.domaineval.slice.GroupKey;
import java.util.List;

/**
 * One curve of one group, as written to the {@code curves} table and drawn in the report.
 *
 * @param group the model, domain and slice value whose scores the curve describes
 * @param kind which curve
 * @param points its points in drawing order (down-sampled, see {@link ThresholdMetrics})
 */
public record Curve(GroupKey group, Kind kind, List<CurvePoint> points) {
  public Curve {
    points = List.copyOf(points);
  }

  /** The curves of a binary group with scores; {@link #id()} is the {@code curve} column value. */
  public enum Kind {
    /** x: false positive rate, y: true positive rate. */
    ROC("roc"),
    /** x: recall, y: precision. */
    PR("pr"),
    /** x: mean predicted probability of a bin, y: fraction of positives in it. */
    CALIBRATION("calibration");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }
}
