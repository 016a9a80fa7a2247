package dev.domaineval.findings;

import dev.domaineval.metrics.MetricValue;
import dev.domaineval.slice.GroupKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An earlier, published run of the same job, as far as history needs it.
 *
 * @param runId its run id
 * @param publishedAt when it was published (its summary's {@code published_at}), UTC
 * @param metrics the metrics of the overall slice of every model and domain it evaluated
 */
public record PastRun(String runId, Instant publishedAt, Map<GroupKey, List<MetricValue>> metrics) {
  public PastRun {
    metrics = Map.copyOf(metrics);
  }
}
