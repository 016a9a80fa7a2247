package dev.domaineval.metrics;

import java.util.Objects;
import java.util.Optional;

/**
 * One metric of one group: a row of the metrics output table.
 *
 * @param cls the class of a per-class row; null for an aggregate row (for binary domains the
 *     aggregate {@code precision}, {@code recall} and {@code f1} rows are those of the positive
 *     class)
 * @param metric which metric
 * @param value a ratio in [0, 1] (MCC in [-1, 1]) or a count of examples; 0.0 where the denominator
 *     is 0 (see {@link Ratio})
 * @param ciLow inclusive lower bound of the 95 % Wilson interval, or null when there is none
 * @param ciHigh inclusive upper bound of the 95 % Wilson interval, or null when there is none
 * @param support number of examples behind the row: the class's support (row sum) for a per-class
 *     row, the group's total count N for an aggregate row
 */
public record MetricValue(
    String cls, MetricId metric, double value, Double ciLow, Double ciHigh, long support) {

  public MetricValue {
    Objects.requireNonNull(metric, "metric");
    if ((ciLow == null) != (ciHigh == null)) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid metric value %s of class %s: ciLow=%s but ciHigh=%s; give both bounds or"
                  + " neither",
              metric.id(), cls, ciLow, ciHigh));
    }
    if (support < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid metric value %s of class %s: support %d is negative; support is a number"
                  + " of examples",
              metric.id(), cls, support));
    }
  }

  /** A value without a confidence interval. */
  public static MetricValue of(String cls, MetricId metric, double value, long support) {
    return new MetricValue(cls, metric, value, null, null, support);
  }

  /** A value with the given interval, or without one when {@code interval} is empty. */
  public static MetricValue of(
      String cls,
      MetricId metric,
      double value,
      Optional<WilsonInterval.Interval> interval,
      long support) {
    return new MetricValue(
        cls,
        metric,
        value,
        interval.map(WilsonInterval.Interval::low).orElse(null),
        interval.map(WilsonInterval.Interval::high).orElse(null),
        support);
  }

  /** Whether this is an aggregate row (no class). */
  public boolean isAggregate() {
    return cls == null;
  }

  public boolean hasInterval() {
    return ciLow != null;
  }
}
