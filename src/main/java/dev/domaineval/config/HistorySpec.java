package dev.domaineval.config;

import java.util.Optional;

/**
 * Which earlier runs under the same output path the report and {@code REGRESSION_VS_LAST_RUN} look
 * at. Only published runs (with a {@code _runs/run_id=<id>/_SUCCESS} marker) count.
 *
 * @param runs how many of the most recent published runs the report's trends show; 0 turns history
 *     off
 * @param referenceRun the accepted run this one is compared with; empty: the last published run
 */
public record HistorySpec(int runs, Optional<String> referenceRun) {
  /** The default: 30 runs, compared with the last one. */
  public static final HistorySpec DEFAULT = new HistorySpec(30, Optional.empty());
}
