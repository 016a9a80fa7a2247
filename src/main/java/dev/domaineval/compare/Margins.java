package dev.domaineval.compare;

import dev.domaineval.metrics.MetricId;

/**
 * The margin of a comparison: the smallest absolute change of a metric on a domain that matters
 * ({@code policy.margin}, per domain, and per metric under {@code margins}).
 */
@FunctionalInterface
public interface Margins {
  /** The margin of {@code metric} on {@code domain} ({@code *} for the pooled domain), >= 0. */
  double of(String domain, MetricId metric);

  /** The same margin everywhere. */
  static Margins uniform(double margin) {
    return (domain, metric) -> margin;
  }
}
