package dev.domaineval.discovery;

/**
 * The parameters of one search (the {@code discovery.*} keys, once configured).
 *
 * @param maxPredicates the largest number of predicates of a slice (SliceLine's lattice level), at
 *     least 1; levels beyond the cube's number of dimensions do not exist
 * @param minSupport the fewest discovery-half examples a slice must have to be reported, at least 1
 * @param topK how many slices to keep per candidate, domain and error definition, at least 1
 * @param alpha the score's weight of the error rate against the size, in (0, 1]: 1 weighs only the
 *     error rate, lower values favour larger slices
 */
public record DiscoverySettings(int maxPredicates, long minSupport, int topK, double alpha) {
  public static final int DEFAULT_MAX_PREDICATES = 3;
  public static final int DEFAULT_TOP_K = 10;

  /**
   * 0.95 rather than SystemDS's 0.5: at 0.5 the size term dominates, and on a 10,000-example domain
   * a 1,000-example intersection with a third of its examples broken scores below zero while its
   * diluted single slices score higher ({@code DiscoveryPlantedTest}).
   */
  public static final double DEFAULT_ALPHA = 0.95;

  public DiscoverySettings {
    if (maxPredicates < 1) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid discovery max-predicates %d: expected an integer >= 1, such as %d",
              maxPredicates, DEFAULT_MAX_PREDICATES));
    }
    if (minSupport < 1) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid discovery min-support %d: expected a number of examples >= 1, such as 30",
              minSupport));
    }
    if (topK < 1) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid discovery top-k %d: expected an integer >= 1, such as %d",
              topK, DEFAULT_TOP_K));
    }
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid discovery alpha %s: expected a number in (0, 1], such as %s",
              alpha, DEFAULT_ALPHA));
    }
  }

  /** The defaults (3 predicates, top 10, alpha 0.95) with the given minimum support. */
  public static DiscoverySettings defaults(long minSupport) {
    return new DiscoverySettings(DEFAULT_MAX_PREDICATES, minSupport, DEFAULT_TOP_K, DEFAULT_ALPHA);
  }
}
