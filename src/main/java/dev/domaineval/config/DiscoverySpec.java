package dev.domaineval.config;

/**
 * Section {@code discovery}: the search for slices nobody configured (SliceLine over the pass's
 * finest-grain counts, confirmed on the held-out half of the examples).
 *
 * @param enabled whether the run searches (on by default)
 * @param maxPredicates the most predicates of a found slice (the lattice level)
 * @param minSupport the fewest discovery-half examples of a found slice; 0 takes each domain
 *     policy's {@code min-support}
 * @param topK slices kept per candidate, domain and error definition
 * @param alpha the score's weight of the error rate against the size, in (0, 1]
 * @param gate whether a significant {@code broken} slice gates like a REGRESSION
 */
public record DiscoverySpec(
    boolean enabled, int maxPredicates, long minSupport, int topK, double alpha, boolean gate) {

  /** The default search (SliceLine's level 3, top 10, alpha 0.95, the policies' min-support). */
  public static final DiscoverySpec DEFAULTS = new DiscoverySpec(true, 3, 0, 10, 0.95, false);

  /** No search. */
  public static final DiscoverySpec OFF = new DiscoverySpec(false, 3, 0, 10, 0.95, false);

  /** The minimum support of a domain whose policy requires {@code policyMinSupport}. */
  public long minSupport(long policyMinSupport) {
    return minSupport > 0 ? minSupport : Math.max(1, policyMinSupport);
  }
}
