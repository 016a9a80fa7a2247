package dev.domaineval.discovery;

import java.util.List;
import java.util.Objects;

/**
 * One slice discovery found for a candidate, domain and error definition, with its confirmation: a
 * row of the {@code discovered_slices} table.
 *
 * <p>The size, errors, rates and score are those of the discovery half, on which the slice was
 * found (so the score can be recomputed from the row); {@code fixed}, {@code broken}, the
 * confirmation counts and the p-value are those of the confirmation half, on which it was tested.
 *
 * @param candidate the candidate model
 * @param domain the domain
 * @param error the error definition searched
 * @param rank 1 for the highest score of its candidate, domain and error definition
 * @param predicates its predicates, in the cube's dimension order
 * @param examples the slice's examples (ss), discovery half
 * @param errors the slice's errors (se) under {@code error}, discovery half
 * @param errorRate errors / examples, discovery half
 * @param domainErrorRate the domain's error rate under {@code error} (ē), discovery half
 * @param score the SliceLine score
 * @param fixed the slice's examples the baseline got wrong and the candidate right, confirmation
 *     half
 * @param broken the slice's examples the baseline got right and the candidate wrong, confirmation
 *     half
 * @param confirmationExamples the slice's examples, confirmation half
 * @param confirmationErrors the slice's errors under {@code error}, confirmation half
 * @param pValue the one-sided p-value of the confirmation test ({@link
 *     ErrorDefinition#confirmationPValue})
 * @param significant whether the Benjamini–Hochberg procedure over every slice found in the run
 *     rejects it; false until {@link SliceDiscovery#adjust} has run
 */
public record DiscoveredSlice(
    String candidate,
    String domain,
    ErrorDefinition error,
    int rank,
    List<Predicate> predicates,
    long examples,
    long errors,
    double errorRate,
    double domainErrorRate,
    double score,
    long fixed,
    long broken,
    long confirmationExamples,
    long confirmationErrors,
    double pValue,
    boolean significant) {

  public DiscoveredSlice {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(error, "error");
    predicates = List.copyOf(predicates);
    if (rank < 1 || predicates.isEmpty() || !(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid discovered slice of %s on %s: rank %d, %d predicates, p-value %s; expected"
                  + " a rank >= 1, at least one predicate and a p-value in [0, 1]",
              candidate, domain, rank, predicates.size(), pValue));
    }
  }

  /**
   * Its predicates joined by {@code AND}: {@code source = partner_api AND length_bucket = long}.
   */
  public String text() {
    return Predicate.text(predicates);
  }

  /** Its number of predicates. */
  public int level() {
    return predicates.size();
  }

  /** This slice with its Benjamini–Hochberg decision. */
  public DiscoveredSlice withSignificant(boolean isSignificant) {
    return new DiscoveredSlice(
        candidate,
        domain,
        error,
        rank,
        predicates,
        examples,
        errors,
        errorRate,
        domainErrorRate,
        score,
        fixed,
        broken,
        confirmationExamples,
        confirmationErrors,
        pValue,
        isSignificant);
  }
}
