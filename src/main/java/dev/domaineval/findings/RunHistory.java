package dev.domaineval.findings;

import java.util.List;
import java.util.Optional;

/**
 * The published runs before this one under the same output path.
 *
 * @param runs the most recent published runs, oldest first (at most {@code history.runs})
 * @param reference the run this one is compared with: the pinned {@code history.reference-run}, or
 *     else the last published run; empty when there is none
 * @param pinned whether the reference was pinned by configuration
 */
public record RunHistory(List<PastRun> runs, Optional<PastRun> reference, boolean pinned) {
  public RunHistory {
    runs = List.copyOf(runs);
  }

  /** No earlier run. */
  public static RunHistory none() {
    return new RunHistory(List.of(), Optional.empty(), false);
  }

  public boolean isEmpty() {
    return runs.isEmpty() && reference.isEmpty();
  }
}
