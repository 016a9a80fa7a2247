/**
 * Metric math from confusion counts: pure Java, no Spark.
 *
 * <p>Spark produces counts ({@link dev.domaineval.metrics.ConfusionMatrix}, one per model × domain
 * × slice value); this package turns them into {@link dev.domaineval.metrics.MetricValue}s. The
 * definitions are those of scikit-learn with {@code zero_division=0}, which coincide with Spark
 * MLlib's {@code MulticlassMetrics} wherever both define a metric. The zero-denominator policy
 * lives in one place, {@link dev.domaineval.metrics.Ratio#of(double, double)}.
 */
package dev.domaineval.metrics;
